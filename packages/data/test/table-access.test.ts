import { describe, expect, it } from 'vitest'
import {
  columnStrings,
  DataError,
  decodedByteLength,
  getColumn,
  makeTable,
  numericValues,
  parseCsv,
} from '../src/index.ts'
import { bytesOf } from './_view.ts'

const table = parseCsv(bytesOf('n,s,b,i\n1.5,x,true,3\n,y,false,\n'), 'small.csv')

function errorOf(run: () => unknown): DataError {
  try {
    run()
  } catch (error) {
    if (error instanceof DataError) return error
    throw error
  }
  throw new Error('expected a DataError')
}

describe('table access', () => {
  it('getColumn names the column, the source and what exists', () => {
    expect(getColumn(table, 's').type).toBe('string')
    expect(errorOf(() => getColumn(table, 'nope')).message).toBe(
      'small.csv, column "nope": has no column "nope"; its columns are "n", "s", "b", "i"',
    )
  })

  it('numericValues gives numbers and refuses text', () => {
    expect(Array.from(numericValues(table, 'n'))).toEqual([1.5, NaN])
    expect(Array.from(numericValues(table, 'b'))).toEqual([1, 0])
    expect(errorOf(() => numericValues(table, 's')).message).toMatch(
      /^small\.csv, column "s": holds text \(for example "x", "y"\)/,
    )
  })

  it('columnStrings writes a cell as text, null when missing', () => {
    const cells = table.columns.map((column) => [
      columnStrings(column, 0),
      columnStrings(column, 1),
    ])
    expect(cells).toEqual([
      ['1.5', null],
      ['x', 'y'],
      ['true', 'false'],
      ['3', null],
    ])
  })

  it('makeTable checks lengths and names', () => {
    const a = {
      name: 'a',
      type: 'number',
      values: Float64Array.of(1, 2),
      missing: null,
      nullCount: 0,
    } as const
    expect(makeTable('made', [a]).rowCount).toBe(2)
    expect(makeTable('made', []).rowCount).toBe(0)
    expect(errorOf(() => makeTable('made', [a, a])).message).toMatch(
      /^made, column "a": has two columns named "a"/,
    )
    const short = { ...a, name: 'b', values: Float64Array.of(1) }
    expect(errorOf(() => makeTable('made', [a, short])).message).toMatch(
      /has 1 rows in column "b" but 2 in "a"/,
    )
  })

  it('decodedByteLength counts values, flags and codes', () => {
    // n and i are read as decimal keys: 2 × 4 + 2 flag bytes each; s: 8; b: 16 (doubles).
    expect(getColumn(table, 'n')).toHaveProperty('decimal.scale', 1)
    expect(decodedByteLength(table)).toBe(44)
  })
})
