import { BIGINT, DOUBLE, DuckDBDataChunk, DuckDBInstance, VARCHAR } from '@duckdb/node-api'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { duckdbOptions } from '../src/_duckdb.ts'
import {
  createVectorColumn,
  finishVectorColumn,
  readChunk,
  rowRuns,
  type ChunkReader,
} from '../src/_parquet-columns.ts'
import { makeTable, readParquet, writeParquet } from '../src/index.ts'
import type { Column, Table } from '../src/table.ts'
import { cellsOf, errorOf, exact } from './_view.ts'

// readParquet takes chunks in whatever order DuckDB's threads finish them and puts each where
// its row numbers say. A file with a column named file_row_number hides those numbers and is
// read in order instead: the simple path every test here compares with.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-placed-'))
const instance = await DuckDBInstance.create(':memory:')
const connection = await instance.connect()
afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

/** Writes `select` (a query over range(rows) t(i)) to two files: as is, and with i as file_row_number. */
async function writeBoth(name: string, select: string, rows: number): Promise<[string, string]> {
  const placed = join(dir, `${name}.parquet`)
  const ordered = join(dir, `${name}-ordered.parquet`)
  const from = `FROM range(${rows}) t(i)`
  const options = '(FORMAT parquet, ROW_GROUP_SIZE 2048)'
  await connection.run(`COPY (SELECT ${select} ${from}) TO '${placed}' ${options}`)
  await connection.run(
    `COPY (SELECT ${select}, i AS file_row_number ${from}) TO '${ordered}' ${options}`,
  )
  return [placed, ordered]
}

const withoutRowNumber = (table: Table): Table => ({
  ...table,
  source: '',
  columns: table.columns.filter((column) => column.name !== 'file_row_number'),
})

/** A string column whose dictionary lists values in the order rows first use them. */
function textColumn(name: string, cells: readonly (string | null)[]): Column {
  const dictionary: string[] = []
  const index = new Map<string, number>()
  const codes = Int32Array.from(cells, (cell) => {
    if (cell == null) return -1
    let code = index.get(cell)
    if (code === undefined) index.set(cell, (code = dictionary.push(cell) - 1))
    return code
  })
  return {
    name,
    type: 'string',
    codes,
    dictionary,
    nullCount: cells.filter((c) => c == null).length,
  }
}

function numberColumn(
  name: string,
  type: 'number' | 'integer' | 'boolean',
  cells: readonly (number | null)[],
): Column {
  const missing = Uint8Array.from(cells, (cell) => (cell == null ? 1 : 0))
  const nullCount = missing.reduce((sum, flag) => sum + flag, 0)
  return {
    name,
    type,
    values: Float64Array.from(cells, (cell) => cell ?? NaN),
    missing: nullCount > 0 ? missing : null,
    nullCount,
  }
}

