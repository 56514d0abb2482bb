import { DataError } from '../src/errors.ts'
import type { Column, Table } from '../src/table.ts'

export type Cell = number | boolean | string | null

/** A column's cells as plain values (null when missing), for readable expectations. */
export function cellsOf(column: Column): Cell[] {
  if (column.type === 'string') {
    return Array.from(column.codes, (code) => (code < 0 ? null : (column.dictionary[code] ?? '?')))
  }
  return Array.from(column.values, (value, row) => {
    if (column.missing?.[row] === 1) return null
    return column.type === 'boolean' ? value === 1 : value
  })
}

/** Every column as `name: type` and its cells. */
export function view(table: Table): Record<string, { type: string; cells: Cell[] }> {
  return Object.fromEntries(
    table.columns.map((column) => [column.name, { type: column.type, cells: cellsOf(column) }]),
  )
}

/**
 * The columns exactly as stored (typed arrays as plain arrays), to compare two tables. Whether a
 * number column also holds decimal keys is left out: its values are what it holds.
 */
export function exact(table: Table): unknown {
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((column) => {
      if (column.type === 'string') {
        return { ...column, codes: Array.from(column.codes), dictionary: [...column.dictionary] }
      }
      const { decimal: _keys, ...rest } = column
      return {
        ...rest,
        values: Array.from(column.values),
        missing: column.missing == null ? null : Array.from(column.missing),
      }
    }),
  }
}

/** `exact` of a table; anything else (an error, undefined) as it is. */
export function exactOr(outcome: unknown): unknown {
  return outcome != null && typeof outcome === 'object' && 'columns' in outcome
    ? exact(outcome as Table)
    : outcome
}

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text)

export const fixture = (name: string): string =>
  new URL(`./fixtures/${name}`, import.meta.url).pathname

/** The DataError `run` rejects with; any other outcome fails the test. */
export async function errorOf(run: () => Promise<unknown>): Promise<DataError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof DataError) return error
    throw error
  }
  throw new Error('expected a DataError')
}
