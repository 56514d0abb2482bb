import { numberFromText } from './_number-text.ts'
import { DataError } from './errors.ts'
import type { Column, ColumnType, NumberColumn, StringColumn } from './table.ts'

/** Where a row came from, for errors: the file and, when the format has lines, the line. */
export type RowPlace = { readonly file: string; readonly lineOfRow?: (row: number) => number }

/**
 * `column` as `type`, for the types option of formats whose cells arrive typed (JSONL,
 * Parquet). Text becomes numbers only when every value reads as one; numbers become text as
 * `String(value)` would write them.
 */
export function convertColumn(column: Column, type: ColumnType, place: RowPlace): Column {
  if (column.type === type) return column
  if (type === 'string') return toText(column as NumberColumn)
  if (column.type === 'string') return fromText(column, type, place)
  const values = column.values
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as number
    if (column.missing != null && column.missing[row] === 1) continue
    const fits =
      type === 'number' ||
      (type === 'integer' && Number.isInteger(value)) ||
      (type === 'boolean' && (value === 0 || value === 1))
    if (!fits) throw mismatch(column.name, type, String(value), row, place)
  }
  return { ...column, type }
}

function toText(column: NumberColumn): StringColumn {
  const dictionary: string[] = []
  const index = new Map<string, number>()
  const codes = new Int32Array(column.values.length)
  column.values.forEach((value, row) => {
    if (column.missing != null && column.missing[row] === 1) {
      codes[row] = -1
      return
    }
    const text = column.type === 'boolean' ? String(value === 1) : String(value)
    let code = index.get(text)
    if (code === undefined) {
      code = dictionary.length
      dictionary.push(text)
      index.set(text, code)
    }
    codes[row] = code
  })
  return { name: column.name, type: 'string', codes, dictionary, nullCount: column.nullCount }
}

function fromText(column: StringColumn, type: ColumnType, place: RowPlace): NumberColumn {
  // Convert each distinct text once; remember the first row that uses it for the error.
  const converted = column.dictionary.map((text) => textValue(text, type))
  const { codes } = column
  const values = new Float64Array(codes.length)
  const missing = column.nullCount > 0 ? new Uint8Array(codes.length) : null
  for (let row = 0; row < codes.length; row++) {
    const code = codes[row] as number
    if (code < 0) {
      values[row] = NaN
      if (missing != null) missing[row] = 1
      continue
    }
    const value = converted[code]
    if (value === undefined) {
      throw mismatch(column.name, type, column.dictionary[code] as string, row, place)
    }
    values[row] = value
  }
  return {
    name: column.name,
    type: type as NumberColumn['type'],
    values,
    missing,
    nullCount: column.nullCount,
  }
}

function textValue(text: string, type: ColumnType): number | undefined {
  if (type === 'boolean') {
    const lower = text.toLowerCase()
    if (lower === 'true' || text === '1') return 1
    if (lower === 'false' || text === '0') return 0
    return undefined
  }
  const value = numberFromText(text)
  if (value === undefined || (type === 'integer' && !Number.isInteger(value))) return undefined
  return value
}

function mismatch(
  column: string,
  type: ColumnType,
  found: string,
  row: number,
  place: RowPlace,
): DataError {
  const expected =
    type === 'boolean'
      ? 'true, false, 1 or 0'
      : type === 'integer'
        ? 'a whole number'
        : 'a number such as 12, -0.5 or 1e-3'
  const where =
    place.lineOfRow === undefined
      ? { file: place.file, row, column }
      : { file: place.file, line: place.lineOfRow(row), column }
  return new DataError(
    `expected ${expected} (the types option reads the column as "${type}") but found ${JSON.stringify(found)}; fix the value, add it to the missing option, or read the column as "string"`,
    where,
  )
}