describe('readParquet on many row groups', () => {
  it('gives the table that was written: numbers, integers, booleans and strings with nulls', async () => {
    const rows = 9000
    let seed = 7
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T
    // New string values keep appearing late, so the dictionary's order shows whether rows were
    // put back in order before it was made; long strings (over 12 bytes) live outside the record.
    const words = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? `long value number ${i} ünïcödé` : `v${i}`,
    )
    const text = Array.from({ length: rows }, (_, row) =>
      next() < 0.05
        ? null
        : row % 1000 === 999
          ? `late ${row}`
          : pick(words.slice(0, 1 + (row >> 5))),
    )
    const table = makeTable('made', [
      numberColumn(
        'x',
        'number',
        Array.from({ length: rows }, () => (next() < 0.1 ? null : next() * 1e6 - 5e5)),
      ),
      numberColumn(
        'n',
        'integer',
        Array.from({ length: rows }, (_, row) =>
          row % 997 === 0
            ? pick([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, null])
            : next() < 0.02
              ? null
              : Math.floor(next() * 2 ** 40) - 2 ** 39,
        ),
      ),
      numberColumn(
        'flag',
        'boolean',
        Array.from({ length: rows }, () => (next() < 0.1 ? null : next() < 0.5 ? 1 : 0)),
      ),
      textColumn('word', text),
      textColumn(
        'short',
        Array.from({ length: rows }, (_, row) =>
          row % 11 === 0 ? null : pick(['', 'a', 'bb', 'twelve bytes', 'thirteen byte', 'é']),
        ),
      ),
    ])
    const placed = join(dir, 'made.parquet')
    await writeParquet(table, placed, { rowGroupSize: 700 })
    const read = await readParquet(placed)
    expect(exact({ ...read, source: '' })).toEqual(exact({ ...table, source: '' }))

    const ordered = join(dir, 'made-ordered.parquet')
    const numbers = numberColumn(
      'file_row_number',
      'integer',
      Array.from({ length: rows }, (_, row) => row),
    )
    await writeParquet(makeTable('made', [...table.columns, numbers]), ordered, {
      rowGroupSize: 700,
    })
    expect(exact(withoutRowNumber(await readParquet(ordered)))).toEqual(
      exact({ ...read, source: '' }),
    )
  })

  it('reads every integer width and its nulls as the in-order path does', async () => {
    const select = [
      'CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 256 - 128)::TINYINT END AS i8',
      '(i * 37 % 65536 - 32768)::SMALLINT AS i16',
      'CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 7919 - 40000000)::INTEGER END AS i32',
      '(i % 256)::UTINYINT AS u8',
      '(i * 429497)::UINTEGER AS u32',
      'CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 1000000007 - 4000000000000)::BIGINT END AS i64',
      '(i * 1000003)::UBIGINT AS u64',
      'CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END AS yes',
    ].join(', ')
    const [placed, ordered] = await writeBoth('widths', select, 10000)
    const table = await readParquet(placed)
    expect(exact({ ...table, source: '' })).toEqual(
      exact(withoutRowNumber(await readParquet(ordered))),
    )
    const cell = (name: string, row: number): number | undefined => {
      const column = table.columns.find((c) => c.name === name)
      return column?.type === 'string' ? undefined : column?.values[row]
    }
    expect(cell('i8', 9999)).toBe((9999 % 256) - 128)
    expect(cell('u32', 9999)).toBe(9999 * 429497)
    expect(cell('i64', 9998)).toBe(9998 * 1000000007 - 4000000000000)
    expect(cell('yes', 9999)).toBe(1)
    expect(table.columns.map((c) => [c.name, c.type, c.nullCount])).toEqual([
      ['i8', 'integer', 1429],
      ['i16', 'integer', 0],
      ['i32', 'integer', 2000],
      ['u8', 'integer', 0],
      ['u32', 'integer', 0],
      ['i64', 'integer', 3334],
      ['u64', 'integer', 0],
      ['yes', 'boolean', 2500],
    ])
  })

  it('refuses the first integer beyond 2^53 by row, then column, whichever chunk comes first', async () => {
    const beyond = (rows: string, plus: number): string =>
      `CASE WHEN i IN (${rows}) THEN 9007199254740992::BIGINT + ${plus} + i ELSE i END`
    const select = `${beyond('9000', 1)} AS a, ${beyond('5000, 9500', 0)} AS b, ${beyond('5000', 1)} AS c`
    const [placed, ordered] = await writeBoth('beyond', select, 10000)
    for (const path of [placed, ordered]) {
      const error = await errorOf(() => readParquet(path))
      expect(error.message).toMatch(
        /row 5001, column "b": holds the integer 9007199254745992, beyond/,
      )
      expect(error.row).toBe(5000)
    }
    const wide = join(dir, 'beyond-wide.parquet')
    await connection.run(
      `COPY (SELECT CASE WHEN i = 6000 THEN 18446744073709551615 ELSE i END::UBIGINT AS u FROM range(10000) t(i)) TO '${wide}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
    )
    expect((await errorOf(() => readParquet(wide))).message).toMatch(
      /row 6001, column "u": holds the integer about 18446744073709552000, beyond/,
    )
  })
})

describe('rowRuns', () => {
  const chunkOf = (numbers: readonly number[]): DuckDBDataChunk => {
    const chunk = DuckDBDataChunk.create([BIGINT], numbers.length)
    chunk.setColumnValues(
      0,
      numbers.map((n) => BigInt(n)),
    )
    return chunk
  }

  it('splits a chunk into runs of consecutive row numbers', () => {
    const numbers = [5, 6, 7, 0, 1, 9, 4294967296, 4294967297]
    expect(rowRuns(chunkOf(numbers), 0, numbers.length, 2 ** 33, 'f')).toEqual([
      0, 3, 5, 3, 5, 0, 5, 6, 9, 6, 8, 4294967296,
    ])
  })

  it('refuses row numbers past the count the metadata gives', () => {
    expect(() => rowRuns(chunkOf([8, 9, 10]), 0, 3, 10, 'f.parquet')).toThrow(
      /f\.parquet: the file holds more rows than its metadata counts/,
    )
  })
})

describe('readChunk', () => {
  const chunkOf = (texts: (string | null)[], numbers: (number | null)[]): DuckDBDataChunk => {
    const chunk = DuckDBDataChunk.create([VARCHAR, DOUBLE], texts.length)
    chunk.setColumnValues(0, texts)
    chunk.setColumnValues(1, numbers)
    return chunk
  }

  it('puts chunks where their runs say, and orders the dictionary by row, not by arrival', () => {
    const reader: ChunkReader = {
      columns: [
        createVectorColumn('s', 'text', 'string', 8),
        createVectorColumn('x', 'wide', 'integer', 8),
      ],
      file: 'f',
      beyond: null,
    }
    // Rows 4-6 arrive first, then rows 0-3 as two runs (rows 2-3, then rows 0-1), then row 7.
    readChunk(
      chunkOf(['long string past twelve', 'a', null], [2 ** 60, 5, null]),
      3,
      reader,
      [0, 3, 4],
    )
    readChunk(chunkOf(['c', null, 'b', 'a'], [2, 2 ** 61, 0, 1]), 4, reader, [0, 2, 2, 2, 4, 0])
    readChunk(chunkOf(['d'], [2 ** 62]), 1, reader, [0, 1, 7])
    const [s, x] = reader.columns.map(finishVectorColumn) as [Column, Column]
    expect(cellsOf(s)).toEqual(['b', 'a', 'c', null, 'long string past twelve', 'a', null, 'd'])
    expect(s.type === 'string' && s.dictionary).toEqual([
      'b',
      'a',
      'c',
      'long string past twelve',
      'd',
    ])
    expect(s.nullCount).toBe(2)
    expect(cellsOf(x)).toEqual([0, 1, 2, 2 ** 61, 2 ** 60, 5, null, 2 ** 62])
    expect(x.nullCount).toBe(1)
    // The first too-large integer by row, neither the first nor the last to arrive.
    expect(reader.beyond).toEqual({ row: 3, column: 1, value: 2 ** 61 })
  })
})

describe('duckdbOptions', () => {
  it('lets results come in any order only for reading, and takes MLGATE_THREADS', () => {
    expect(duckdbOptions(true, {})).toEqual({})
    expect(duckdbOptions(false, {})).toEqual({ preserve_insertion_order: 'false' })
    expect(duckdbOptions(false, { MLGATE_THREADS: ' 1 ' })).toEqual({
      preserve_insertion_order: 'false',
      threads: '1',
    })
    for (const ignored of ['', '0', 'many', '1.5', '-2']) {
      expect(duckdbOptions(true, { MLGATE_THREADS: ignored })).toEqual({})
    }
  })
})
