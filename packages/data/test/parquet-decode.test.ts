// Proves that decodeParquet (mlgate's own Parquet decoder) gives exactly the table the DuckDB
// reader gives (parquet-read.ts): every column's name, type, null count, values (Object.is, so
// -0 and NaN count), missing mask, codes and dictionary order, on one thread and on two. Where
// the decoder leaves a file to DuckDB it must say why, and readParquet (the package's reader,
// which tries the decoder first) must still give DuckDB's table or DuckDB's error.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as WorkerThreads from 'node:worker_threads'
import * as zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { readParquet, type ReadOptions, type Table } from '../src/index.ts'
import { freeCores } from '../src/busy-cores.ts'
import { decodeParquet } from '../src/parquet-decode.ts'
import { readParquet as readWithDuckdb } from '../src/parquet-read.ts'
import { expectSameTable } from './_parquet-compare.ts'

// Counts the decoder's second threads, so the two-thread comparisons show they used one.
const threads = vi.hoisted(() => ({ started: 0 }))
vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof WorkerThreads>()
  class CountedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args)
      threads.started++
    }
  }
  return { ...actual, Worker: CountedWorker }
})

const dir = mkdtempSync(join(tmpdir(), 'mlgate-decode-'))
let instance: DuckDBInstance
let connection: DuckDBConnection

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
})

afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

/** Writes `select`'s rows as `name`.parquet with DuckDB's COPY `options`; returns the path. */
async function write(name: string, select: string, options = ''): Promise<string> {
  const path = join(dir, `${name}.parquet`)
  await connection.run(`COPY (${select}) TO '${path}' (FORMAT parquet${options})`)
  return path
}

/** The file's row groups and the encodings of its column chunks, as DuckDB's metadata gives them. */
async function layoutOf(path: string): Promise<{ groups: number; encodings: Set<string> }> {
  const sql = `SELECT row_group_id, encodings FROM parquet_metadata('${path}')`
  const rows = (await connection.runAndReadAll(sql)).getRows()
  return {
    groups: new Set(rows.map((row) => row[0])).size,
    encodings: new Set(rows.flatMap((row) => String(row[1]).split(','))),
  }
}

/** Both decoder paths (one thread, then two) against DuckDB's table; returns that table. */
async function expectDecodedLikeDuckdb(path: string, options?: ReadOptions): Promise<Table> {
  const reference = await readWithDuckdb(path, options)
  expectSameTable(await decodeParquet(path, options), reference)
  const before = threads.started
  expectSameTable(await decodeParquet(path, options, 0), reference)
  const split = freeCores() >= 2 && reference.columns.length >= 2
  expect(threads.started - before).toBe(split ? 1 : 0)
  return reference
}

const valuesOf = (table: Table, name: string): number[] => {
  const column = table.columns.find((candidate) => candidate.name === name)
  return column === undefined || column.type === 'string' ? [] : Array.from(column.values)
}

const messageOf = (result: Table | Error): string =>
  result instanceof Error ? result.message : 'a table'

const outcome = (read: Promise<Table>): Promise<Table | Error> =>
  read.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))

/**
 * The decoder leaves the file to DuckDB with a reason matching `reason`, and readParquet gives
 * what the DuckDB reader gives: the same table, or an error with the same message.
 */
async function expectLeftToDuckdb(
  path: string,
  reason: RegExp,
  options?: ReadOptions,
): Promise<Table | Error> {
  const decoded = await decodeParquet(path, options)
  expect(typeof decoded === 'string' ? decoded : 'a table').toMatch(reason)
  const reference = await outcome(readWithDuckdb(path, options))
  const read = await outcome(readParquet(path, options))
  if (reference instanceof Error) {
    expect(messageOf(read)).toBe(reference.message)
  } else {
    if (read instanceof Error) throw read
    expectSameTable(read, reference)
  }
  return reference
}

