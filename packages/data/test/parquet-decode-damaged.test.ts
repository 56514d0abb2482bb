// Damaged Parquet files: bytes of a column chunk's pages changed at random (seeded). Whatever the
// damage, mlgate's decoder must not give a table where DuckDB's reader gives an error or another
// table: it decodes the same table, or leaves the file to DuckDB (or, for damage DuckDB cannot
// be left to read, reports it). MLGATE_DAMAGED_FILES sets the copies per file (120).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { beforeAll, describe, expect, it } from 'vitest'
import { DataError, type Table } from '../src/index.ts'
import { decodeParquet } from '../src/parquet-decode.ts'
import { readParquet as readWithDuckdb } from '../src/parquet-read.ts'
import { expectSameTable } from './_parquet-compare.ts'
import { random } from './_random.ts'
import { fixture } from './_view.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-damaged-'))

/** DuckDB's own files, uncompressed and snappy: nulls, doubles, booleans, text, integers. */
beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  for (const codec of ['uncompressed', 'snappy']) {
    await connection.run(
      `COPY (SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5 END::DOUBLE AS x,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END AS flag,
        CASE WHEN i % 11 = 0 THEN NULL ELSE ['a', 'bb', 'ccc', '日本'][i % 4 + 1] END AS w,
        'id-' || i AS s, (i % 100)::INTEGER AS n FROM range(3000) t(i))
       TO '${join(dir, `duckdb-${codec}.parquet`)}'
       (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`,
    )
  }
  connection.closeSync()
  instance.closeSync()
})

/** A fixture's path, or a file written above. */
const source = (name: string): string =>
  name.startsWith('duckdb-') ? join(dir, name) : fixture(name)

/** `count` copies of the file, each with 1–3 bytes of its pages (not its footer) changed. */
function damaged(name: string, count: number, seed: number): string[] {
  const bytes = readFileSync(source(name))
  const pagesEnd = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8)
  const next = random(seed)
  return Array.from({ length: count }, (_, i) => {
    const copy = Buffer.from(bytes)
    for (let f = Math.floor(next() * 3); f >= 0; f--) {
      const at = 4 + Math.floor(next() * (pagesEnd - 4))
      copy[at] = next() < 0.5 ? (copy[at] as number) ^ (1 << Math.floor(next() * 8)) : next() * 256
    }
    const path = join(dir, `${name}-${seed}-${i}.parquet`)
    writeFileSync(path, copy)
    return path
  })
}

describe('decodeParquet on damaged files', () => {
  const count = Number(process.env['MLGATE_DAMAGED_FILES'] ?? 120)
  it.each([
    ['pyarrow-v2-pages.parquet', 11],
    ['duckdb-uncompressed.parquet', 12],
    ['duckdb-snappy.parquet', 14],
    ['pyarrow-encodings.parquet', 13],
  ])('%s: the same table as DuckDB, or DuckDB reads it', async (name, seed) => {
    const outcomes = { same: 0, left: 0, reported: 0 }
    for (const path of damaged(name, count, seed)) {
      let decoded: Table | string
      try {
        decoded = await decodeParquet(path)
      } catch (error) {
        expect(error).toBeInstanceOf(DataError)
        outcomes.reported++
        continue
      }
      if (typeof decoded === 'string') {
        outcomes.left++
        continue
      }
      // DuckDB reads the file too, to the same table.
      expectSameTable(decoded, await readWithDuckdb(path))
      outcomes.same++
    }
    // Both kinds of outcome occur, so the comparison above is not vacuous.
    expect(outcomes.same).toBeGreaterThan(10)
    expect(outcomes.left).toBeGreaterThan(10)
  })
})
