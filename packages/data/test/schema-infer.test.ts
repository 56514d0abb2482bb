import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  inferSchemaFromFile,
  parseCsv,
  parseSchema,
  inferSchema,
  schemaToYaml,
  validateFile,
} from '../src/index.ts'
import { niceRange, shareAllowance } from '../src/schema/_nice-range.ts'
import { mergeShape, shapeOf, shapeRegex } from '../src/schema/_pattern.ts'
import { bytesOf, fixture } from './_view.ts'

const FRAUD = fileURLToPath(new URL('../../../examples/fraud/', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'mlgate-schema-infer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('niceRange', () => {
  // Worked by hand: pad = 10% of (hi - lo); not across 0; step = 10^(floor(log10(width)) - 1).
  it.each([
    // 0.67..2535.29: pad 253.46, a = 0 (clamped), b = 2788.75, step 100.
    [0.67, 2535.29, false, 0, 2800],
    // -12.1615..10.662: pad 2.28, a = -14.44, b = 12.94, width 27.4, step 1.
    [-12.1615, 10.662, false, -15, 13],
    // 6.4323..11.4148: pad 0.498, a = 5.934, b = 11.913, width 5.98, step 0.1.
    [6.4323, 11.4148, false, 5.9, 12],
    // -12.5555..-1.256: pad 1.13, a = -13.69, b = -0.126 → 0 (clamped), width 13.7, step 1.
    [-12.5555, -1.256, false, -14, 0],
    // 0..23 integers: pad 2.3, b = 25.3, width 25.3, step 1.
    [0, 23, true, 0, 26],
    // 0..0.998: pad 0.0998, b = 1.0978, width 1.1, step 0.1.
    [0, 0.998, false, 0, 1.1],
    // A constant 5: pad 0.5 (10% of the value), integers round to whole numbers.
    [5, 5, true, 4, 6],
    // 0.35..0.95: pad 0.06, 0.29..1.01, width 0.72, step 0.01.
    [0.35, 0.95, false, 0.29, 1.01],
    // 0.5..2.5: pad 0.2, a = 0.30000000000000004 and b = 2.7 in binary, step 0.1: still 0.3
    // and 2.7, not 0.2 and 2.8.
    [0.5, 2.5, false, 0.3, 2.7],
  ])('%d..%d (integer %s) → %d..%d', (lo, hi, integer, min, max) => {
    expect(niceRange(lo, hi, integer)).toEqual({ min, max })
  })
})

describe('shareAllowance', () => {
  it.each([
    [0, 0],
    [0.001, 0.02], // 0.001 + 0.01 = 0.011 → 2%
    [0.01, 0.02],
    [0.0098, 0.02],
    [0.05, 0.08], // 0.05 + 0.025 = 0.075 → 8%
    [0.3, 0.45],
    [0.9, 1],
  ])('observed %d → allowed %d', (observed, allowed) => {
    expect(shareAllowance(observed)).toBe(allowed)
  })
})

describe('regex shapes', () => {
  it('merges the run lengths of texts with the same runs', () => {
    const a = shapeOf('TX-0042')
    const b = shapeOf('TX-123456')
    expect(a && b && shapeRegex(mergeShape(a, b) ?? a)).toBe('[A-Z]{2}-[0-9]{4,6}')
    expect(shapeRegex(shapeOf('ab.c') ?? { tokens: [], min: [], max: [] })).toBe('[a-z]{2}\\.[a-z]')
  })

  it('gives up on texts of different runs, spaces or long texts', () => {
    const a = shapeOf('AB12')
    const b = shapeOf('12AB')
    expect(a && b && mergeShape(a, b)).toBeNull()
    expect(shapeOf('two words')).toBeNull()
    expect(shapeOf('x'.repeat(65))).toBeNull()
  })
})