/**
 * Every type and value the decoder reads, PLAIN and dictionary encoded, with nulls; `shift` and
 * `late` change encoding between row groups, `last_null` has its only null in the last one.
 */
const WIDE = `SELECT i AS row_id,
  CASE i % 13 WHEN 0 THEN NULL WHEN 1 THEN '-0.0'::DOUBLE WHEN 2 THEN 'NaN'::DOUBLE
    WHEN 3 THEN 'inf'::DOUBLE WHEN 4 THEN '-inf'::DOUBLE WHEN 5 THEN 1.7976931348623157e308
    WHEN 6 THEN 5e-324 WHEN 7 THEN -2.2250738585072014e-308 WHEN 8 THEN -999
    ELSE i * 0.37 - 500 END::DOUBLE AS dbl,
  CASE WHEN i % 17 = 0 THEN NULL ELSE ((i % 40) - 20) / 4 END::DOUBLE AS ties,
  CASE i % 11 WHEN 0 THEN NULL WHEN 1 THEN 'NaN'::REAL WHEN 2 THEN '-inf'::REAL
    WHEN 3 THEN 3.4e38::REAL WHEN 4 THEN '-0.0'::REAL ELSE (i % 300) / 8 END::REAL AS real,
  CASE i % 9 WHEN 0 THEN NULL WHEN 4 THEN -999 ELSE i * 7919 % 100003 - 50000 END::INTEGER AS int,
  CASE i % 10 WHEN 0 THEN 9007199254740991 WHEN 1 THEN -9007199254740991 WHEN 2 THEN NULL
    ELSE i * 1000003 - 3000000000 END::BIGINT AS big,
  CASE WHEN i % 7 = 3 THEN NULL ELSE i % 600 - 300 END::SMALLINT AS small,
  CASE WHEN i % 5 = 1 THEN NULL ELSE i % 256 - 128 END::TINYINT AS tiny,
  CASE WHEN i % 6 = 2 THEN NULL ELSE i % 256 END::UTINYINT AS utiny,
  CASE WHEN i % 8 = 5 THEN NULL ELSE i * 13 % 65536 END::USMALLINT AS usmall,
  CASE i % 5 WHEN 0 THEN 4294967295 WHEN 1 THEN NULL
    ELSE i * 700001 % 4294967296 END::UINTEGER AS uint,
  CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
  ['a', '', 'say "hi"', 'x,y', 'line' || chr(10) || 'break', 'é', '日本', '🙂', NULL][i % 9 + 1]
    AS word,
  CASE WHEN i % 19 = 0 THEN NULL WHEN i % 23 = 1 THEN ''
    ELSE 'id-' || i || CASE WHEN i % 4 = 0 THEN 'é' ELSE '' END END AS id,
  CASE WHEN i < 3000 THEN 'w' || (i % 5) ELSE 'id-' || (6000 - i) END AS shift,
  CASE WHEN i >= 4096 THEN 'z' || (i % 3) END AS late,
  CASE WHEN i = 5999 THEN NULL ELSE i END AS last_null,
  CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 37 % 1000)::VARCHAR END AS digits,
  ['NA', '-999', 'x', '7'][i % 4 + 1] AS code,
  CAST(NULL AS DOUBLE) AS nothing,
  CAST(NULL AS VARCHAR) AS no_text,
  NULL AS untyped
FROM range(6000) t(i)`

