import { createByteDict, internString } from './_byte-dict.ts'
import { countByte } from './_count-byte.ts'
import { createCsvColumn, finishCsvColumn } from './_csv-columns.ts'
import { createQuotedField, LF, lineBreakAt, QUOTE } from './_csv-field.ts'
import { readRows, type CsvRows } from './_csv-rows.ts'
import { rereadAsText } from './_csv-reread.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import type { ByteSource } from './byte-source.ts'
import { parseCsv } from './csv.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * Bytes read at a time: large enough that per-chunk costs (a read, a chunk's column allocations)
 * vanish against parsing (a 16 MiB block holds about 78,000 rows of the 34-column reference
 * workload), small enough that two buffers and one chunk's columns stay a few tens of MB.
 */
export const DEFAULT_BLOCK_BYTES = 16 * 1024 * 1024

export type CsvChunkOptions = {
  /** One ASCII character; default ',' (a tab when the source name ends in .tsv). */
  readonly delimiter?: string
  /** Extra cell texts that mean "missing", as in `ReadOptions`. */
  readonly missing?: readonly string[]
  /**
   * Chooses the columns to read and their types once the header is known (the `columns` and
   * `types` of `ReadOptions`). Default: every column, types inferred per chunk.
   */
  readonly select?: (header: readonly string[]) => Pick<ReadOptions, 'columns' | 'types'>
  /** Bytes read at a time; default `DEFAULT_BLOCK_BYTES`. */
  readonly blockBytes?: number
}

/** Some consecutive rows of a CSV file, as a table. */
export type TableChunk = {
  /** Every column name of the file, in file order (also those not read). */
  readonly header: readonly string[]
  readonly table: Table
  /** 0-based index, among all data rows of the file, of this chunk's first row. */
  readonly firstRow: number
}

/**
 * Reads CSV from a byte source as tables of whole rows, about one per block, with the same parser
 * and rules as `parseCsv`. Memory holds two buffers of about `blockBytes` (one parsed while the
 * next is read) and the current chunk's decoded columns, never the whole file, so files larger
 * than memory can be checked. Column types are inferred per chunk unless `select` forces them:
 * a column may be `integer` in one chunk and `string` in the next. At least one chunk is
 * produced, with no rows when the file has none, so the header is always seen. Errors carry the
 * file's line numbers; `source` names the input in them. The caller closes `bytes`.
 */
export async function* csvChunks(
  bytes: ByteSource,
  source: string,
  options: CsvChunkOptions = {},
): AsyncGenerator<TableChunk> {
  const blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES
  if (!Number.isSafeInteger(blockBytes) || blockBytes < 1) {
    throw new RangeError(`blockBytes must be a whole number of bytes >= 1, got ${blockBytes}`)
  }
  const delimiter = (options.delimiter ?? (/\.tsv$/i.test(source) ? '\t' : ',')).charCodeAt(0)
  // `data[start, length)` holds bytes read but not yet parsed; `spare` is the other buffer.
  let data = new Uint8Array(blockBytes)
  let spare = new Uint8Array(0)
  let length = await fill(bytes, data, 0, data.length)
  let ended = length < data.length

  // The header: everything up to the first record end after any blank lines.
  let headerEnd = headerRecordEnd(data.subarray(0, length), delimiter)
  while (headerEnd < 0 && !ended) {
    const bigger = new Uint8Array(data.length * 2)
    bigger.set(data.subarray(0, length))
    data = bigger
    const n = await fill(bytes, data, length, data.length - length)
    ended = n < data.length - length
    length += n
    headerEnd = headerRecordEnd(data.subarray(0, length), delimiter)
  }
  const headerBytes = data.slice(0, headerEnd >= 0 ? headerEnd + 1 : length)
  // parseCsv on the header alone checks the delimiter, the BOM and the names exactly as a whole
  // read would, and gives the names.
  const headerTable = parseCsv(headerBytes, source, {
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
  })
  const header = headerTable.columns.map((c) => c.name)
  const chosen = options.select?.(header) ?? {}
  const selected = selectColumns(header, chosen, source)
  const wanted = new Set(selected)
  const missingTexts = options.missing?.some((t) => t !== '') ? createByteDict() : null
  for (const text of options.missing ?? []) {
    if (text !== '' && missingTexts != null) internString(missingTexts, text)
  }
  let start = headerBytes.length
  let line = 1 + countByte(headerBytes, 0, LF)
  let firstRow = 0
  let yielded = false

  const parse = (chunk: Uint8Array): TableChunk => {
    const capacity = countByte(chunk, 0, LF)
    const fields = header.map((name, i) =>
      createCsvColumn(name, forcedType(chosen, name), !wanted.has(i), capacity),
    )
    const rows: CsvRows = {
      file: source,
      bytes: chunk,
      delimiter,
      fields,
      missingTexts,
      capacity,
      rowStarts: new Float64Array(capacity),
      scan: { end: 0, exact: false },
      quoted: createQuotedField(),
    }
    const rowCount = readRows(rows, 0, line)
    rereadAsText(rows)
    const table: Table = {
      source,
      rowCount,
      columns: selected.map((i) => finishCsvColumn(fields[i]!, rowCount)),
    }
    const out: TableChunk = { header, table, firstRow }
    line += capacity
    firstRow += rowCount
    yielded = true
    return out
  }

  let pending: Promise<number> | null = null
  try {
    while (!ended) {
      const end = lastRecordEnd(data.subarray(start, length), delimiter)
      // The bytes after the last record end (all of them when a record is longer than what was
      // read) move to the front of the spare buffer, and the next block is read behind them
      // while this one is parsed.
      const carry = data.subarray(end < 0 ? start : start + end + 1, length)
      if (spare.length < carry.length + blockBytes) {
        spare = new Uint8Array(carry.length + blockBytes)
      }
      spare.set(carry)
      pending = fill(bytes, spare, carry.length, blockBytes)
      const chunk = end < 0 ? null : parse(data.subarray(start, start + end + 1))
      if (chunk != null) yield chunk
      const n = await pending
      pending = null
      ended = n < blockBytes
      const parsed = data
      data = spare
      spare = parsed
      start = 0
      length = carry.length + n
    }
  } finally {
    // A consumer that stops early must not close the source under a read still running.
    if (pending != null) await pending.catch(() => 0)
  }
  // The source is exhausted: every complete record left, then a last one without a line break.
  const end = lastRecordEnd(data.subarray(start, length), delimiter)
  if (end >= 0) {
    yield parse(data.subarray(start, start + end + 1))
    start += end + 1
  }
  if (start < length) {
    const last = new Uint8Array(length - start + 1)
    last.set(data.subarray(start, length))
    last[last.length - 1] = LF
    yield parse(last)
  } else if (!yielded) {
    yield parse(new Uint8Array(0))
  }
}