describe('inferSchema', () => {
  const rows = 40
  const lines = ['n,x,flag,kind,id,day,code,mixed,empty']
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        i % 3, // integer with 3 values: exact range
        i === 5 ? '' : (i * 1.5).toFixed(1), // number, one missing
        i % 2 === 0 ? 'true' : 'false',
        ['red', 'green', 'blue'][i % 3],
        `ID-${1000 + i}`, // unique, one shape
        `2024-0${1 + (i % 9)}-1${i % 10}`,
        i === 7 ? 'zz' : ['a', 'b', 'c', 'd'][i % 4], // category with one value seen once
        i % 5 === 0 ? 'n/a' : String(i),
        '',
      ].join(','),
    )
  }
  const table = parseCsv(bytesOf(`${lines.join('\n')}\n`), 'mixed.csv')
  const inferred = inferSchema(table, { maxCategories: 10 })
  const c = inferred.schema.columns

  it('chooses types and writes rules a person would keep', () => {
    expect(inferred.rows).toBe(40)
    expect(c['n']).toEqual({ type: 'integer', max_null_share: 0, min: 0, max: 2 })
    // 0..58.5 observed, 1 of 40 missing (2.5% → 2.5 + 1.25 = 3.75 → 4%).
    expect(c['x']).toEqual({ type: 'number', max_null_share: 0.04, min: 0, max: 65 })
    expect(c['flag']).toEqual({ type: 'boolean', max_null_share: 0 })
    expect(c['kind']).toEqual({
      type: 'category',
      max_null_share: 0,
      categories: ['blue', 'green', 'red'].sort((a, b) =>
        // Most frequent first: red 14, green 13, blue 13 (ties alphabetical).
        a === 'red' ? -1 : b === 'red' ? 1 : a < b ? -1 : 1,
      ),
      max_unseen_share: 0,
    })
    expect(c['id']).toEqual({
      type: 'string',
      max_null_share: 0,
      regex: '[A-Z]{2}-[0-9]{4}',
      unique: true,
    })
    expect(c['day']).toEqual({ type: 'datetime', max_null_share: 0, min: '2024-01-01' })
    // "zz" occurs once in 40 cells: Good-Turing 2.5% unseen → 2.5 + 1 = 3.5 → 4%.
    expect(c['code']).toMatchObject({ type: 'category', max_unseen_share: 0.04 })
    expect(c['code']?.categories).toHaveLength(5)
    expect(c['empty']).toEqual({ type: 'string', max_null_share: 1 })
  })

  it('notes what it saw, and suggests missing_values for numbers mixed with text', () => {
    expect(inferred.notes['n']).toBe(
      'observed 0 to 2 (3 distinct values: range kept), no missing cells',
    )
    expect(inferred.notes['mixed']).toMatch(
      /32 cells are numbers and 8 are not \(e\.g\. "n\/a"\).*missing_values/,
    )
    expect(inferred.schema.rows).toEqual({ min: 4 })
  })

  it('writes YAML that reads back to the same schema, with its comments', () => {
    const yaml = schemaToYaml(inferred.schema, inferred)
    expect(parseSchema(yaml, 'inferred.yml').schema).toEqual(inferred.schema)
    expect(yaml).toMatch(/^# mlgate data schema inferred from mixed\.csv: 40 rows, 9 columns\./)
    expect(yaml).toContain(
      '  # observed 0 to 2 (3 distinct values: range kept), no missing cells\n  n:\n',
    )
    expect(yaml).toContain('    categories: [red, blue, green]\n')
    expect(yaml).not.toMatch(/ +\n/) // no trailing spaces
  })

  it('makes the label a training-only column when told which it is', () => {
    const labelled = inferSchema(table, { label: 'flag' })
    expect(labelled.schema.environments).toEqual(['training', 'serving'])
    expect(labelled.schema.columns['flag']?.environments).toEqual(['training'])
    expect(() => inferSchema(table, { label: 'nope' })).toThrow(/label "nope" is not a column/)
  })
})

describe('the fraud example: infer from the training split, validate the holdout', () => {
  it('passes on the holdout, every rule checked', async () => {
    const inferred = await inferSchemaFromFile(join(FRAUD, 'train.csv'), { label: 'is_fraud' })
    expect(inferred.rows).toBe(6000)
    const c = inferred.schema.columns
    expect(c['amount']).toEqual({ type: 'number', max_null_share: 0, min: 0, max: 2800 })
    expect(c['hour']).toEqual({ type: 'integer', max_null_share: 0, min: 0, max: 26 })
    expect(c['foreign']).toEqual({ type: 'integer', max_null_share: 0, min: 0, max: 1 })
    expect(c['region']).toMatchObject({ type: 'category', max_unseen_share: 0 })
    expect([...(c['merchant_category']?.categories ?? [])].sort()).toEqual([
      'electronics',
      'fuel',
      'grocery',
      'online_services',
      'restaurants',
      'travel',
    ])
    expect(c['is_fraud']).toMatchObject({ environments: ['training'] })
    const path = join(dir, 'fraud.schema.yml')
    writeFileSync(path, schemaToYaml(inferred.schema, inferred))
    const schema = parseSchema(schemaToYaml(inferred.schema, inferred), path)
    const report = await validateFile(schema, join(FRAUD, 'holdout.csv'), {
      environment: 'training',
    })
    expect(report.rows).toBe(3000)
    expect(report.violations).toEqual([])
    // rows.min and unknown_columns; 12 required columns; type, missing, min and max of the 9
    // numeric columns; missing and categories of the 3 category columns.
    expect(report.rulesChecked).toBe(2 + 12 + 9 * 4 + 3 * 2)
    // The holdout with the label is not serving data.
    const serving = await validateFile(schema, join(FRAUD, 'holdout.csv'), {
      environment: 'serving',
    })
    expect(serving.violations.map((v) => `${v.column} ${v.rule}`)).toEqual([
      'is_fraud environments',
    ])
  })

  it('infers the same schema streamed in small blocks', async () => {
    const a = await inferSchemaFromFile(join(FRAUD, 'train.csv'))
    const b = await inferSchemaFromFile(join(FRAUD, 'train.csv'), { blockBytes: 4096 })
    expect(b).toEqual(a)
  })
})

describe('inference from every format', () => {
  it('infers the same schema from the CSV, JSONL and Parquet copies of one table', async () => {
    const [csv, jsonl, parquet] = await Promise.all(
      ['mixed.csv', 'mixed.jsonl', 'mixed.parquet'].map((f) => inferSchemaFromFile(fixture(f))),
    )
    // income: 39,999.99 to 120,000.75 observed, 2 of 10 cells missing. Pad 8,000.08 gives
    // 31,999.91 to 128,000.83, width 96,000.9, step 1,000; missing 20% + 10% = 30%.
    expect(csv?.schema.columns['income']).toEqual({
      type: 'number',
      max_null_share: 0.3,
      min: 31000,
      max: 129000,
    })
    expect(jsonl?.schema.columns).toEqual(csv?.schema.columns)
    expect(parquet?.schema.columns).toEqual(csv?.schema.columns)
  })
})
