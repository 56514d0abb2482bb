import { countByte } from './_count-byte.ts'
import { fit } from './_fit.ts'
import { convertColumn } from './_convert-column.ts'
import { markMissing, missingTexts, type MissingTexts } from './_missing-texts.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import { DataError } from './errors.ts'
import type { ReadOptions } from './read-options.ts'
import type { Column, Table } from './table.ts'

const UNKNOWN = 0
const NUMBER = 1
const BOOLEAN = 2
const TEXT = 3

/** A column while lines are read. Booleans are kept as 1/0 in `values`. */
type JsonColumn = {
  readonly name: string
  kind: number
  values: Float64Array
  missing: Uint8Array
  whole: boolean
  codes: Int32Array | null
  readonly index: Map<string, number>
  readonly dictionary: string[]
  /** The last row that gave this column a cell. */
  row: number
}

/** Text is decoded this many bytes at a time (cut at a line end) so no string grows huge. */
const BLOCK_BYTES = 1 << 24

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped. The columns are the union
 * of the keys in first-seen order; a key absent from a line, or null, is a missing cell.
 * Values must be numbers, booleans or strings: a column of numbers is 'integer' when all are
 * whole, else 'number'; of booleans 'boolean'; anything mixed or textual is 'string'.
 */
export function parseJsonl(bytes: Uint8Array, source: string, options?: ReadOptions): Table {
  const wanted = options?.columns === undefined ? null : new Set(options.columns)
  const missing = missingTexts(options?.missing)
  const capacity = countByte(bytes, 0, 10) + 1
  const lineOfRow = new Int32Array(capacity)
  // Every key seen, in first-seen order; null for keys the columns option leaves out.
  const keys = new Map<string, JsonColumn | null>()
  const columns: JsonColumn[] = []
  // Lines mostly repeat the keys of the line before in the same order: comparing each key with
  // the one at its position there (interned strings, so a pointer compare) skips the Map.
  const order: string[] = []
  const orderColumns: (JsonColumn | null)[] = []
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  let row = 0
  let line = 0
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (start < bytes.length) {
    let end = Math.min(start + BLOCK_BYTES, bytes.length)
    if (end < bytes.length) {
      const lastBreak = bytes.lastIndexOf(10, end - 1)
      end = lastBreak >= start ? lastBreak + 1 : nextBreak(bytes, end)
    }
    const lines = decoder.decode(bytes.subarray(start, end)).split('\n')
    // A block ends with a line break, which leaves one empty piece after it.
    if (end < bytes.length || lines[lines.length - 1] === '') lines.pop()
    for (const text of lines) {
      line++
      if (text.length === 0 || text === '\r') continue
      const record = parseLine(text, source, line)
      if (record === undefined) continue
      lineOfRow[row] = line
      let position = 0
      let filled = 0
      let sameOrder = true
      for (const key in record) {
        let column: JsonColumn | null | undefined
        if (sameOrder && order[position] === key) {
          column = orderColumns[position] as JsonColumn | null
        } else {
          if (sameOrder) {
            sameOrder = false
            order.length = position
            orderColumns.length = position
          }
          column = keys.get(key)
          if (column === undefined) {
            column = wanted == null || wanted.has(key) ? createColumn(key, capacity, row) : null
            keys.set(key, column)
            if (column != null) columns.push(column)
          }
          order.push(key)
          orderColumns.push(column)
        }
        position++
        if (column == null) continue
        setCell(column, record[key], row, missing, source, line)
        filled++
      }
      if (sameOrder && position < order.length) {
        order.length = position
        orderColumns.length = position
      }
      if (filled !== columns.length) {
        for (const column of columns) if (column.row !== row) setMissing(column, row)
      }
      row++
    }
    start = end
  }
  if (row === 0) {
    throw new DataError(
      'the file has no JSON objects, so it has no columns; write one JSON object per line',
      { file: source },
    )
  }
  const names = [...keys.keys()]
  const selected = selectColumns(names, options, source)
  const place = { file: source, lineOfRow: (r: number) => lineOfRow[r] as number }
  return {
    source,
    rowCount: row,
    columns: selected.map((i) => {
      const name = names[i] as string
      const built = finish(keys.get(name) as JsonColumn, row)
      const marked = missing == null ? built : markMissing(built, missing)
      const type = forcedType(options, name)
      return type === undefined ? marked : convertColumn(marked, type, place)
    }),
  }
}

