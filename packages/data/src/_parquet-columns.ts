import type { DuckDBDataChunk } from '@duckdb/node-api'
import bindings from '@duckdb/node-bindings'
import { createByteDict, hashBytes, internBytes, type ByteDict } from './_byte-dict.ts'
import { DataError } from './errors.ts'
import type { Column, NumberColumn } from './table.ts'

/**
 * How a result column's vectors are read: the SQL casts every column to one of these. 'int64'
 * and 'wide' are integers cast to DOUBLE and checked for exactness; an 'int64' beyond ±(2^53 - 1)
 * is reported with its digits, a 'wide' one (UBIGINT, HUGEINT) roughly.
 */
export type VectorRead = 'double' | 'int32' | 'int64' | 'wide' | 'boolean' | 'text'

/** A column being filled from DuckDB vectors, `rowCount` rows long. */
export type VectorColumn = {
  readonly name: string
  readonly read: VectorRead
  readonly type: Column['type']
  readonly values: Float64Array | null
  missing: Uint8Array | null
  /** Missing cells counted as they are read. */
  nullCount: number
  readonly codes: Int32Array | null
  readonly dict: ByteDict | null
  /** Codes of short strings by DuckDB's 16-byte record of them, so most cells skip hashing. */
  readonly records: RecordCodes | null
}

/**
 * Open addressing over whole string records: five int32 per slot (length + 1, 0 = empty; the
 * three words of inline bytes; the code). A record holds a string of up to 12 bytes entirely.
 */
type RecordCodes = { slots: Int32Array; count: number }

/**
 * Where one chunk's rows go: triples of (first row in the chunk, end, first table row). A chunk
 * read in order is one run; a chunk placed by its row numbers usually is too.
 */
export type RowRuns = readonly number[]

/** An integer too large for a double, as the double it became; the lowest row, then column. */
export type Beyond = { readonly row: number; readonly column: number; readonly value: number }

/** What reading chunks shares: the columns and the first integer a double cannot hold. */
export type ChunkReader = {
  readonly columns: readonly VectorColumn[]
  readonly file: string
  beyond: Beyond | null
}

export function createVectorColumn(
  name: string,
  read: VectorRead,
  type: Column['type'],
  rowCount: number,
): VectorColumn {
  const text = read === 'text'
  return {
    name,
    read,
    type,
    values: text ? null : new Float64Array(rowCount),
    missing: null,
    nullCount: 0,
    codes: text ? new Int32Array(rowCount).fill(-1) : null,
    dict: text ? createByteDict() : null,
    records: text ? { slots: new Int32Array(5 * 64), count: 0 } : null,
  }
}

/** Largest integer a double holds exactly together with all integers below it (2^53 - 1). */
const MAX_EXACT = Number.MAX_SAFE_INTEGER
const TWO_32 = 4294967296

/**
 * The runs of a chunk whose column `index` holds each row's number in the file (BIGINT):
 * consecutive numbers make one run. Refuses rows outside the `rowCount` the metadata gives.
 */
export function rowRuns(
  chunk: DuckDBDataChunk,
  index: number,
  rows: number,
  rowCount: number,
  file: string,
): RowRuns {
  const data = bindings.vector_get_data(
    bindings.data_chunk_get_vector(chunk.chunk, index),
    rows * 8,
  )
  const words = new Int32Array(data.buffer, data.byteOffset, rows * 2)
  const runs: number[] = []
  let from = 0
  while (from < rows) {
    const first = (words[2 * from + 1] as number) * TWO_32 + ((words[2 * from] as number) >>> 0)
    let to = from + 1
    while (
      to < rows &&
      (words[2 * to + 1] as number) * TWO_32 + ((words[2 * to] as number) >>> 0) ===
        first + (to - from)
    ) {
      to++
    }
    if (!(first >= 0 && first + (to - from) <= rowCount)) {
      throw new DataError(
        'the file holds more rows than its metadata counts; it is not a valid Parquet file, so write it again',
        { file },
      )
    }
    runs.push(from, to, first)
    from = to
  }
  return runs
}

/**
 * Copies one chunk's first `reader.columns.length` vectors into the columns where `runs` say.
 * Reads the vectors' memory directly: data as typed-array views, the validity mask as bits (bit
 * i of the little-endian words is row i), strings from DuckDB's 16-byte string records (length,
 * then up to 12 bytes inline or a 4-byte prefix and a pointer).
 */
