import { listNames } from './_names.ts'
import { columnRows } from './decimal-column.ts'
import { DataError } from './errors.ts'
import type { Column, Table } from './table.ts'

/** The column called `name`; a DataError naming the source and the columns it has otherwise. */
export function getColumn(table: Table, name: string): Column {
  const column = table.columns.find((candidate) => candidate.name === name)
  if (column === undefined) {
    throw new DataError(
      `has no column "${name}"; its columns are ${listNames(table.columns.map((c) => c.name))}`,
      { file: table.source, column: name },
    )
  }
  return column
}

/**
 * The values of a number, integer or boolean column (booleans as 1/0, missing cells NaN). The
 * array is the column's own: do not write to it.
 */
export function numericValues(table: Table, name: string): Float64Array {
  const column = getColumn(table, name)
  if (column.type === 'string') {
    const examples = column.dictionary.slice(0, 3)
    throw new DataError(
      `holds text (for example ${listNames(examples)}), not numbers; choose a numeric column or fix the values so every cell is a number`,
      { file: table.source, column: name },
    )
  }
  return column.values
}

/** One cell as text, for reports and labels: null when missing; booleans as true/false. */
export function columnStrings(column: Column, row: number): string | null {
  if (column.type === 'string') {
    const code = column.codes[row]
    return code === undefined || code < 0 ? null : (column.dictionary[code] as string)
  }
  const value = column.values[row]
  if (value === undefined || column.missing?.[row] === 1) return null
  if (column.type === 'boolean') return value === 1 ? 'true' : 'false'
  return String(value)
}

/** A table from columns, after checking they have one length and distinct names. */
export function makeTable(source: string, columns: Column[]): Table {
  const seen = new Set<string>()
  const rowCount = columns.length === 0 ? 0 : columnRows(columns[0] as Column)
  for (const column of columns) {
    if (seen.has(column.name)) {
      throw new DataError(`has two columns named "${column.name}"; give each column its own name`, {
        file: source,
        column: column.name,
      })
    }
    seen.add(column.name)
    const length = columnRows(column)
    if (length !== rowCount) {
      throw new DataError(
        `has ${length} rows in column "${column.name}" but ${rowCount} in "${(columns[0] as Column).name}"; every column needs one cell per row`,
        { file: source, column: column.name },
      )
    }
    if (column.type !== 'string' && column.missing != null && column.missing.length !== length) {
      throw new DataError(
        `has ${column.missing.length} missing flags for ${length} values in column "${column.name}"; give one flag per row`,
        { file: source, column: column.name },
      )
    }
  }
  return { source, rowCount, columns }
}

/**
 * Bytes the table's columns occupy (values or decimal keys, flags, codes; not dictionary
 * strings), for memory budgets.
 */
export function decodedByteLength(table: Table): number {
  let bytes = 0
  for (const column of table.columns) {
    if (column.type === 'string') bytes += column.codes.byteLength
    else
      bytes +=
        (column.decimal?.keys ?? column.values).byteLength + (column.missing?.byteLength ?? 0)
  }
  return bytes
}
