// Table comparison for the Parquet decoder's tests: every column's name, type, null count and
// arrays, then every cell with Object.is (so -0 is not 0 and NaN equals NaN).
import { expect } from 'vitest'
import type { Column, Table } from '../src/table.ts'

/** The first row where two arrays differ (Object.is: -0 is not 0, NaN is NaN), or null. */
function expectSameCells(
  column: string,
  part: string,
  decoded: ArrayLike<unknown>,
  duckdb: ArrayLike<unknown>,
): void {
  let row = decoded.length === duckdb.length ? -1 : Math.min(decoded.length, duckdb.length)
  for (let i = 0; row < 0 && i < decoded.length; i++) if (!Object.is(decoded[i], duckdb[i])) row = i
  const lengths = [decoded.length, duckdb.length]
  const difference = { column, part, row, lengths, decoded: decoded[row], duckdb: duckdb[row] }
  expect(row < 0 ? null : difference).toBeNull()
}

/** Everything about a column but its cells, for a readable first comparison. */
const shapeOf = (column: Column): unknown => ({
  name: column.name,
  type: column.type,
  nullCount: column.nullCount,
  arrays:
    column.type === 'string'
      ? [column.codes.constructor.name]
      : [column.values.constructor.name, column.missing?.constructor.name ?? 'no missing mask'],
})

/** Fails unless `decoded` is a table equal to `reference` in every column and cell. */
export function expectSameTable(decoded: Table | string, reference: Table): void {
  if (typeof decoded === 'string') throw new Error(`the decoder left the file: ${decoded}`)
  expect(decoded.source).toBe(reference.source)
  expect(decoded.rowCount).toBe(reference.rowCount)
  expect(decoded.columns.map(shapeOf)).toEqual(reference.columns.map(shapeOf))
  reference.columns.forEach((expected, c) => {
    const actual = decoded.columns[c] as Column
    if (actual.type === 'string' && expected.type === 'string') {
      expectSameCells(actual.name, 'dictionary', actual.dictionary, expected.dictionary)
      expectSameCells(actual.name, 'codes', actual.codes, expected.codes)
    } else if (actual.type !== 'string' && expected.type !== 'string') {
      expectSameCells(actual.name, 'values', actual.values, expected.values)
      expectSameCells(actual.name, 'missing', actual.missing ?? [], expected.missing ?? [])
    }
  })
}
