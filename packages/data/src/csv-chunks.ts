import { countByte } from './_count-byte.ts'
import { createCsvColumn, finishCsvColumn } from './_csv-columns.ts'
import { createQuotedField, LF } from './_csv-field.ts'
import { withCarryRoom } from './_csv-window.ts'
import { headerRecordEnd, lastRecordEnd } from './_csv-records.ts'
import { createCsvRows, readRows } from './_csv-rows.ts'
import { rereadAsText } from './_csv-reread.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import type { ByteSource } from './byte-source.ts'
import { missingTextDict, parseCsv } from './csv.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * Bytes read at a time: large enough that per-chunk costs (a read, a chunk's column allocations)
 * vanish against parsing (a 4 MiB block holds about 19,000 rows of the 34-column reference
 * workload), small enough that two buffers and one chunk's columns stay a few MB, since fresh
 * memory costs more than the work done in it. Scanning the 216 MB reference file in a fresh
 * process (Node 24, 4 alternating pairs): 0.43–0.45 s in 4 MiB blocks against 0.52–0.58 s in
 * 16 MiB ones; a cached `mlgate run`, whose holdout is scanned so, 2.56–3.24 s against 2.65–3.44 s
 * (5 pairs, 4 of them faster) at peaks 40–60 MiB lower.
 */
export const DEFAULT_BLOCK_BYTES = 4 * 1024 * 1024

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
  /**
   * Each chunk's number columns are written into the arrays of the chunk before (grown when a
   * chunk has more rows), so a chunk's number values hold only until the next chunk is asked
   * for. For a consumer that is done with each chunk by then: memory is one chunk's columns,
   * written into pages already mapped, rather than new columns for every chunk.
   */
  readonly reuse?: boolean
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
  const missingTexts = missingTextDict(options.missing)
  let start = headerBytes.length
  let line = 1 + countByte(headerBytes, 0, LF)
  let firstRow = 0
  let yielded = false

  const reused: Float64Array[] = []
  const valuesOf = (i: number, capacity: number): Float64Array | 'own' => {
    if (options.reuse !== true) return 'own'
    const kept = reused[i]
    if (kept !== undefined && kept.length >= capacity) return kept.subarray(0, capacity)
    // A little room, so that chunks a few rows longer than the first do not each need new ones.
    const made = new Float64Array(capacity + (capacity >> 4))
    reused[i] = made
    return made.subarray(0, capacity)
  }

  // Rows and bytes parsed so far: the next chunk's arrays are sized from them.
  let rowsSeen = 0
  let bytesSeen = 0
  const parse = (chunk: Uint8Array): TableChunk => {
    const capacity = chunkCapacity(chunk, rowsSeen, bytesSeen)
    const fields = header.map((name, i) => {
      const forced = forcedType(chosen, name)
      const read = wanted.has(i)
      const values = read && forced !== 'string' ? valuesOf(i, capacity) : 'own'
      return createCsvColumn(name, forced, !read, capacity, values)
    })
    const rows = createCsvRows(
      source,
      chunk,
      delimiter,
      fields,
      missingTexts,
      capacity,
      0,
      line,
      createQuotedField(),
    )
    readRows(rows, chunk.length)
    rereadAsText(rows)
    const rowCount = rows.rowCount
    const table: Table = {
      source,
      rowCount,
      columns: selected.map((i) => finishCsvColumn(fields[i]!, rowCount, options.reuse === true)),
    }
    const out: TableChunk = { header, table, firstRow }
    line = rows.line
    firstRow += rowCount
    rowsSeen += rowCount
    bytesSeen += chunk.length
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
        spare = new Uint8Array(withCarryRoom(carry.length + blockBytes))
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

/**
 * Rows to make room for in a chunk's arrays: its line breaks counted for the first chunk, then
 * the rows per byte seen so far with a tenth more (the row loop grows the arrays when a chunk
 * holds more). Counting every chunk's line breaks took 66 ms of a 216 MB file's scan.
 */
function chunkCapacity(chunk: Uint8Array, rowsSeen: number, bytesSeen: number): number {
  if (bytesSeen === 0) return countByte(chunk, 0, LF)
  return Math.ceil((1.1 * chunk.length * rowsSeen) / bytesSeen) + 64
}

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