export function readChunk(
  chunk: DuckDBDataChunk,
  rows: number,
  reader: ChunkReader,
  runs: RowRuns,
): void {
  const columns = reader.columns
  const validityBytes = ((rows + 63) >> 6) * 8
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as VectorColumn
    const vector = bindings.data_chunk_get_vector(chunk.chunk, c)
    const validity = bindings.vector_get_validity(vector, validityBytes) as Uint8Array | null
    if (column.read === 'text') {
      const data = bindings.vector_get_data(vector, rows * 16)
      for (let r = 0; r < runs.length; r += 3) {
        readText(
          column,
          data,
          validity,
          runs[r] as number,
          runs[r + 1] as number,
          runs[r + 2] as number,
        )
      }
      continue
    }
    const values = column.values as Float64Array
    let source: Float64Array | Int32Array | Uint8Array
    if (column.read === 'int32') {
      const data = bindings.vector_get_data(vector, rows * 4)
      source = new Int32Array(data.buffer, data.byteOffset, rows)
    } else if (column.read === 'boolean') {
      // DuckDB's bool is one byte on every platform it ships for (bindings.sizeof_bool).
      source = bindings.vector_get_data(vector, rows)
    } else {
      const data = bindings.vector_get_data(vector, rows * 8)
      source = new Float64Array(data.buffer, data.byteOffset, rows)
    }
    for (let r = 0; r < runs.length; r += 3) {
      const from = runs[r] as number
      const to = runs[r + 1] as number
      const at = (runs[r + 2] as number) - from
      values.set(source.subarray(from, to), at + from)
      if (validity != null) markNulls(column, values, validity, from, to, at)
      if (column.read === 'int64' || column.read === 'wide') checkExact(reader, c, from, to, at)
    }
  }
}

/** Marks the rows whose validity bit is clear; whole bytes of valid rows are skipped at once. */
function markNulls(
  column: VectorColumn,
  values: Float64Array,
  validity: Uint8Array,
  from: number,
  to: number,
  at: number,
): void {
  for (let i = from; i < to; i++) {
    const bits = validity[i >> 3] as number
    if (bits === 0xff && (i & 7) === 0) {
      i += 7
      continue
    }
    if ((bits & (1 << (i & 7))) !== 0) continue
    column.nullCount++
    values[at + i] = NaN
    const missing = column.missing ?? (column.missing = new Uint8Array(values.length))
    missing[at + i] = 1
  }
}

/**
 * Notes the first integer a double cannot hold exactly. Integer columns arrive cast to DOUBLE,
 * which keeps every value within ±(2^53 - 1) and rounds every other to at least 2^53 in size,
 * so comparing the doubles finds exactly the integers beyond.
 */
function checkExact(reader: ChunkReader, c: number, from: number, to: number, at: number): void {
  const column = reader.columns[c] as VectorColumn
  const values = column.values as Float64Array
  const missing = column.missing
  for (let i = from; i < to; i++) {
    const value = values[at + i] as number
    // NaN (a null) fails both comparisons.
    if (value <= MAX_EXACT && value >= -MAX_EXACT) continue
    if (missing != null && missing[at + i] === 1) continue
    const row = at + i
    const first = reader.beyond
    if (first == null || row < first.row || (row === first.row && c < first.column)) {
      reader.beyond = { row, column: c, value }
    }
    return
  }
}

/** The error for the integer `checkExact` noted: `exact` is its digits when known. */
export function beyondError(reader: ChunkReader, beyond: Beyond, exact: string | null): DataError {
  const about = `about ${beyond.value.toLocaleString('en-US', { useGrouping: false })}`
  return new DataError(
    `holds the integer ${exact ?? about}, beyond ±(2^53 - 1) where a double stops holding every integer exactly; read the column as "string" with the types option, or keep its values within that range`,
    {
      file: reader.file,
      row: beyond.row,
      column: (reader.columns[beyond.column] as VectorColumn).name,
    },
  )
}

