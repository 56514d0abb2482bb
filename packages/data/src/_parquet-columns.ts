import type { DuckDBDataChunk } from '@duckdb/node-api'
import bindings from '@duckdb/node-bindings'
import { createByteDict, hashBytes, internBytes, type ByteDict } from './_byte-dict.ts'
import { DataError } from './errors.ts'
import type { Column, NumberColumn } from './table.ts'

/** How a result column's vectors are read: the SQL casts every column to one of these. */
export type VectorRead = 'double' | 'int32' | 'int64' | 'wide' | 'boolean' | 'text'

/** A column being filled from DuckDB vectors, `rowCount` rows long. */
export type VectorColumn = {
  readonly name: string
  readonly read: VectorRead
  readonly type: Column['type']
  readonly values: Float64Array | null
  missing: Uint8Array | null
  readonly codes: Int32Array | null
  readonly dict: ByteDict | null
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
    codes: text ? new Int32Array(rowCount).fill(-1) : null,
    dict: text ? createByteDict() : null,
  }
}

/** Largest integer a double holds exactly together with all integers below it (2^53 - 1). */
const MAX_EXACT = Number.MAX_SAFE_INTEGER
const TWO_32 = 4294967296

/**
 * Copies one chunk into the columns at row `offset`. Reads the vectors' memory directly:
 * data as typed-array views, the validity mask as bits (bit i of the little-endian words is
 * row i), strings from DuckDB's 16-byte string records (length, then up to 12 bytes inline
 * or a 4-byte prefix and a pointer).
 */
export function readChunk(
  chunk: DuckDBDataChunk,
  columns: readonly VectorColumn[],
  offset: number,
  file: string,
): void {
  const rows = chunk.rowCount
  const validityBytes = ((rows + 63) >> 6) * 8
  for (let c = 0; c < columns.length; c++) {
    let words: Int32Array | null = null
    const column = columns[c] as VectorColumn
    const vector = bindings.data_chunk_get_vector(chunk.chunk, c)
    const validity = bindings.vector_get_validity(vector, validityBytes) as Uint8Array | null
    if (column.read === 'text') {
      readText(column, bindings.vector_get_data(vector, rows * 16), validity, rows, offset)
      continue
    }
    const values = column.values as Float64Array
    switch (column.read) {
      case 'double':
      case 'wide': {
        const data = bindings.vector_get_data(vector, rows * 8)
        values.set(new Float64Array(data.buffer, data.byteOffset, rows), offset)
        break
      }
      case 'int32': {
        const data = bindings.vector_get_data(vector, rows * 4)
        values.set(new Int32Array(data.buffer, data.byteOffset, rows), offset)
        break
      }
      case 'boolean': {
        // DuckDB's bool is one byte on every platform it ships for (bindings.sizeof_bool).
        values.set(bindings.vector_get_data(vector, rows), offset)
        break
      }
      case 'int64': {
        const data = bindings.vector_get_data(vector, rows * 8)
        words = new Int32Array(data.buffer, data.byteOffset, rows * 2)
        for (let i = 0; i < rows; i++) {
          values[offset + i] =
            (words[2 * i + 1] as number) * TWO_32 + ((words[2 * i] as number) >>> 0)
        }
        break
      }
    }
    if (validity != null) markNulls(column, values, validity, rows, offset)
    if (column.read === 'int64' || column.read === 'wide') {
      checkExact(column, values, words, rows, offset, file)
    }
  }
}

function markNulls(
  column: VectorColumn,
  values: Float64Array,
  validity: Uint8Array,
  rows: number,
  offset: number,
): void {
  for (let i = 0; i < rows; i++) {
    if (((validity[i >> 3] as number) & (1 << (i & 7))) !== 0) continue
    values[offset + i] = NaN
    const missing = column.missing ?? (column.missing = new Uint8Array(values.length))
    missing[offset + i] = 1
  }
}

/**
 * Refuses integers a double cannot hold exactly. `words` are the int64 values as read (for
 * the exact number in the message); without them the value was already cast to a double.
 */
function checkExact(
  column: VectorColumn,
  values: Float64Array,
  words: Int32Array | null,
  rows: number,
  offset: number,
  file: string,
): void {
  for (let i = 0; i < rows; i++) {
    const value = values[offset + i] as number
    // NaN (a null) fails both comparisons.
    if (value <= MAX_EXACT && value >= -MAX_EXACT) continue
    if (column.missing != null && column.missing[offset + i] === 1) continue
    const exact =
      words == null
        ? `about ${value.toLocaleString('en-US', { useGrouping: false })}`
        : String(
            (BigInt(words[2 * i + 1] as number) << 32n) + BigInt((words[2 * i] as number) >>> 0),
          )
    throw new DataError(
      `holds the integer ${exact}, beyond ±(2^53 - 1) where a double stops holding every integer exactly; read the column as "string" with the types option, or keep its values within that range`,
      { file, row: offset + i, column: column.name },
    )
  }
}

function readText(
  column: VectorColumn,
  data: Uint8Array,
  validity: Uint8Array | null,
  rows: number,
  offset: number,
): void {
  const codes = column.codes as Int32Array
  const dict = column.dict as ByteDict
  const words = new Int32Array(data.buffer, data.byteOffset, rows * 4)
  for (let i = 0; i < rows; i++) {
    if (validity != null && ((validity[i >> 3] as number) & (1 << (i & 7))) === 0) continue
    const length = words[4 * i] as number
    if (length <= 12) {
      const start = 16 * i + 4
      codes[offset + i] = internBytes(
        dict,
        data,
        start,
        start + length,
        hashBytes(data, start, start + length),
      )
    } else {
      const bytes = bindings.get_data_from_pointer(
        data.buffer as ArrayBuffer,
        data.byteOffset + 16 * i + 8,
        length,
      )
      codes[offset + i] = internBytes(dict, bytes, 0, length, hashBytes(bytes, 0, length))
    }
  }
}

export function finishVectorColumn(column: VectorColumn): Column {
  if (column.read === 'text') {
    const codes = column.codes as Int32Array
    let nullCount = 0
    for (let i = 0; i < codes.length; i++) if ((codes[i] as number) < 0) nullCount++
    return {
      name: column.name,
      type: 'string',
      codes,
      dictionary: (column.dict as ByteDict).strings,
      nullCount,
    }
  }
  let nullCount = 0
  if (column.missing != null)
    for (let i = 0; i < column.missing.length; i++) nullCount += column.missing[i] as number
  return {
    name: column.name,
    type: column.type as NumberColumn['type'],
    values: column.values as Float64Array,
    missing: column.missing,
    nullCount,
  }
}
