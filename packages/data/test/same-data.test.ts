import { describe, expect, it } from 'vitest'
import { readTable } from '../src/index.ts'
import { exact, fixture, view } from './_view.ts'

describe('the same rows as CSV, JSONL and Parquet', () => {
  it('give identical tables', async () => {
    const csv = await readTable(fixture('mixed.csv'))
    const jsonl = await readTable(fixture('mixed.jsonl'))
    const parquet = await readTable(fixture('mixed.parquet'))
    expect(exact(jsonl)).toEqual(exact(csv))
    expect(exact(parquet)).toEqual(exact(csv))
  })

  it('hold the values written in the fixtures', async () => {
    const cells = view(await readTable(fixture('mixed.csv')))
    expect(
      Object.fromEntries(Object.entries(cells).map(([name, column]) => [name, column.type])),
    ).toEqual({
      id: 'integer',
      age: 'integer',
      income: 'number',
      score: 'number',
      city: 'string',
      member: 'boolean',
      note: 'string',
      big: 'integer',
    })
    expect(cells.income?.cells).toEqual([
      52000.5,
      61000.25,
      null,
      48250,
      39999.99,
      120000.75,
      null,
      70500.5,
      88000,
      45500.5,
    ])
    expect(cells.note?.cells).toEqual([
      'first',
      'has, comma',
      null,
      'says "hi"',
      'line\nbreak',
      null,
      'last, but "quoted"',
      'plain',
      null,
      'ten',
    ])
  })
})
