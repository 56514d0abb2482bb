/**
 * Where records end, for readers that get their bytes block by block and must hand the row loop
 * whole records only. They follow quotes exactly as the row loop does, so a line break inside a
 * quoted field never ends a record.
 */
import { countByte } from './_count-byte.ts'
import { lineBreakAt, LF, QUOTE } from './_csv-field.ts'

/** Index of the LF ending the header record (after a BOM and blank lines), or -1 when not yet read. */
export function headerRecordEnd(bytes: Uint8Array, delimiter: number): number {
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
export function lastRecordEnd(bytes: Uint8Array, delimiter: number): number {
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

/**
 * Rows to make room for, from the complete records among the first `filled` bytes: their
 * bytes per row extended to the whole file, with a margin. More rows than that make the arrays
 * grow; pages of a typed array that are never written cost no memory.
 */
export function estimateRows(
  bytes: Uint8Array,
  start: number,
  filled: number,
  size: number,
  delimiter: number,
): number {
  const end = lastRecordEnd(bytes.subarray(start, filled), delimiter)
  const rows = end < 0 ? 0 : countByte(bytes.subarray(start, start + end + 1), 0, LF)
  if (rows === 0) return 1024
  return Math.ceil(((size - start) / (end + 1)) * rows * 1.08) + 1024
}