/** Low-cardinality columns only, which PARQUET_VERSION V2 still writes dictionary encoded. */
const DICTIONARY = `SELECT
  CASE WHEN i % 17 = 0 THEN NULL WHEN i % 17 = 1 THEN '-0.0'::DOUBLE
    ELSE ((i % 40) - 20) / 4 END::DOUBLE AS ties,
  CASE i % 11 WHEN 0 THEN NULL WHEN 1 THEN 'NaN'::REAL ELSE (i % 30) / 8 END::REAL AS real,
  CASE WHEN i % 9 = 0 THEN NULL ELSE i % 50 - 25 END::INTEGER AS int,
  CASE i % 10 WHEN 0 THEN 9007199254740991 WHEN 1 THEN -9007199254740991 WHEN 2 THEN NULL
    ELSE i % 20 END::BIGINT AS big,
  CASE WHEN i % 5 = 1 THEN NULL ELSE i % 20 - 10 END::TINYINT AS tiny,
  CASE i % 5 WHEN 0 THEN 4294967295 WHEN 1 THEN NULL ELSE i % 7 END::UINTEGER AS uint,
  CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
  i % 2 = 0 AS always,
  ['a', '', 'say "hi"', 'é', '日本', '🙂', NULL][i % 7 + 1] AS word,
  'k' || (i * 7 % 30) AS "clé 日本, ""q""",
  'same' AS constant,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 7 END::INTEGER AS seven
FROM range(6000) t(i)`

const zstdInNode = 'zstdDecompressSync' in zlib

/** Why the decoder must leave a matrix file to DuckDB, or null when it must decode it. */
function leftBecause(codec: string, version: string, table: string): RegExp | null {
  if (codec === 'lz4') return /^codec 7$/ // LZ4_RAW
  if (codec === 'zstd' && !zstdInNode) return /^zstd needs a newer Node$/
  // V2 writes integers DELTA_BINARY_PACKED: `big` goes from 2^53 - 1 to -(2^53 - 1), a
  // difference doubles do not hold exactly (the file decodes without that column, below).
  if (version === 'V2' && table === 'wide') return /^deltas too wide for doubles$/
  return null
}

const CODECS = ['uncompressed', 'snappy', 'gzip', 'brotli', 'zstd', 'lz4']
const MATRIX = CODECS.flatMap((codec) =>
  ['V1', 'V2'].flatMap((version) =>
    ['wide', 'dictionary'].map((table) => ({ codec, version, table })),
  ),
)

