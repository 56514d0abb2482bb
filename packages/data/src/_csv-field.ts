/** Byte-level pieces of RFC 4180 shared by the header, the row loop and the re-read of rows. */

export const LF = 10
export const CR = 13
export const QUOTE = 34

/** The unescaped content of the last quoted field read, and how many line breaks it held. */
export type QuotedField = { bytes: Uint8Array; length: number; newlines: number }

export function createQuotedField(): QuotedField {
  return { bytes: new Uint8Array(256), length: 0, newlines: 0 }
}

/**
 * Reads the quoted field whose opening quote is at `start` into `out`, turning each doubled
 * quote into one. Returns the index just past the closing quote, or -1 when the input ends
 * before the field is closed.
 */
export function readQuoted(bytes: Uint8Array, start: number, out: QuotedField): number {
  const end = bytes.length
  let target = out.bytes
  let length = 0
  let newlines = 0
  // A byte loop rather than indexOf: quoted cells are short, and each builtin call costs more
  // than scanning a few bytes.
  for (let p = start + 1; p < end; p++) {
    const b = bytes[p] as number
    if (b === QUOTE) {
      if (bytes[p + 1] !== QUOTE) {
        out.length = length
        out.newlines = newlines
        return p + 1
      }
      p++
    } else if (b === LF) {
      newlines++
    }
    if (length === target.length) {
      const bigger = new Uint8Array(target.length * 2)
      bigger.set(target)
      target = out.bytes = bigger
    }
    target[length++] = b
  }
  return -1
}

/**
 * The index of the byte that ends the unquoted field starting at `start`: the delimiter, a LF,
 * or the CR of a CRLF. A CR not followed by LF is data. The input must end with a LF.
 */
export function fieldEnd(bytes: Uint8Array, start: number, delimiter: number): number {
  let p = start
  for (;;) {
    const b = bytes[p]
    if (b === delimiter || b === LF) return p
    if (b === CR && bytes[p + 1] === LF) return p
    p++
  }
}

/** Length of the line break at `p` (1 for LF, 2 for CRLF), or 0 when there is none. */
export function lineBreakAt(bytes: Uint8Array, p: number): number {
  const b = bytes[p]
  if (b === LF) return 1
  if (b === CR && bytes[p + 1] === LF) return 2
  return 0
}

/**
 * How many fields the record starting at `start` has, counting quoted fields properly; used to
 * say "found M fields" in the error for a ragged row.
 */
export function countFields(bytes: Uint8Array, start: number, delimiter: number): number {
  const scratch = createQuotedField()
  let p = start
  let count = 1
  for (;;) {
    if (bytes[p] === QUOTE) {
      const after = readQuoted(bytes, p, scratch)
      if (after < 0) return count
      p = after
    }
    const b = bytes[p]
    if (b === undefined || lineBreakAt(bytes, p) > 0) return count
    if (b === delimiter) count++
    p++
  }
}
