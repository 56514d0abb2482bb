import type { Column } from '@mlgate/data'
import { describe, expect, it } from 'vitest'
import { binaryLabels } from '../src/labels.ts'

function numbers(values: number[], missingRows: number[] = []): Column {
  const missing = missingRows.length > 0 ? new Uint8Array(values.length) : null
  for (const row of missingRows) missing![row] = 1
  return {
    name: 'label',
    type: 'number',
    // A missing cell keeps whatever value the reader left there: the flag decides.
    values: Float64Array.from(values),
    missing,
    nullCount: missingRows.length,
  }
}

function texts(values: (string | null)[]): Column {
  const dictionary = [...new Set(values.filter((v): v is string => v != null))]
  return {
    name: 'label',
    type: 'string',
    codes: Int32Array.from(values, (v) => (v == null ? -1 : dictionary.indexOf(v))),
    dictionary,
    nullCount: values.filter((v) => v == null).length,
  }
}

const y = (column: Column, positive?: string, classes: (string | number)[] | null = null) => [
  ...binaryLabels(
    column,
    column.type === 'string' ? column.codes.length : column.values.length,
    positive,
    classes,
  ).y,
]

describe('binaryLabels', () => {
  it('takes the label value 1 as positive by default, a missing cell as negative', () => {
    const column = numbers([1, 0, 1, 1, 0], [3])
    const labels = binaryLabels(column, 5, undefined, null)
    expect([...labels.y]).toEqual([1, 0, 1, 0, 0])
    expect([labels.positive, labels.positiveSource]).toEqual(['1', 'default: label value 1'])
  })

  it('matches a positive class given as any spelling of the same number', () => {
    const column = numbers([2, 5, 5, 2, 2])
    for (const spelling of ['5', '5.0', ' 5 ', '5e0'])
      expect(y(column, spelling)).toEqual([0, 1, 1, 0, 0])
    // -0 reads as "0", as its text does.
    expect(y(numbers([-0, 1, 0]), '0')).toEqual([1, 0, 1])
  })

  it('matches non-finite numbers by their text only', () => {
    expect(y(numbers([Infinity, 1, Infinity]), 'Infinity')).toEqual([1, 0, 1])
  })

  it('matches text labels by text or by number, and never a missing cell', () => {
    expect(y(texts(['yes', 'no', null, 'yes']), 'yes')).toEqual([1, 0, 0, 1])
    expect(y(texts(['1.0', '0', '1.0', null]), '1')).toEqual([1, 0, 1, 0])
    expect(y(texts(['pos', 'neg']), undefined, ['neg', 'pos'])).toEqual([1, 0])
  })

  it('refuses more than two label values, or a positive class that never occurs', () => {
    expect(() => y(numbers([0, 1, 2]))).toThrow(/3 distinct values/)
    // NaN (not marked missing) is one value however often it comes, and -0 is 0.
    expect(() => y(numbers([0, 1, NaN, -0, NaN, 1]))).toThrow(/3 distinct values \(0, 1, NaN/)
    expect(() => y(numbers([0, 1]), '3')).toThrow(/never occurs/)
    expect(() => y(texts(['a', 'b']))).toThrow(/Cannot tell the positive class/)
  })

  it('answers the same question of a column once, and each other question anew', () => {
    const column = numbers([2, 5, 5, 2])
    const first = binaryLabels(column, 4, '5', null)
    expect(binaryLabels(column, 4, '5', null)).toBe(first)
    expect([...binaryLabels(column, 4, '2', null).y]).toEqual([1, 0, 0, 1])
    expect([...binaryLabels(column, 3, '5', null).y]).toEqual([0, 1, 1])
    expect(binaryLabels(numbers([2, 5, 5, 2]), 4, '5', null)).not.toBe(first)
    // An answer refused is refused again, not remembered as another's.
    expect(() => binaryLabels(column, 4, '7', null)).toThrow(/never occurs/)
    expect(() => binaryLabels(column, 4, '7', null)).toThrow(/never occurs/)
  })
})
