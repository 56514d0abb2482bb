import { countByte } from './_count-byte.ts'
import { LF } from './_csv-field.ts'
import { estimateRows, headerRecordEnd, lastRecordEnd } from './_csv-records.ts'
import { readRows, replaceBytes, type CsvRows } from './_csv-rows.ts'
import { beginCsv, finishCsv, type CsvRead } from './csv.ts'
import type { RangeFile } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * A CSV file read through two buffers in turn. The row loop needs whole records in memory, not
 * the whole file: while the records of one buffer are parsed, libuv's pool reads the next block
 * into the other, behind the bytes of the last, incomplete record. Memory holds two blocks (more
 * while one record is longer than a block), so a read needs no buffer the size of the file, and
 * no fresh pages for one (on a 216 MB file those page faults cost 0.25–0.35 s of CPU).
 *
 * The rows' `bytes` are the buffer being parsed, from file offset `base`; `rowStarts` hold file
 * offsets. Only columns that turn to text part-way need the whole file, to read their earlier
 * cells again (`finishWindowed`).
 */
export type CsvWindow = {
  readonly file: RangeFile
  readonly blockBytes: number
  /** The buffer being parsed (bytes from file offset `base` up to `end`, then room for a LF). */
  current: Uint8Array
  spare: Uint8Array
  base: number
  /** File offset of the first byte not read yet. */
  end: number
}

/** A window on `file` holding its first block from offset `from`. */
export async function openCsvWindow(
  file: RangeFile,
  blockBytes: number,
  from = 0,
): Promise<CsvWindow> {
  const length = Math.min(blockBytes, file.size - from)
  const window: CsvWindow = {
    file,
    blockBytes,
    current: new Uint8Array(withCarryRoom(length + 1)),
    spare: new Uint8Array(0),
    base: from,
    end: from,
  }
  await file.read(window.current, 0, length, from)
  window.end += length
  return window
}

/**
 * The bytes the window holds; once they reach the end of the file, with a LF after the last
 * record when the file has none, so that every record ends with a LF, as the row loop needs.
 */
export function heldBytes(window: CsvWindow): Uint8Array {
  const held = window.end - window.base
  const bytes = window.current
  if (window.end < window.file.size || (held > 0 && bytes[held - 1] === LF)) {
    return bytes.subarray(0, held)
  }
  bytes[held] = LF
  return bytes.subarray(0, held + 1)
}

/**
 * Reads the header from the window's first bytes (reading on while it is longer than they are)
 * and sets up the row loop after it, its arrays sized from the rows of the first block (number
 * columns in shared memory with `shared`).
 */
export async function beginWindowed(
  window: CsvWindow,
  path: string,
  options: ReadOptions | undefined,
  delimiter: number,
  shared = false,
): Promise<CsvRead> {
  let bytes = heldBytes(window)
  while (window.end < window.file.size && headerRecordEnd(bytes, delimiter) < 0) {
    await extend(window)
    bytes = heldBytes(window)
  }
  const { size } = window.file
  const held = window.end - window.base
  const read = beginCsv(
    bytes,
    path,
    options,
    delimiter,
    (start) =>
      window.end >= size
        ? countByte(bytes, start, LF)
        : estimateRows(bytes, start, held, size, delimiter),
    shared,
  )
  read.rows.base = window.base
  return read
}

/**
 * Parses records into `rows` (whose bytes are the window's) until file offset `stop`, reading
 * blocks up to offset `readUntil` (or the end of the file). It stops early, at the end of the
 * last whole record, when the bytes up to `readUntil` end inside a record; a record that starts
 * before `stop` is read to its end, even past `stop`. `parse(end)` runs the row loop up to `end`
 * (a position in `rows.bytes`); by default `readRows`. When it stops short of `end` (a row
 * limit), so does this, and a later call goes on from there.
 */
export async function parseWindowed(
  window: CsvWindow,
  rows: CsvRows,
  stop: number,
  readUntil: number,
  parse: (end: number) => void = (end) => readRows(rows, end),
): Promise<void> {
  const { size } = window.file
  for (;;) {
    const stopAt = stop - window.base
    if (rows.pos >= stopAt) return
    const bytes = heldBytes(window)
    replaceBytes(rows, bytes)
    if (window.end >= size) {
      parsed(rows, window.base, Math.min(bytes.length, stopAt), parse)
      return
    }
    const last = lastRecordEnd(bytes.subarray(rows.pos), rows.delimiter)
    const parseEnd = last < 0 ? rows.pos : Math.min(rows.pos + last + 1, stopAt)
    if (parseEnd === stopAt || window.end >= readUntil) {
      if (parseEnd > rows.pos) parsed(rows, window.base, parseEnd, parse)
      if (window.end >= readUntil || rows.pos < parseEnd) return
      continue
    }
    // The bytes after the last whole record go to the front of the spare buffer, and the next
    // block is read behind them while this buffer's records are parsed.
    const carry = bytes.length - parseEnd
    const length = Math.min(window.blockBytes, Math.min(readUntil, size) - window.end)
    if (window.spare.length < carry + length + 1) {
      window.spare = new Uint8Array(withCarryRoom(carry + length + 1))
    }
    const next = window.spare
    next.set(bytes.subarray(parseEnd))
    const reading = window.file.read(next, carry, length, window.end)
    try {
      parsed(rows, window.base, parseEnd, parse)
    } finally {
      // Not a read left writing into a buffer after its file is closed, whatever happened.
      await reading.catch(() => undefined)
    }
    await reading
    // The row loop stopped short (a row limit): the window stays as it was, the read is unused.
    if (rows.pos < parseEnd) return
    window.spare = window.current
    window.current = next
    window.base += parseEnd
    window.end += length
    rows.base = window.base
    rows.pos -= parseEnd
  }
}

/**
 * The table, once every row is read. Columns that turned from numbers to text part-way read
 * their earlier cells again, so for them (only) the whole file is read into memory first.
 */
export async function finishWindowed(read: CsvRead, file: RangeFile): Promise<Table> {
  const { rows } = read
  if (rows.fields.some((column) => column.flipRow > 0)) {
    const whole = new Uint8Array(file.size + 1)
    await file.read(whole, 0, file.size, 0)
    whole[file.size] = LF
    replaceBytes(rows, whole)
    rows.base = 0
  }
  return finishCsv(read)
}

/**
 * A buffer size with room for the carried bytes of a record cut by the block's end: without it,
 * the buffer that comes back after each swap is a few bytes short of the next block and a new
 * one is made for every block, fresh memory the system must map (216 MB for the 216 MB file).
 */
export function withCarryRoom(bytes: number): number {
  return bytes + Math.max(4096, bytes >> 4)
}

// --- internal ---

/** Runs the row loop to `end`, then turns the new rows' starts into file offsets. */
function parsed(rows: CsvRows, base: number, end: number, parse: (end: number) => void): void {
  const first = rows.rowCount
  parse(end)
  if (base === 0) return
  const starts = rows.rowStarts
  for (let row = first; row < rows.rowCount; row++) starts[row]! += base
}

/** Reads the next block into the window's current buffer, behind what it holds. */
async function extend(window: CsvWindow): Promise<void> {
  const held = window.end - window.base
  const length = Math.min(window.blockBytes, window.file.size - window.end)
  if (window.current.length < held + length + 1) {
    const bigger = new Uint8Array(held + length + 1)
    bigger.set(window.current.subarray(0, held))
    window.current = bigger
  }
  await window.file.read(window.current, held, length, window.end)
  window.end += length
}
