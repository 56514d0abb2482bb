import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accuracyConfigSchema, runAccuracyGate } from '../src/index.ts'
import { fixture } from './_fixtures.ts'

type Reference = { label: string; rows: number; models: Record<string, Record<string, number>> }

function reference(dataset: string): Reference {
  return JSON.parse(readFileSync(fixture(`${dataset}.reference.json`), 'utf8')) as Reference
}

/**
 * The gate end to end (read CSV, score with onnxruntime, compute metrics) against scikit-learn's
 * metrics on scikit-learn's own float64 probabilities. The ONNX models compute in float32, so
 * agreement is to 1e-6, not to the last bit.
 */
const CASES = [
  { dataset: 'breast-cancer', model: 'logistic' },
  { dataset: 'breast-cancer', model: 'gradient-boosting' },
  { dataset: 'wine', model: 'random-forest' },
  { dataset: 'customers', model: 'logistic' },
] as const

describe('accuracy gate vs scikit-learn', () => {
  it.each(CASES)('$dataset / $model', async ({ dataset, model }) => {
    const ref = reference(dataset)
    const config = accuracyConfigSchema.parse({
      model: fixture(`${dataset}.${model}.onnx`),
      data: fixture(`${dataset}.holdout.csv`),
      label: ref.label,
      resamples: 0,
    })
    const result = await runAccuracyGate(config)
    expect(result.context.rows).toBe(ref.rows)
    const expected = ref.models[model] ?? {}
    expect(Object.keys(expected).length).toBeGreaterThan(4)
    for (const [name, value] of Object.entries(expected)) {
      const got = result.metrics[name]
      expect(got, name).not.toBeNull()
      expect(Math.abs((got ?? NaN) - value), `${name}: ${got} vs ${value}`).toBeLessThan(1e-6)
    }
  })

  it('a ZipMap model and its ZipMap-free twin give identical metrics', async () => {
    const run = (file: string) =>
      runAccuracyGate(
        accuracyConfigSchema.parse({
          model: fixture(file),
          data: fixture('breast-cancer.holdout.csv'),
          label: 'target',
          resamples: 200,
        }),
      )
    const [withZipMap, without] = await Promise.all([
      run('breast-cancer.logistic.onnx'),
      run('breast-cancer.logistic-nozipmap.onnx'),
    ])
    expect(withZipMap.metrics).toEqual(without.metrics)
    expect(withZipMap.metrics.roc_auc).toBeGreaterThan(0.9)
  })

  it('a model with a fixed batch size of 1 gives the same metrics as its batched twin', async () => {
    const run = (file: string) =>
      runAccuracyGate(
        accuracyConfigSchema.parse({
          model: fixture(file),
          data: fixture('breast-cancer.holdout.csv'),
          label: 'target',
          resamples: 0,
        }),
      )
    const [one, many] = await Promise.all([
      run('breast-cancer.logistic-batch1.onnx'),
      run('breast-cancer.logistic.onnx'),
    ])
    for (const name of ['accuracy', 'f1', 'roc_auc'])
      expect(one.metrics[name]).toBe(many.metrics[name])
    const latency = one.tables.find((t) => t.title === 'Scoring latency')
    expect(latency?.rows[0]?.[2]).toBe(1)
  })
})
