import {
  appendDict,
  createByteDict,
  findBytes,
  hashBytes,
  internBytes,
  type ByteDict,
} from './_byte-dict.ts'
import type { CsvColumn } from './_csv-columns.ts'
import { fieldEnd, QUOTE, readQuoted } from './_csv-field.ts'
import type { CsvRows } from './_csv-rows.ts'

/**
 * Finishes the columns that turned from numbers or booleans to text part-way: their cells
 * before that row are read again from the bytes as text. The dictionary keeps first-seen order:
 * values from the re-read rows come first, then the ones met after the change.
 */
export function rereadAsText(rows: CsvRows): void {
  const { bytes, delimiter, fields, rowStarts, missingTexts, quoted } = rows
  let lastField = -1
  let lastRow = 0
  const heads: (ByteDict | null)[] = fields.map((column, f) => {
    if (column.flipRow <= 0) return null
    lastField = f
    lastRow = Math.max(lastRow, column.flipRow)
    return createByteDict()
  })
  if (lastField < 0) return

  for (let row = 0; row < lastRow; row++) {
    let pos = rowStarts[row] as number
    for (let f = 0; f <= lastField; f++) {
      let source = bytes
      let start = pos
      let end: number
      if (bytes[pos] === QUOTE) {
        pos = readQuoted(bytes, pos, quoted)
        source = quoted.bytes
        start = 0
        end = quoted.length
      } else {
        end = fieldEnd(bytes, pos, delimiter)
        pos = end
      }
      pos++ // the delimiter; the row was checked when it was first read
      const head = heads[f]
      const column = fields[f] as CsvColumn
      if (head == null || row >= column.flipRow || start === end) continue
      const hash = hashBytes(source, start, end)
      if (missingTexts != null && findBytes(missingTexts, source, start, end, hash) >= 0) continue
      ;(column.codes as Int32Array)[row] = internBytes(head, source, start, end, hash)
    }
  }

  fields.forEach((column, f) => {
    const head = heads[f]
    if (head != null) mergeInto(head, column)
  })
}

/** Appends the column's later dictionary to `head` and renumbers the later rows' codes. */
function mergeInto(head: ByteDict, column: CsvColumn): void {
  const renumber = appendDict(head, column.dict as ByteDict)
  const codes = column.codes as Int32Array
  for (let row = column.flipRow; row < codes.length; row++) {
    const code = codes[row] as number
    if (code >= 0) codes[row] = renumber[code] as number
  }
  column.dict = head
}