function readText(
  column: VectorColumn,
  data: Uint8Array,
  validity: Uint8Array | null,
  from: number,
  to: number,
  first: number,
): void {
  const codes = column.codes as Int32Array
  const dict = column.dict as ByteDict
  const records = column.records as RecordCodes
  const words = new Int32Array(data.buffer, data.byteOffset, data.length >> 2)
  const at = first - from
  let slots = records.slots
  let mask = slots.length / 5 - 1
  for (let i = from; i < to; i++) {
    if (validity != null && ((validity[i >> 3] as number) & (1 << (i & 7))) === 0) {
      column.nullCount++
      continue
    }
    const length = words[4 * i] as number
    if (length <= 12) {
      const a = words[4 * i + 1] as number
      const b = words[4 * i + 2] as number
      const d = words[4 * i + 3] as number
      let s = recordHash(length, a, b, d) & mask
      let code = -1
      for (;;) {
        const p = 5 * s
        const key = slots[p] as number
        if (key === 0) break
        if (key === length + 1 && slots[p + 1] === a && slots[p + 2] === b && slots[p + 3] === d) {
          code = slots[p + 4] as number
          break
        }
        s = (s + 1) & mask
      }
      if (code < 0) {
        // A record not seen before. The code comes from the string's bytes alone, so two
        // records of one string (were the bytes past it not zero) share it.
        const start = 16 * i + 4
        code = internBytes(
          dict,
          data,
          start,
          start + length,
          hashBytes(data, start, start + length),
        )
        addRecord(records, s, length, a, b, d, code)
        slots = records.slots
        mask = slots.length / 5 - 1
      }
      codes[at + i] = code
    } else {
      const bytes = bindings.get_data_from_pointer(
        data.buffer as ArrayBuffer,
        data.byteOffset + 16 * i + 8,
        length,
      )
      codes[at + i] = internBytes(dict, bytes, 0, length, hashBytes(bytes, 0, length))
    }
  }
}

function recordHash(length: number, a: number, b: number, d: number): number {
  const h = Math.imul(length ^ a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35)
  return h ^ (h >>> 15)
}

function addRecord(
  records: RecordCodes,
  slot: number,
  length: number,
  a: number,
  b: number,
  d: number,
  code: number,
): void {
  let slots = records.slots
  const p = 5 * slot
  slots[p] = length + 1
  slots[p + 1] = a
  slots[p + 2] = b
  slots[p + 3] = d
  slots[p + 4] = code
  records.count++
  // At most half full, so probes stay short.
  if (records.count * 2 <= slots.length / 5) return
  const old = slots
  slots = records.slots = new Int32Array(old.length * 2)
  const mask = slots.length / 5 - 1
  for (let q = 0; q < old.length; q += 5) {
    if (old[q] === 0) continue
    const length = (old[q] as number) - 1
    let s = recordHash(length, old[q + 1] as number, old[q + 2] as number, old[q + 3] as number)
    s &= mask
    while (slots[5 * s] !== 0) s = (s + 1) & mask
    slots.set(old.subarray(q, q + 5), 5 * s)
  }
}

export function finishVectorColumn(column: VectorColumn): Column {
  if (column.read === 'text') {
    const codes = column.codes as Int32Array
    return {
      name: column.name,
      type: 'string',
      codes,
      dictionary: firstSeenOrder(codes, (column.dict as ByteDict).strings),
      nullCount: column.nullCount,
    }
  }
  return {
    name: column.name,
    type: column.type as NumberColumn['type'],
    values: column.values as Float64Array,
    missing: column.missing,
    nullCount: column.nullCount,
  }
}

/**
 * The dictionary in the order its values first occur in the rows, with `codes` renumbered to
 * match: chunks placed by row number arrive in any order, and the table must not depend on it.
 */
function firstSeenOrder(codes: Int32Array, strings: readonly string[]): readonly string[] {
  const renumber = new Int32Array(strings.length).fill(-1)
  let next = 0
  let moved = false
  for (let i = 0; i < codes.length && next < strings.length; i++) {
    const code = codes[i] as number
    if (code < 0 || (renumber[code] as number) >= 0) continue
    if (code !== next) moved = true
    renumber[code] = next++
  }
  if (!moved && next === strings.length) return strings
  // Every value comes from some cell, so none is left unseen; any that were would go last.
  for (let code = 0; code < strings.length; code++) {
    if ((renumber[code] as number) < 0) renumber[code] = next++
  }
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number
    if (code >= 0) codes[i] = renumber[code] as number
  }
  const ordered = new Array<string>(strings.length)
  for (let code = 0; code < strings.length; code++) {
    ordered[renumber[code] as number] = strings[code] as string
  }
  return ordered
}
