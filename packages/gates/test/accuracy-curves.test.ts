import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { AccuracyConfigInput, AccuracyCurves, ModelCurves } from '../src/index.ts'
import { accuracyConfigSchema, runAccuracyGate } from '../src/index.ts'
import { fixture } from './_fixtures.ts'

const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/fraud/${name}`, import.meta.url))

const dir = mkdtempSync(join(tmpdir(), 'mlgate-curves-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const gate = (input: AccuracyConfigInput) => runAccuracyGate(accuracyConfigSchema.parse(input))

const fraud = {
  model: example('model.onnx'),
  champion: example('champion.onnx'),
  data: example('holdout.csv'),
  label: 'is_fraud',
  threshold: 0.08,
  resamples: 0,
} satisfies AccuracyConfigInput

describe('accuracy gate curves (details.curves)', () => {
  it('draws the candidate and the champion on the same rows, within the JSON budget', async () => {
    const r = await gate(fraud)
    const curves = r.details?.['curves'] as AccuracyCurves
    expect(Object.keys(curves)).toEqual(['candidate', 'champion'])
    const bytes = Buffer.byteLength(JSON.stringify(r.details))
    expect(bytes).toBeLessThan(30_000)
    const rows = r.context['rows'] as number
    for (const c of [curves.candidate, curves.champion!]) checkCurves(c, rows)
    // The legend's numbers are the gate's own metrics.
    expect(curves.candidate.roc?.auc).toBe(r.metrics['roc_auc'])
    expect(curves.candidate.pr?.average_precision).toBe(r.metrics['average_precision'])
    // The drawn ROC encloses the AUC the gate measured (rates rounded to 6 decimals).
    expect(
      Math.abs(
        area(curves.candidate.roc!.fpr, curves.candidate.roc!.tpr) - curves.candidate.roc!.auc!,
      ),
    ).toBeLessThan(1e-5)
    expect(
      Math.abs(
        area(curves.champion!.roc!.fpr, curves.champion!.roc!.tpr) - curves.champion!.roc!.auc!,
      ),
    ).toBeLessThan(1e-5)
    // The candidate is the better model on these rows: its curve lies above on average.
    expect(curves.candidate.roc!.auc!).toBeGreaterThan(curves.champion!.roc!.auc!)
    expect(curves.candidate.operating_point.tpr).toBeCloseTo(r.metrics['recall']!, 6)
  })

  it('has no curves for multiclass models', async () => {
    const r = await gate({
      model: fixture('wine.random-forest.onnx'),
      data: fixture('wine.holdout.csv'),
      label: 'target',
      resamples: 0,
    })
    expect(r.context['task']).toBe('multiclass')
    expect(r.details).toBeUndefined()
  })

  it('leaves a curve out with its reason when the rows lack a class', async () => {
    // Only the legitimate transactions, with "legitimate" as the positive class: every row is
    // positive, so ROC (which needs negatives) is undefined while precision-recall is not.
    const lines = readFileSync(fraud.data, 'utf8').trimEnd().split('\n')
    const data = join(dir, 'no-fraud.csv')
    writeFileSync(data, [lines[0], ...lines.slice(1).filter((l) => l.endsWith(',0'))].join('\n'))
    const r = await gate({ ...fraud, champion: undefined, data, positive: '0' })
    const c = (r.details?.['curves'] as AccuracyCurves).candidate
    expect(c.roc).toBeNull()
    expect(c.undefined).toEqual({ roc: expect.stringMatching(/no negative rows/) })
    expect(c.pr?.prevalence).toBe(1)
    expect(new Set(c.pr?.precision)).toEqual(new Set([1]))
    expect(c.calibration?.bins.reduce((s, b) => s + b.count, 0)).toBe(r.context['rows'])
    expect(c.operating_point.fpr).toBeNull()
  })
})

/** Invariants of one model's curves that follow from their definitions. */
function checkCurves(c: ModelCurves, rows: number): void {
  const roc = c.roc!
  const pr = c.pr!
  expect(roc.fpr.length).toBe(roc.tpr.length)
  expect(roc.fpr.length).toBeLessThanOrEqual(200)
  expect([roc.fpr[0], roc.tpr[0], roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([0, 0, 1, 1])
  expect(pr.recall.length).toBe(pr.precision.length)
  expect(pr.recall.length).toBeLessThanOrEqual(200)
  expect([pr.recall[0], pr.precision[0], pr.recall.at(-1)]).toEqual([0, 1, 1])
  expect(pr.precision.at(-1)).toBeCloseTo(pr.prevalence, 6)
  for (let i = 1; i < roc.fpr.length; i++) {
    expect(roc.fpr[i]!).toBeGreaterThanOrEqual(roc.fpr[i - 1]!)
    expect(roc.tpr[i]!).toBeGreaterThanOrEqual(roc.tpr[i - 1]!)
  }
  const bins = c.calibration!.bins
  expect(bins).toHaveLength(10)
  expect(bins.reduce((s, b) => s + b.count, 0)).toBe(rows)
  const ece = bins.reduce(
    (s, b) =>
      s + (b.count === 0 ? 0 : (b.count / rows) * Math.abs(b.observed_rate! - b.mean_score!)),
    0,
  )
  expect(ece).toBeCloseTo(c.calibration!.ece!, 5)
  expect(c.operating_point.threshold).toBe(0.08)
  expect(c.undefined).toBeUndefined()
}

function area(x: readonly number[], y: readonly number[]): number {
  let a = 0
  for (let i = 1; i < x.length; i++) a += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2
  return a
}
