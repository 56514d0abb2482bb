import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GateResult, SchemaConfigInput } from '../src/index.ts'
import {
  inferSchemaText,
  runSchemaGate,
  schemaConfigFromInputs,
  schemaConfigSchema,
} from '../src/index.ts'
import { fixture } from './_fixtures.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const FRAUD = join(ROOT, 'examples/fraud')
const TITANIC = join(ROOT, '../shared/fixtures/real-models')

const dir = mkdtempSync(join(tmpdir(), 'mlgate-schema-gate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let schemaPath = ''
let schemaText = ''
const holdout = readFileSync(join(FRAUD, 'holdout.csv'), 'utf8').trimEnd().split('\n')
const header = (holdout[0] ?? '').split(',')

/** The schema inferred from the training split, as `mlgate schema infer --label is_fraud` writes it. */
beforeAll(async () => {
  schemaText = (await inferSchemaText(join(FRAUD, 'train.csv'), { label: 'is_fraud' })).text
  schemaPath = join(dir, 'fraud.schema.yml')
  writeFileSync(schemaPath, schemaText)
})

/** The 1-based line of `key:` under `column:` in the written schema. */
function lineOf(column: string, key?: string): number {
  const lines = schemaText.split('\n')
  const at = lines.indexOf(`  ${column}:`)
  if (key == null) return at + 1
  return lines.findIndex((l, i) => i > at && l === `    ${key}: ${l.split(': ')[1]}`) + 1
}

/** The holdout with `change(row, cells)` applied to each data row (0-based), written to a file. */
function holdoutWith(
  name: string,
  change: (row: number, cell: (column: string, value?: string) => string) => void,
  head: string[] = header,
): string {
  const rows = holdout.slice(1).map((line, row) => {
    const cells = line.split(',')
    change(row, (column, value) => {
      const i = header.indexOf(column)
      if (value != null) cells[i] = value
      return cells[i] ?? ''
    })
    return cells.join(',')
  })
  const path = join(dir, name)
  writeFileSync(path, `${[head.join(','), ...rows].join('\n')}\n`)
  return path
}

const gate = (over: Partial<SchemaConfigInput>): Promise<GateResult> =>
  runSchemaGate(schemaConfigSchema.parse({ schema: schemaPath, data: '', ...over }))

/** The non-passing checks as `label verdict`, skipping the headline. */
const broken = (r: GateResult): string[] =>
  r.checks.filter((c) => c.name !== 'rules').map((c) => `${c.label} ${c.verdict}`)

describe('schema gate on the fraud example', () => {
  it('passes the holdout against the schema inferred from the training split', async () => {
    const r = await gate({ data: join(FRAUD, 'holdout.csv'), environment: 'training' })
    expect(r.status).toBe('pass')
    expect(r.checks).toHaveLength(1)
    expect(r.checks[0]).toMatchObject({ name: 'rules', value: 0, verdict: 'pass' })
    expect(r.summary).toMatch(/^All 56 rules of .*fraud\.schema\.yml hold on 3000 rows/)
    expect(r.findings).toEqual([])
    expect(r.context).toMatchObject({ rows: 3000, columns_checked: 12, environment: 'training' })
  })

  it('fails a renamed column: required, on the column line', async () => {
    const data = holdoutWith(
      'renamed.csv',
      () => {},
      header.map((h) => (h === 'amount' ? 'amount_usd' : h)),
    )
    const r = await gate({ data, environment: 'training' })
    expect(r.status).toBe('fail')
    expect(broken(r)).toEqual(['amount_usd · unknown_columns warn', 'amount · required fail'])
    const finding = r.findings.find((f) => f.column === 'amount')
    expect(finding).toMatchObject({ file: schemaPath, line: lineOf('amount'), severity: 'error' })
    expect(finding?.message).toContain('the data has "amount_usd"')
  })

  it('fails a numeric column holding text in some rows: type', async () => {
    const data = holdoutWith('text.csv', (row, cell) => {
      if (row === 9 || row === 99) cell('distance_km', 'unknown')
    })
    const r = await gate({ data, environment: 'training' })
    expect(broken(r)).toEqual(['distance_km · type fail'])
    const check = r.checks[1]
    expect(check?.value).toBe(2)
    expect(check?.reason).toContain('"unknown" (row 10), "unknown" (row 100)')
    expect(r.findings[0]).toMatchObject({ line: lineOf('distance_km', 'type'), row: 10 })
  })

  it('fails an unseen category above its allowed share: categories', async () => {
    // 5% of rows become "crypto"; the training split had no rare categories, so 0% is allowed.
    const data = holdoutWith('unseen.csv', (row, cell) => {
      if (row % 20 === 3) cell('merchant_category', 'crypto')
    })
    const r = await gate({ data, environment: 'training' })
    expect(broken(r)).toEqual(['merchant_category · categories fail'])
    expect(r.checks[1]?.value).toBeCloseTo(150 / 3000, 12)
    expect(r.checks[1]?.reason).toContain('"crypto" (150)')
    expect(r.findings[0]).toMatchObject({
      line: lineOf('merchant_category', 'max_unseen_share'),
      row: 4,
    })
  })

  it('fails a burst of missing values: max_null_share', async () => {
    const data = holdoutWith('nulls.csv', (row, cell) => {
      if (row >= 1000 && row < 1200) cell('hour', '')
    })
    const r = await gate({ data, environment: 'training' })
    expect(broken(r)).toEqual(['hour · max_null_share fail'])
    expect(r.checks[1]).toMatchObject({ value: 200 / 3000, bound: { op: '<=', value: 0 } })
    expect(r.tables[0]?.rows[0]).toEqual([
      'hour',
      'max_null_share',
      'no missing cells',
      '6.67% missing (200 of 3,000 rows), first at rows 1,001, 1,002, 1,003, 1,004, 1,005',
      200,
      '1001, 1002, 1003, 1004, 1005',
      lineOf('hour', 'max_null_share'),
    ])
  })

  it('fails a value outside the range: max', async () => {
    const data = holdoutWith('range.csv', (row, cell) => {
      if (row === 41) cell('amount', '99999.99')
    })
    const r = await gate({ data, environment: 'training' })
    expect(broken(r)).toEqual(['amount · max fail'])
    expect(r.checks[1]).toMatchObject({ value: 99999.99, bound: { op: '<=', value: 2800 } })
    expect(r.findings[0]).toMatchObject({
      line: lineOf('amount', 'max'),
      row: 42,
      column: 'amount',
    })
  })

  it('fails too few rows: rows.min', async () => {
    const path = join(dir, 'few.csv')
    writeFileSync(path, `${holdout.slice(0, 51).join('\n')}\n`)
    const r = await gate({ data: path, environment: 'training' })
    expect(broken(r)).toEqual(['dataset · rows.min fail'])
    expect(r.checks[1]).toMatchObject({ value: 50, bound: { op: '>=', value: 600 } })
    expect(r.findings[0]?.line).toBe(schemaText.split('\n').indexOf('  min: 600') + 1)
  })

  it('fails the label in serving data: environments', async () => {
    const r = await gate({ data: join(FRAUD, 'holdout.csv'), environment: 'serving' })
    expect(broken(r)).toEqual(['is_fraud · environments fail'])
    expect(r.findings[0]?.line).toBe(lineOf('is_fraud', 'environments'))
  })

  it('groups the violations of a column together, in schema order', async () => {
    const data = holdoutWith('many.csv', (row, cell) => {
      if (row === 0) cell('amount', '-1')
      if (row === 1) cell('region', 'mars')
      if (row === 2) cell('amount', 'lots')
    })
    const r = await gate({ data, environment: 'training' })
    expect(broken(r)).toEqual([
      'amount · type fail',
      'amount · min fail',
      'region · categories fail',
    ])
    expect(r.tables[0]?.title).toBe('Violations by column')
    expect(r.metrics).toMatchObject({ rows: 3000, violations: 3, warnings: 0 })
  })

  it('is an error, not a pass, on a file without data rows', async () => {
    const path = join(dir, 'empty.csv')
    writeFileSync(path, `${holdout[0]}\n`)
    const r = await gate({ data: path, environment: 'training' })
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/no data rows/)
  })
})

describe('schema gate with a model', () => {
  it('fits the fraud model, whose [N, 8] input names its columns', async () => {
    const r = await gate({
      data: join(FRAUD, 'holdout.csv'),
      environment: 'serving',
      model: join(FRAUD, 'model.onnx'),
    })
    expect(broken(r)).toEqual(['is_fraud · environments fail'])
    const table = r.tables.find((t) => t.title === 'Model inputs and schema columns')
    expect(table?.rows).toHaveLength(8)
    expect(table?.rows.every((row) => row[4] === 'fits')).toBe(true)
    expect(r.context['model_sha256']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('checks per-column inputs by name and type', async () => {
    const data = fixture('customers.holdout.csv')
    const path = join(dir, 'customers.schema.yml')
    const text = (await inferSchemaText(data, { label: 'target' })).text
    writeFileSync(path, text)
    const model = fixture('customers.logistic.onnx')
    const fits = await runSchemaGate(
      schemaConfigSchema.parse({ schema: path, data, model, environment: 'training' }),
    )
    // monthly_spend has missing cells in the data, which a float input receives as NaN.
    expect(fits.status).toBe('warn')
    expect(broken(fits)).toEqual(['monthly_spend · model_input warn'])
    // visits feeds an int64 input: a schema that allows fractions there does not fit.
    writeFileSync(path, text.replace(/( {2}visits:\n {4}type:) integer/, '$1 number'))
    const r = await runSchemaGate(
      schemaConfigSchema.parse({ schema: path, data, model, environment: 'training' }),
    )
    expect(broken(r)).toEqual(['visits · model_input fail', 'monthly_spend · model_input warn'])
    expect(r.checks[1]?.reason).toBe(
      'Expected type integer or boolean, which int64 input "visits" (int64 [?, 1]) can hold; found type number.',
    )
  })

  it('counts numeric columns for an [N, F] input that does not name them', async () => {
    const data = fixture('breast-cancer.holdout.csv')
    const path = join(dir, 'bc.schema.yml')
    writeFileSync(path, (await inferSchemaText(data, { label: 'target' })).text)
    const model = fixture('breast-cancer.logistic.onnx')
    const config = (environment?: string) =>
      schemaConfigSchema.parse({
        schema: path,
        data,
        model,
        ...(environment ? { environment } : {}),
      })
    // In training data the label is one more numeric column than the model's 30 features.
    const training = await runSchemaGate(config('training'))
    expect(broken(training)).toEqual(['dataset · model_input fail'])
    expect(training.checks[1]?.reason).toMatch(
      /31 numeric columns in the schema for training; pass the feature order with columns/,
    )
    const serving = await runSchemaGate(config('serving'))
    expect(broken(serving)).toEqual(['target · environments fail'])
  })

  it.skipIf(!existsSync(join(TITANIC, 'pipeline_titanic.onnx')))(
    'flags a real pipeline whose string input the data holds as integers (needs ../shared/fixtures)',
    async () => {
      const data = join(TITANIC, 'small_titanic.csv')
      const path = join(dir, 'titanic.schema.yml')
      writeFileSync(path, (await inferSchemaText(data)).text)
      const r = await runSchemaGate(
        schemaConfigSchema.parse({
          schema: path,
          data,
          model: join(TITANIC, 'pipeline_titanic.onnx'),
        }),
      )
      const model = r.checks
        .filter((c) => c.name.endsWith('.model_input'))
        .map((c) => `${c.label} ${c.verdict}`)
      // pclass is 1/2/3 in the data but a string input of the pipeline; age has missing cells.
      expect(model).toEqual(['pclass · model_input fail', 'age · model_input warn'])
    },
  )
})

describe('schemaConfigFromInputs', () => {
  const reader = (inputs: Record<string, string>) => ({
    text: (name: string) => inputs[name]?.trim() || undefined,
    lines: (name: string) => (inputs[name] ?? '').split('\n').filter((l) => l.trim() !== ''),
  })

  it('reads the action inputs, with the schema path relative to the workspace', () => {
    const config = schemaConfigFromInputs(
      reader({ schema: '/ws/contracts/s.yml', data: 'd.csv', columns: 'a, b', examples: '3' }),
      '/ws',
    )
    expect(config).toEqual({
      schema: 'contracts/s.yml',
      data: 'd.csv',
      columns: ['a', 'b'],
      examples: 3,
    })
    expect(
      schemaConfigFromInputs(reader({ schema: '/elsewhere/s.yml', data: 'd' }), '/ws').schema,
    ).toBe('/elsewhere/s.yml')
  })

  it('names the input that is wrong', () => {
    expect(() => schemaConfigFromInputs(reader({ data: 'd.csv' }), '/ws')).toThrow(/Input "schema"/)
    expect(() =>
      schemaConfigFromInputs(reader({ schema: 's', data: 'd', examples: 'many' }), '/ws'),
    ).toThrow(/Input "examples" must be a number, got "many"/)
  })
})
