import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  inferSchema,
  inferSchemaFromFile,
  parseSchema,
  readTable,
  validateFile,
  validateTable,
  writeParquet,
} from '../src/index.ts'
import { random } from './_random.ts'
import { fixture } from './_view.ts'

/**
 * Schema validation and inference stream a Parquet file row group by row group: their reports
 * must be exactly those of the file read whole (the order of examples, counts, ranges, the
 * categories seen), whatever the chunking, and a file the decoder does not read is read whole.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-schema-parquet-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ROWS = 5000
const GROUP = 700

/**
 * Numbers, integers, booleans, text with a missing marker, dates as text and categories, with
 * rule-breaking values scattered through every row group; written in row groups of GROUP rows.
 */
async function written(name: string): Promise<string> {
  const next = random(ROWS + name.length)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const lines = ['id,amount,count,flag,code,when,kind']
  for (let i = 0; i < ROWS; i++) {
    const id = next() < 0.002 ? 'A1' : `A${i}`
    const amount = next() < 0.05 ? '' : (next() * 120 - 10).toFixed(pick([0, 2]))
    const count = next() < 0.05 ? 'NA' : String(Math.floor(next() * 50))
    const flag = next() < 0.1 ? '' : pick(['true', 'false'])
    const code = next() < 0.1 ? 'NA' : pick(['X1', 'X22', 'y3', 'X4'])
    const when =
      next() < 0.05 ? '' : `202${pick([3, 4, 4, 4, 5])}-0${pick([1, 5, 9])}-1${pick([0, 5])}`
    const kind = pick(['a', 'a', 'b', 'b', 'c'])
    lines.push([id, amount, count, flag, code, when, kind].join(','))
  }
  const csv = join(dir, `${name}.csv`)
  writeFileSync(csv, `${lines.join('\n')}\n`)
  const path = join(dir, `${name}.parquet`)
  await writeParquet(await readTable(csv), path, { rowGroupSize: GROUP })
  return path
}

const SCHEMA = parseSchema(
  `version: 1
missing_values: [NA]
rows: { min: 10 }
unknown_columns: fail
columns:
  id: { type: string, regex: 'A[0-9]+', unique: true }
  amount: { type: number, min: 0, max: 100, max_null_share: 0.01 }
  flag: { type: boolean }
  code: { type: string, regex: 'X[0-9]' }
  when: { type: datetime, min: '2024-01-01', max: '2024-12-31' }
  kind: { type: category, categories: [a, b], max_unseen_share: 0.05 }
`,
  'rules.yml',
)

describe('schema steps on Parquet', () => {
  it('validate a file streamed by row group exactly as read whole', async () => {
    const path = await written('validate')
    const whole = validateTable(SCHEMA, await readTable(path, { missing: ['NA'] }))
    expect(whole.violations.length).toBeGreaterThanOrEqual(8)
    for (const minRows of [1, 2000, undefined]) {
      const streamed = await validateFile(SCHEMA, path, minRows === undefined ? {} : { minRows })
      const chunks = minRows === 1 ? 8 : minRows === 2000 ? 3 : 1
      expect(streamed.reading).toBe(`streamed in ${chunks} chunk${chunks === 1 ? '' : 's'}`)
      expect({ ...streamed, reading: '' }).toEqual({ ...whole, reading: '' })
    }
  })

  it('infer the same schema from a file streamed by row group as from the file read whole', async () => {
    const path = await written('infer')
    const options = { missing: ['NA'], label: 'flag' }
    const whole = inferSchema(await readTable(path, { missing: ['NA'] }), {
      ...options,
      source: path,
    })
    for (const minRows of [1, 2000]) {
      expect(await inferSchemaFromFile(path, { ...options, minRows })).toEqual(whole)
    }
  })

  it('read a file the decoder leaves to DuckDB whole, with the same report', async () => {
    // types.parquet holds dates and decimals, which DuckDB reads.
    const path = fixture('types.parquet')
    const table = await readTable(path)
    const schema = parseSchema(
      `version: 1\ncolumns:\n${table.columns.map((c) => `  ${c.name}: { type: string }`).join('\n')}\n`,
      'types.yml',
    )
    const report = await validateFile(schema, path, { minRows: 1 })
    expect(report.reading).toBe('read whole')
    expect(report).toEqual(validateTable(schema, table))
    expect(await inferSchemaFromFile(path, { minRows: 1 })).toEqual(
      inferSchema(table, { source: path }),
    )
  })
})