function nextBreak(bytes: Uint8Array, from: number): number {
  const at = bytes.indexOf(10, from)
  return at < 0 ? bytes.length : at + 1
}

type JsonRecord = Record<string, unknown>

/** The object on a line; undefined for a line of only spaces. */
function parseLine(text: string, file: string, line: number): JsonRecord | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (text.trim() === '') return undefined
    const reason = error instanceof Error ? error.message : String(error)
    throw new DataError(
      `the line is not valid JSON (${reason}); write one complete JSON object per line`,
      { file, line },
    )
  }
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError(
      `expected a JSON object such as {"x": 1} but found ${describe(value)}; write one JSON object per line`,
      { file, line },
    )
  }
  return value as JsonRecord
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (value == null) return 'null'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function createColumn(name: string, capacity: number, row: number): JsonColumn {
  const values = new Float64Array(capacity)
  const missing = new Uint8Array(capacity)
  // Rows before the key first appeared do not have it.
  values.fill(NaN, 0, row)
  missing.fill(1, 0, row)
  return {
    name,
    kind: UNKNOWN,
    values,
    missing,
    whole: true,
    codes: null,
    index: new Map(),
    dictionary: [],
    row: -1,
  }
}

function setCell(
  column: JsonColumn,
  value: unknown,
  row: number,
  missing: MissingTexts | null,
  file: string,
  line: number,
): void {
  column.row = row
  if (value == null) return setMissing(column, row)
  switch (typeof value) {
    case 'number':
      if (missing != null && missing.numbers.includes(value)) return setMissing(column, row)
      if (column.kind === NUMBER || column.kind === UNKNOWN) {
        column.kind = NUMBER
        column.values[row] = value
        if (column.whole && !Number.isInteger(value)) column.whole = false
        return
      }
      return setText(column, String(value), row)
    case 'boolean':
      if (column.kind === BOOLEAN || column.kind === UNKNOWN) {
        column.kind = BOOLEAN
        column.values[row] = value ? 1 : 0
        return
      }
      return setText(column, String(value), row)
    case 'string':
      if (missing != null && missing.texts.has(value)) return setMissing(column, row)
      return setText(column, value, row)
    default:
      throw new DataError(
        `the value of key "${column.name}" is ${describe(value)}; cells hold numbers, booleans, strings or null, so flatten nested values into their own keys`,
        { file, line, column: column.name },
      )
  }
}

function setMissing(column: JsonColumn, row: number): void {
  column.row = row
  if (column.kind === TEXT) return // codes start at -1
  column.values[row] = NaN
  column.missing[row] = 1
}

function setText(column: JsonColumn, text: string, row: number): void {
  if (column.kind !== TEXT) becomeText(column, row)
  let code = column.index.get(text)
  if (code === undefined) {
    code = column.dictionary.push(text) - 1
    column.index.set(text, code)
  }
  ;(column.codes as Int32Array)[row] = code
}

/** Numbers or booleans met text: earlier values become their JSON text, in row order. */
function becomeText(column: JsonColumn, row: number): void {
  const codes = new Int32Array(column.values.length).fill(-1)
  const wasBoolean = column.kind === BOOLEAN
  column.kind = TEXT
  column.codes = codes
  for (let r = 0; r < row; r++) {
    if (column.missing[r] === 1) continue
    const value = column.values[r] as number
    setText(column, wasBoolean ? String(value === 1) : String(value), r)
  }
}

function finish(column: JsonColumn, rowCount: number): Column {
  if (column.kind === TEXT) {
    const codes = fit(column.codes as Int32Array, rowCount)
    let nullCount = 0
    for (let i = 0; i < rowCount; i++) if ((codes[i] as number) < 0) nullCount++
    return { name: column.name, type: 'string', codes, dictionary: column.dictionary, nullCount }
  }
  const missing = fit(column.missing, rowCount)
  let nullCount = 0
  for (let i = 0; i < rowCount; i++) nullCount += missing[i] as number
  return {
    name: column.name,
    type:
      column.kind === BOOLEAN
        ? 'boolean'
        : column.kind === NUMBER && column.whole
          ? 'integer'
          : 'number',
    values: fit(column.values, rowCount),
    missing: nullCount === 0 ? null : missing,
    nullCount,
  }
}
