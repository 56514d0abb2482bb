import { DuckDBInstance } from '@duckdb/node-api'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTable, readParquet, readTable, writeParquet } from '../src/index.ts'
import { errorOf, exact, fixture, view } from './_view.ts'

async function rowGroups(path: string): Promise<number[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const result = await connection.runAndReadAll(
    `SELECT row_group_id, max(row_group_num_rows)::INTEGER FROM parquet_metadata('${path}') GROUP BY 1 ORDER BY 1`,
  )
  connection.closeSync()
  instance.closeSync()
  return result.getRows().map((row) => Number(row[1]))
}

describe('readParquet', () => {
  it('reads INT64, DOUBLE, BOOLEAN and string columns with nulls across row groups', async () => {
    const path = fixture('mixed.parquet')
    expect(await rowGroups(path)).toEqual([4, 4, 2])
    const table = await readParquet(path)
    expect(table.rowCount).toBe(10)
    const cells = view(table)
    expect(cells.id).toEqual({ type: 'integer', cells: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })
    expect(cells.age?.cells).toEqual([34, null, 29, 41, 23, 58, null, 37, 62, 30])
    expect(cells.member).toEqual({
      type: 'boolean',
      cells: [true, false, true, null, false, true, true, null, false, true],
    })
    expect(cells.big?.cells).toEqual([
      3000000000, -3000000001, 9007199254740991, 0, 17, 42, -9007199254740991, 123456789012, -5, 10,
    ])
    expect(cells.city?.cells).toEqual([
      'Berlin',
      'Paris',
      'Tokyo',
      null,
      'Berlin',
      'Lima',
      'Paris',
      'Tokyo',
      'Lima',
      'Berlin',
    ])
    const city = table.columns.find((column) => column.name === 'city')
    expect(city?.type === 'string' && city.dictionary).toEqual(['Berlin', 'Paris', 'Tokyo', 'Lima'])
    expect(city?.nullCount).toBe(1)
  })

  it('maps small, unsigned, float, decimal, date, timestamp and UUID columns', async () => {
    const table = await readParquet(fixture('types.parquet'))
    expect(view(table)).toEqual({
      i8: { type: 'integer', cells: [-5, null] },
      i16: { type: 'integer', cells: [-300, null] },
      i32: { type: 'integer', cells: [70000, null] },
      u8: { type: 'integer', cells: [200, null] },
      u32: { type: 'integer', cells: [4000000000, null] },
      u64: { type: 'integer', cells: [12, null] },
      // Parquet has no 128-bit integer: DuckDB writes HUGEINT as DOUBLE.
      i128: { type: 'number', cells: [-7, null] },
      f32: { type: 'number', cells: [1.5, null] },
      dec: { type: 'number', cells: [12.34, null] },
      day: { type: 'string', cells: ['2024-02-29', null] },
      moment: { type: 'string', cells: ['2024-02-29 13:45:00', null] },
      id: { type: 'string', cells: ['b1f6b3f0-6c1e-4c5e-9d57-0a4f5c1e2d3a', null] },
      f64: { type: 'number', cells: [0.1, null] },
    })
  })

  it('refuses an INT64 beyond 2^53 naming the column, unless it is read as text', async () => {
    const path = fixture('beyond-2-53.parquet')
    const error = await errorOf(() => readParquet(path))
    expect(error.message).toMatch(
      /beyond-2-53\.parquet, row 2, column "big": holds the integer 9007199254740993, beyond/,
    )
    expect(error.column).toBe('big')
    const text = await readParquet(path, { types: { big: 'string', huge: 'string' } })
    expect(view(text).big?.cells).toEqual(['9007199254740991', '9007199254740993'])
    expect(view(text).huge?.cells).toEqual(['1', '18446744073709551615'])
    // UINT64 arrives as a double, so the message can only give the value roughly.
    const huge = await errorOf(() => readParquet(path, { columns: ['huge'] }))
    expect(huge.message).toMatch(
      /row 2, column "huge": holds the integer about 18446744073709552000, beyond/,
    )
  })

  it('refuses nested columns by name, and reads the rest with the columns option', async () => {
    const path = fixture('nested.parquet')
    expect((await errorOf(() => readParquet(path))).message).toMatch(
      /column "list": has type INTEGER\[\]/,
    )
    expect(view(await readParquet(path, { columns: ['n'] }))).toEqual({
      n: { type: 'integer', cells: [1] },
    })
  })

  it('says a truncated file is not a valid, complete Parquet file', async () => {
    const path = fixture('truncated.parquet')
    const error = await errorOf(() => readParquet(path))
    expect(error.message).toMatch(/truncated\.parquet: is not a valid, complete Parquet file/)
    expect(error.file).toBe(path)
    const csv = fixture('mixed.csv')
    expect((await errorOf(() => readTable(csv, { format: 'parquet' }))).message).toMatch(
      /not a valid, complete Parquet file/,
    )
  })

  it('applies the types and missing options', async () => {
    const table = await readParquet(fixture('mixed.parquet'), {
      columns: ['age', 'id', 'city'],
      types: { age: 'number', id: 'string' },
      missing: ['Lima', '62'],
    })
    expect(view(table)).toEqual({
      age: { type: 'number', cells: [34, null, 29, 41, 23, 58, null, 37, null, 30] },
      id: { type: 'string', cells: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
      city: {
        type: 'string',
        cells: ['Berlin', 'Paris', 'Tokyo', null, 'Berlin', null, 'Paris', 'Tokyo', null, 'Berlin'],
      },
    })
  })
})

describe('writeParquet', () => {
  it('writes what readParquet reads back, in the row groups asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-data-'))
    const path = join(dir, 'round-trip.parquet')
    const table = await readParquet(fixture('mixed.parquet'))
    await writeParquet(table, path, { rowGroupSize: 3 })
    expect(await rowGroups(path)).toEqual([3, 3, 3, 1])
    expect(exact(await readParquet(path))).toEqual(exact(table))
  })

  it('keeps a NaN that is not missing apart from a missing cell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-data-'))
    const path = join(dir, 'nan.parquet')
    const table = makeTable('made', [
      {
        name: 'x',
        type: 'number',
        values: Float64Array.of(1, NaN, NaN),
        missing: Uint8Array.of(0, 0, 1),
        nullCount: 1,
      },
    ])
    await writeParquet(table, path)
    expect(exact(await readParquet(path))).toEqual(exact(table))
  })

  it('writes number columns held in shared memory (read by several threads)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mlgate-data-')), 'shared.parquet')
    const values = new Float64Array(new SharedArrayBuffer(8 * 5000))
    for (let i = 0; i < values.length; i++) values[i] = i / 8 - 100
    values[7] = NaN
    const missing = new Uint8Array(values.length)
    missing[7] = 1
    const table = makeTable('shared', [
      { name: 'x', type: 'number', values, missing, nullCount: 1 },
    ])
    await writeParquet(table, path, { rowGroupSize: 2048 })
    expect(exact(await readParquet(path))).toEqual(exact(table))
  })

  it('refuses an integer column holding a fraction', async () => {
    const table = makeTable('made', [
      { name: 'n', type: 'integer', values: Float64Array.of(1, 2.5), missing: null, nullCount: 0 },
    ])
    const error = await errorOf(() => writeParquet(table, join(tmpdir(), 'never.parquet')))
    expect(error.message).toMatch(
      /^made, row 2, column "n": the column is typed "integer" but holds 2\.5/,
    )
  })
})
