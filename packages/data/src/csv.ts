import { createByteDict, internString } from './_byte-dict.ts'
import { countByte } from './_count-byte.ts'
import { createCsvColumn, finishCsvColumn } from './_csv-columns.ts'
import { createQuotedField, LF, lineBreakAt } from './_csv-field.ts'
import { readHeader } from './_csv-header.ts'
import { rereadAsText } from './_csv-reread.ts'
import { readRows, type CsvRows } from './_csv-rows.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import { DataError } from './errors.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * Reads CSV bytes (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks;
 * LF or CRLF line ends; a UTF-8 byte order mark is dropped) into a table. Column types are
 * inferred unless `options.types` gives them: all cells numbers -> 'integer' when all are
 * whole, else 'number'; all true/false -> 'boolean'; otherwise 'string'. `source` names the
 * input in errors, and a source ending in .tsv defaults the delimiter to a tab.
 */
export function parseCsv(bytes: Uint8Array, source: string, options?: ReadOptions): Table {
  const delimiter = delimiterByte(options?.delimiter, source)
  let start = hasBom(bytes) ? 3 : 0
  let line = 1
  // Blank lines before the header are skipped, as blank lines between rows are.
  for (let lineBreak = lineBreakAt(bytes, start); lineBreak > 0;) {
    start += lineBreak
    line++
    lineBreak = lineBreakAt(bytes, start)
  }
  if (start >= bytes.length) {
    throw new DataError(
      'the file is empty: no header; a CSV file starts with a line of column names',
      { file: source },
    )
  }
  // A plain Uint8Array view: a Buffer's subarray goes through Node's JS subclass, which costs
  // more than the lookup it serves each time a new text value is stored.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const data = endsWithLineFeed(view) ? view : withLineFeed(view)
  const header = readHeader(data, start, delimiter, source, line)
  const selected = selectColumns(header.names, options, source)
  const wanted = new Set(selected)
  // Every row ends with a LF, so the LFs left bound the row count.
  const capacity = countByte(data, header.end, LF)
  const fields = header.names.map((name, i) =>
    createCsvColumn(name, forcedType(options, name), !wanted.has(i), capacity),
  )
  const missing = options?.missing?.filter((text) => text !== '') ?? []
  const missingTexts = missing.length === 0 ? null : createByteDict()
  for (const text of missing) if (missingTexts != null) internString(missingTexts, text)

  const rows: CsvRows = {
    file: source,
    bytes: data,
    delimiter,
    fields,
    missingTexts,
    capacity,
    rowStarts: new Float64Array(capacity),
    scan: { end: 0, exact: false },
    quoted: createQuotedField(),
  }
  const rowCount = readRows(rows, header.end, header.nextLine)
  rereadAsText(rows)
  return {
    source,
    rowCount,
    columns: selected.map((i) => finishCsvColumn(fields[i]!, rowCount)),
  }
}

function delimiterByte(delimiter: string | undefined, source: string): number {
  if (delimiter === undefined) return /\.tsv$/i.test(source) ? 9 : 44
  const code = delimiter.charCodeAt(0)
  // Digits, signs and '.' would be read as part of numbers; quotes and line breaks are syntax.
  if (delimiter.length !== 1 || code > 127 || /[0-9.+\-"\r\n]/.test(delimiter)) {
    throw new DataError(
      `the delimiter ${JSON.stringify(delimiter)} cannot be used; give one ASCII character that is not a digit, sign, '.', quote or line break, such as ',', ';', '|' or '\\t'`,
      { file: source },
    )
  }
  return code
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
}

function endsWithLineFeed(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[bytes.length - 1] === LF
}

/** A copy with a LF at the end, so every loop can stop at a LF without checking the length. */
function withLineFeed(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length + 1)
  copy.set(bytes)
  copy[bytes.length] = LF
  return copy
}