describe('decodeParquet against the DuckDB reader', () => {
  it.each(MATRIX)('$table table, $codec, $version', async ({ codec, version, table }) => {
    const select = table === 'wide' ? WIDE : DICTIONARY
    const options = `, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048, PARQUET_VERSION ${version}`
    const path = await write(`${table}-${codec}-${version}`, select, options)
    const layout = await layoutOf(path)
    // Row groups of 2048, 2048 and 1904 rows (DuckDB rounds smaller sizes up to 2048).
    expect(layout.groups).toBe(3)
    expect(layout.encodings).toContain(version === 'V1' ? 'PLAIN_DICTIONARY' : 'RLE_DICTIONARY')
    if (table === 'wide') expect(layout.encodings).toContain('PLAIN')
    const reason = leftBecause(codec, version, table)
    if (reason != null) {
      const reference = await expectLeftToDuckdb(path, reason)
      const codecDecoded = leftBecause(codec, 'V1', table) == null
      if (codecDecoded && version === 'V2' && table === 'wide' && !(reference instanceof Error)) {
        // Every other column, in V2's encodings.
        const v2 = ['DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'BYTE_STREAM_SPLIT']
        expect([...layout.encodings]).toEqual(expect.arrayContaining(v2))
        const columns = reference.columns.map((column) => column.name).filter((n) => n !== 'big')
        await expectDecodedLikeDuckdb(path, { columns })
      }
      return
    }
    const reference = await expectDecodedLikeDuckdb(path)
    expect(reference.rowCount).toBe(6000)
    // The values that tell readers apart really are in the file (toEqual tells -0 from 0).
    if (table === 'dictionary') expect(valuesOf(reference, 'ties').slice(1, 3)).toEqual([-0, -4.5])
    else {
      expect({
        dbl: valuesOf(reference, 'dbl').slice(1, 9),
        real: valuesOf(reference, 'real').slice(1, 5),
        big: valuesOf(reference, 'big').slice(0, 2),
        uint: valuesOf(reference, 'uint')[0],
      }).toEqual({
        dbl: [
          -0,
          NaN,
          Infinity,
          -Infinity,
          Number.MAX_VALUE,
          5e-324,
          -2.2250738585072014e-308,
          -999,
        ],
        real: [NaN, -Infinity, Math.fround(3.4e38), -0],
        big: [9007199254740991, -9007199254740991],
        uint: 4294967295,
      })
    }
  })

  it('reads a large file the same on one thread and on two', async () => {
    const path = await write(
      'large',
      `SELECT i AS row_id,
        CASE WHEN i % 7 = 0 THEN NULL ELSE i * 1.25 - 99999.5 END::DOUBLE AS x,
        CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 97) / 8 END::DOUBLE AS ties,
        CASE WHEN i % 13 = 0 THEN NULL ELSE i * 31 % 70001 END::INTEGER AS n,
        (i * 2654435761 % 9007199254740991)::BIGINT AS big,
        (i % 100)::REAL / 3 AS f,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END AS flag,
        ['north', 'south', 'east', 'west', NULL][i % 5 + 1] AS region,
        'user-' || (i * 7 % 200000) AS user,
        CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || (i % 1000) END AS code
      FROM range(200000) t(i)`,
    )
    expect((await layoutOf(path)).groups).toBe(2)
    const reference = await expectDecodedLikeDuckdb(path)
    expect(reference.rowCount).toBe(200000)
    expect(reference.columns).toHaveLength(10)
  })

  it.each([0, 1])('reads a file of %i rows', async (rows) => {
    const path = await write(`rows-${rows}`, `${WIDE} LIMIT ${rows}`)
    const reference = await expectDecodedLikeDuckdb(path)
    expect([reference.rowCount, reference.columns.length]).toEqual([rows, 22])
  })
})

describe('decodeParquet with read options, against the DuckDB reader', () => {
  let path: string
  beforeAll(async () => {
    path = await write('options', WIDE, ', COMPRESSION snappy, ROW_GROUP_SIZE 2048')
  })

  it.each<[string, ReadOptions]>([
    ['columns: a subset in another order', { columns: ['word', 'big', 'shift', 'dbl', 'flag'] }],
    ['types that convert', { types: { int: 'number', digits: 'integer', tiny: 'number' } }],
    ['missing texts and numbers', { missing: ['NA', '-999'] }],
    [
      'columns, types and missing together',
      {
        columns: ['digits', 'code', 'int', 'dbl', 'real'],
        types: { digits: 'integer', real: 'number' },
        missing: ['NA', '-999', '7'],
      },
    ],
  ])('%s', async (_, options) => {
    const reference = await expectDecodedLikeDuckdb(path, options)
    const wanted = options.columns ?? reference.columns.map((column) => column.name)
    expect(reference.columns.map((column) => column.name)).toEqual(wanted)
    for (const [name, type] of Object.entries(options.types ?? {})) {
      expect(reference.columns.find((column) => column.name === name)?.type).toBe(type)
    }
  })

  it('leaves a number read as text to DuckDB, which spells it', async () => {
    const options: ReadOptions = {
      columns: ['big', 'flag'],
      types: { big: 'string', flag: 'string' },
    }
    const reference = await expectLeftToDuckdb(path, /^column big is read as text$/, options)
    expect(reference instanceof Error ? reference : reference.columns.map((c) => c.type)).toEqual([
      'string',
      'string',
    ])
  })

  it('gives DuckDB the options it refuses, and readParquet its error', async () => {
    const fraction = await expectLeftToDuckdb(path, /column "dbl"/, { types: { dbl: 'integer' } })
    expect(messageOf(fraction)).toMatch(/row 3, column "dbl": expected a whole number/)
    const absent = await expectLeftToDuckdb(path, /nope/, { columns: ['nope'] })
    expect(messageOf(absent)).toMatch(/the columns option asks for "nope"/)
  })
})

describe('files decodeParquet leaves to DuckDB', () => {
  const typeLeft = (name: string): RegExp =>
    new RegExp(`^column ${name} has a type the decoder leaves to DuckDB$`)

  it.each([
    ['DATE', 'day', `DATE '2024-02-27' + i::INTEGER`],
    ['DECIMAL', 'price', '(i / 4)::DECIMAL(10, 2)'],
    ['TIMESTAMP', 'at', `TIMESTAMP '2024-02-29 13:45:00' + i * INTERVAL 1 HOUR`],
    ['UBIGINT', 'count', '(i * 3)::UBIGINT'],
  ])('a %s column, read as DuckDB reads it', async (type, name, value) => {
    const path = await write(
      `left-${type}`,
      `SELECT i AS n, ${value} AS ${name} FROM range(50) t(i)`,
    )
    expect(await expectLeftToDuckdb(path, typeLeft(name))).not.toBeInstanceOf(Error)
  })

  it.each([
    ['STRUCT', `{'a': i, 'b': 'x' || i}`, /^the schema is nested$/],
    ['LIST', '[i, i + 1]', /^the schema is nested$/],
    ['BLOB', `('\\xAA' || i)::BLOB`, typeLeft('odd')],
  ])('a %s column, refused as DuckDB refuses it, the rest read', async (type, value, reason) => {
    const path = await write(
      `refused-${type}`,
      `SELECT i AS n, ${value} AS odd FROM range(50) t(i)`,
    )
    expect(messageOf(await expectLeftToDuckdb(path, reason))).toMatch(/column "odd": has type/)
    if (type === 'BLOB') {
      // A flat column of a type left to DuckDB stops the decoder only when it is read.
      await expectDecodedLikeDuckdb(path, { columns: ['n'] })
    } else {
      // A nested column changes the file's layout: the decoder leaves the whole file.
      expect(await expectLeftToDuckdb(path, reason, { columns: ['n'] })).not.toBeInstanceOf(Error)
    }
  })

  it('an INT64 beyond 2^53, with the DuckDB reader error', async () => {
    const select = `SELECT CASE WHEN i = 1500 THEN 9007199254740993 ELSE i END::BIGINT AS big
      FROM range(3000) t(i)`
    const error = await expectLeftToDuckdb(
      await write('beyond', select),
      /^an integer beyond 2\^53$/,
    )
    expect(messageOf(error)).toMatch(/row 1501, column "big": holds the integer 9007199254740993/)
  })

  it.each(['uncompressed', 'snappy', 'gzip'])(
    'a %s file truncated, damaged in a page, or not Parquet',
    async (codec) => {
      const whole = await write(`whole-${codec}`, WIDE, `, COMPRESSION ${codec}`)
      expectSameTable(await decodeParquet(whole), await readWithDuckdb(whole))
      const bytes = readFileSync(whole)
      const truncated = join(dir, `truncated-${codec}.parquet`)
      writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1))
      const error = await expectLeftToDuckdb(truncated, /^no Parquet magic$/)
      expect(messageOf(error)).toMatch(/is not a valid, complete Parquet file/)
      // 64 bytes overwritten a quarter into the file, inside a column chunk's page.
      const damaged = join(dir, `damaged-${codec}.parquet`)
      writeFileSync(
        damaged,
        Buffer.from(bytes).fill(0x5a, bytes.length >> 2, (bytes.length >> 2) + 64),
      )
      expect(messageOf(await expectLeftToDuckdb(damaged, /./))).toMatch(/not a valid, complete/)
      const text = join(dir, `text-${codec}.parquet`)
      writeFileSync(text, 'id,name\n1,Berlin\n2,Paris\n3,Tokyo\n')
      expect(await expectLeftToDuckdb(text, /^no Parquet magic$/)).toBeInstanceOf(Error)
    },
  )
})
