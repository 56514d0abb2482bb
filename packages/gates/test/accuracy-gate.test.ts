import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTable, writeParquet } from '@mlgate/data'
import type { AccuracyConfigInput } from '../src/index.ts'
import { accuracyConfigSchema, runAccuracyGate } from '../src/index.ts'
import { fixture } from './_fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-gates-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base = {
  model: fixture('breast-cancer.logistic.onnx'),
  data: fixture('breast-cancer.holdout.csv'),
  label: 'target',
  resamples: 300,
} satisfies AccuracyConfigInput

const gate = (over: Partial<AccuracyConfigInput>) =>
  runAccuracyGate(accuracyConfigSchema.parse({ ...base, ...over }))

describe('progress', () => {
  it('reports scoring in rows and the bootstrap in resamples, ending at the total', async () => {
    const heard: [string, number, number][] = []
    const config = accuracyConfigSchema.parse({
      ...base,
      champion: fixture('breast-cancer.logistic.onnx'),
      bounds: [{ metric: 'roc_auc', op: '>=', value: -0.01, relative: false, kind: 'change' }],
    })
    const r = await runAccuracyGate(config, { onProgress: (...call) => heard.push(call) })
    const last = (what: string) => heard.filter(([w]) => w === what).at(-1)
    expect(last('candidate')).toEqual(['candidate', r.context['rows'], r.context['rows']])
    expect(last('bootstrap')).toEqual(['bootstrap', 300, 300])
    expect(last('paired bootstrap')).toEqual(['paired bootstrap', 300, 300])
    // Every 25 resamples: 12 calls for 300.
    expect(heard.filter(([w]) => w === 'bootstrap').map(([, done]) => done)).toEqual(
      Array.from({ length: 12 }, (_, i) => 25 * (i + 1)),
    )
  })
})

describe('accuracy gate verdicts', () => {
  it('passes bounds the model meets and reports the interval', async () => {
    const r = await gate({ bounds: [{ metric: 'roc_auc', op: '>=', value: 0.9 }] })
    expect(r.status).toBe('warn') // 143 rows is below the default min-rows of 200
    expect(r.checks[0]?.verdict).toBe('warn')
    expect(r.checks[0]?.reason).toContain('Only 143 rows')
    const enough = await gate({
      minRows: 100,
      bounds: [{ metric: 'roc_auc', op: '>=', value: 0.9 }],
    })
    expect(enough.status).toBe('pass')
    const check = enough.checks[0]
    expect(check?.interval?.low).toBeLessThanOrEqual(check?.value ?? 0)
    expect(check?.interval?.high).toBeGreaterThanOrEqual(check?.value ?? 1)
  })

  it('fails a bound the whole interval misses', async () => {
    const r = await gate({ minRows: 100, bounds: [{ metric: 'log_loss', op: '<=', value: 0.01 }] })
    expect(r.status).toBe('fail')
    expect(r.checks[0]?.reason).toMatch(/misses <= 0\.01/)
  })

  it('compares against a champion on the same rows', async () => {
    const r = await gate({
      minRows: 100,
      champion: fixture('breast-cancer.gradient-boosting.onnx'),
      bounds: [
        { metric: 'roc_auc', op: '>=', value: -0.5, kind: 'change' },
        { metric: 'log_loss', op: '<=', value: -0.5, kind: 'change' },
      ],
    })
    // logistic 0.99518 vs boosting 0.98543 (scikit-learn's values for these fixtures)
    expect(r.checks[0]?.value).toBeCloseTo(0.9951781970649896 - 0.9854297693920335, 6)
    expect(r.checks[0]?.verdict).toBe('pass')
    expect(r.checks[1]?.verdict).toBe('fail')
    expect(r.tables.map((t) => t.title)).toContain('Candidate vs champion on the same rows')
  })

  it('skips change bounds without a champion and says so', async () => {
    const r = await gate({
      minRows: 100,
      bounds: [{ metric: 'f1', op: '>=', value: 0, kind: 'change' }],
    })
    expect(r.checks[0]?.reason).toMatch(/no champion/i)
    expect(r.policy).toMatch(/change bounds were skipped/)
  })

  it('warns, not passes, when nothing is bounded', async () => {
    const r = await gate({})
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/No bounds/)
  })

  it('reports an undefined metric as an error, not a zero', async () => {
    const csv = join(dir, 'one-class.csv')
    const rows = (await readTable(fixture('breast-cancer.holdout.csv'))).rowCount
    const text = readFileSync(fixture('breast-cancer.holdout.csv'), 'utf8').split('\n')
    const header = text[0] ?? ''
    const labelAt = header.split(',').indexOf('target')
    const kept = text.slice(1).filter((l) => l.split(',')[labelAt] === '1')
    expect(kept.length).toBeLessThan(rows)
    writeFileSync(csv, [header, ...kept].join('\n') + '\n')
    const r = await gate({
      data: csv,
      minRows: 1,
      bounds: [{ metric: 'roc_auc', op: '>=', value: 0.5 }],
    })
    expect(r.status).toBe('error')
    expect(r.checks[0]?.value).toBeNull()
    expect(r.checks[0]?.reason).toMatch(/undefined/)
  })

  it('fails with status error when the file has no rows', async () => {
    const csv = join(dir, 'empty.csv')
    const header = readFileSync(fixture('breast-cancer.holdout.csv'), 'utf8').split('\n')[0]
    writeFileSync(csv, `${header}\n`)
    const r = await gate({ data: csv })
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/no data rows/)
  })

  it('refuses missing labels, naming the column and the first row', async () => {
    const csv = join(dir, 'holes.csv')
    const lines = readFileSync(fixture('breast-cancer.holdout.csv'), 'utf8').trimEnd().split('\n')
    const labelAt = (lines[0] ?? '').split(',').indexOf('target')
    const broken = lines.map((l, i) =>
      i === 3
        ? l
            .split(',')
            .map((c, j) => (j === labelAt ? '' : c))
            .join(',')
        : l,
    )
    writeFileSync(csv, broken.join('\n') + '\n')
    await expect(gate({ data: csv })).rejects.toThrow(
      /Label column "target" .* 1 missing value\(s\), the first at data row 3/,
    )
  })

  it('names an unknown metric and lists the known ones', async () => {
    await expect(gate({ bounds: [{ metric: 'auc', op: '>=', value: 0.5 }] })).rejects.toThrow(
      /Unknown metric "auc".*roc_auc/,
    )
  })

  it('scores a per-column model (string and int64 inputs) identically from CSV and Parquet', async () => {
    const parquet = join(dir, 'customers.parquet')
    await writeParquet(await readTable(fixture('customers.holdout.csv')), parquet)
    const run = (data: string) =>
      gate({
        model: fixture('customers.logistic.onnx'),
        data,
        resamples: 200,
        minRows: 100,
        bounds: [{ metric: 'roc_auc', op: '>=', value: 0.7 }],
      })
    const [fromCsv, fromParquet] = await Promise.all([
      run(fixture('customers.holdout.csv')),
      run(parquet),
    ])
    expect(fromParquet.metrics).toEqual(fromCsv.metrics)
    expect(fromParquet.checks).toEqual(fromCsv.checks)
    expect(fromCsv.metrics.roc_auc).toBeCloseTo(0.8025252525252525, 6)
  })
})