// --- internal ---

/** Reads until `length` bytes are in or the source ends; returns how many were read. */
async function fill(
  bytes: ByteSource,
  target: Uint8Array,
  offset: number,
  length: number,
): Promise<number> {
  let done = 0
  while (done < length) {
    const n = await bytes.read(target, offset + done, length - done)
    if (n === 0) break
    done += n
  }
  return done
}

/** Index of the LF ending the header record (after a BOM and blank lines), or -1 when not yet read. */
function headerRecordEnd(bytes: Uint8Array, delimiter: number): number {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  for (let n = lineBreakAt(bytes, start); n > 0; n = lineBreakAt(bytes, start)) start += n
  if (start >= bytes.length) return -1
  const end = recordEnds(bytes.subarray(start), delimiter, true)
  return end < 0 ? -1 : start + end
}

/**
 * Index of the LF that ends the last complete record in `bytes`, which starts at a record
 * boundary; -1 when there is none. Without any quote every LF ends a record, and Buffer's
 * lastIndexOf (memrchr) finds the last one; otherwise quoted fields are followed as the parser
 * follows them.
 */
function lastRecordEnd(bytes: Uint8Array, delimiter: number): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.indexOf(QUOTE) < 0) return buffer.lastIndexOf(LF)
  return recordEnds(bytes, delimiter, false)
}

const FIELD_START = 0
const UNQUOTED = 1
const QUOTED = 2
const QUOTE_IN_QUOTED = 3

/**
 * The LF ending the first (`first`) or last complete record. A quote opens a quoted field only at
 * the start of a field and a doubled quote inside one is data, as in `readQuoted`; a quote in the
 * middle of an unquoted field is data, as in `fieldEnd`.
 */
function recordEnds(bytes: Uint8Array, delimiter: number, first: boolean): number {
  let state = FIELD_START
  let last = -1
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number
    if (state === QUOTED) {
      if (b === QUOTE) state = QUOTE_IN_QUOTED
      continue
    }
    if (state === QUOTE_IN_QUOTED && b === QUOTE) {
      state = QUOTED
      continue
    }
    if (b === LF) {
      if (first) return i
      last = i
      state = FIELD_START
    } else if (b === delimiter) {
      state = FIELD_START
    } else if (state === FIELD_START) {
      state = b === QUOTE ? QUOTED : UNQUOTED
    } else if (state === QUOTE_IN_QUOTED) {
      // Text after a closing quote: the parser reports it; keep scanning as unquoted.
      state = UNQUOTED
    }
  }
  return last
}
