import { createByteDict, internString, type ByteDict } from './_byte-dict.ts'
import { countByte } from './_count-byte.ts'
import { createCsvColumn, finishCsvColumn } from './_csv-columns.ts'
import { decimalKeysOn } from './_csv-keys.ts'
import { createQuotedField, LF, lineBreakAt } from './_csv-field.ts'
import { readHeader } from './_csv-header.ts'
import { rereadAsText } from './_csv-reread.ts'
import { createCsvRows, readRows, type CsvRows } from './_csv-rows.ts'
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
  // A plain Uint8Array view: a Buffer's subarray goes through Node's JS subclass, which costs
  // more than the lookup it serves each time a new text value is stored.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const data = endsWithLineFeed(view) ? view : withLineFeed(view)
  // Every row ends with a LF, so the LFs left bound the row count.
  const read = beginCsv(data, source, options, delimiter, (start) => countByte(data, start, LF))
  readRows(read.rows, data.length)
  return finishCsv(read)
}

/** A CSV read under way: its row loop and the fields asked for, in output order. */
export type CsvRead = { readonly rows: CsvRows; readonly selected: readonly number[] }

/**
 * Reads the header of `data` and sets up the columns and the row loop at the first row. The
 * header record must be complete in `data` (which ends with a LF when it is the whole input).
 * `capacity` is told where the rows start and gives the rows to make room for. Number columns
 * may keep decimal keys (`_csv-keys.ts`) and are in shared memory (`columnMemory`), which other
 * threads can write; past its size, `shared` still puts each in shared memory of its own
 * (`createCsvColumn`), without keys.
 */
export function beginCsv(
  data: Uint8Array,
  source: string,
  options: ReadOptions | undefined,
  delimiter: number,
  capacity: (start: number) => number,
  shared = false,
): CsvRead {
  let start = hasBom(data) ? 3 : 0
  let line = 1
  // Blank lines before the header are skipped, as blank lines between rows are.
  for (let lineBreak = lineBreakAt(data, start); lineBreak > 0;) {
    start += lineBreak
    line++
    lineBreak = lineBreakAt(data, start)
  }
  if (start >= data.length) {
    throw new DataError(
      'the file is empty: no header; a CSV file starts with a line of column names',
      { file: source },
    )
  }
  const header = readHeader(data, start, delimiter, source, line)
  const selected = selectColumns(header.names, options, source)
  const rowCapacity = capacity(header.end)
  const room = columnMemory(selected.length, rowCapacity)
  const slots = new Map(selected.map((field, slot) => [field, slot]))
  const fields = header.names.map((name, i) => {
    const slot = slots.get(i)
    return createCsvColumn(
      name,
      forcedType(options, name),
      slot === undefined,
      rowCapacity,
      slot === undefined
        ? 'own'
        : room !== undefined
          ? room.values(slot)
          : shared
            ? 'shared'
            : 'own',
      slot === undefined || room === undefined ? null : room.keys(slot),
    )
  })
  const missingTexts = missingTextDict(options?.missing)
  const rows = createCsvRows(
    source,
    data,
    delimiter,
    fields,
    missingTexts,
    rowCapacity,
    header.end,
    header.nextLine,
    createQuotedField(),
  )
  return { rows, selected }
}

/** The largest block of doubles `columnMemory` makes: 4 GiB, 1M rows of 512 columns. */
const MAX_BLOCK_BYTES = 2 ** 32

/**
 * Room for `fields` number columns of `rows` rows, as doubles and as decimal keys (these unless
 * keys are off), each kind one block of memory: a block this large is mapped fresh and its pages
 * are zero until written, so the room a column does not use (the doubles of a column kept as
 * keys, the keys of one that is not, any column that turns out to hold text) costs no memory.
 * Separate arrays would each be smaller than malloc's mmap threshold (32 MiB in mlgate's
 * processes where page faults are slow, `huge-pages.ts` in the gates package): they come from
 * the heap, and calloc zeroes them in full, every page, when they reuse memory freed before.
 * The blocks are shared memory so that a column moves to a worker without a copy (a block backs
 * many arrays, so it cannot be transferred). Undefined past MAX_BLOCK_BYTES of doubles.
 */
function columnMemory(fields: number, rows: number) {
  // Past this, arrays of their own: one mapping that large may be refused where parts are not.
  if (8 * fields * rows > MAX_BLOCK_BYTES) return undefined
  const values = new SharedArrayBuffer(8 * fields * rows)
  const keys = decimalKeysOn() ? new SharedArrayBuffer(4 * fields * rows) : undefined
  return {
    values: (i: number) => new Float64Array(values, 8 * i * rows, rows),
    keys: (i: number) => (keys === undefined ? null : new Int32Array(keys, 4 * i * rows, rows)),
  }
}

/** The missing option's texts as a dictionary for the row loop, or null when there are none. */
export function missingTextDict(missing: readonly string[] | undefined): ByteDict | null {
  const texts = missing?.filter((text) => text !== '') ?? []
  if (texts.length === 0) return null
  const dict = createByteDict()
  for (const text of texts) internString(dict, text)
  return dict
}

/** The table, once every row is read. */
export function finishCsv(read: CsvRead): Table {
  const { rows, selected } = read
  rereadAsText(rows)
  return {
    source: rows.file,
    rowCount: rows.rowCount,
    columns: selected.map((i) => finishCsvColumn(rows.fields[i]!, rows.rowCount)),
  }
}

/** The delimiter option as a byte; a DataError for one that cannot work. */
export function delimiterByte(delimiter: string | undefined, source: string): number {
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
