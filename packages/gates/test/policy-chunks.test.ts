import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { readTable, writeParquet } from '@mlgate/data'
import type { AccuracyConfig, FairnessConfig, GateResult } from '../src/index.ts'
import {
  evaluateAccuracy,
  evaluateFairness,
  featureTable,
  parsePolicy,
  policyConfigs,
  runAccuracyGate,
  runFairnessGate,
  runDriftGate,
  runPolicy,
  scoreForFairness,
  scoreModel,
} from '../src/index.ts'
import { resamplerFactory } from '../src/bootstrap/threaded-resampler.ts'
import { workspace } from '../src/policy/workspace.ts'

/**
 * The accuracy and fairness gates score a holdout CSV or Parquet file chunk by chunk, keeping the scores, the
 * label and the protected attributes rather than every column (`mlgate run` when no other gate
 * reads the file, and each gate on its own): they must judge exactly as on the file read whole.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-policy-chunks-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const example = fileURLToPath(new URL('../../../examples/fraud', import.meta.url))

/** A result without its timings: the scoring latency table and the per-step milliseconds. */
function judged(result: GateResult) {
  const tables = result.tables.filter((t) => t.title !== 'Scoring latency')
  return { status: result.status, checks: result.checks, metrics: result.metrics, tables }
}

/** The accuracy gate on the holdout read whole and scored in one piece. */
async function accuracyOnWhole(config: AccuracyConfig): Promise<GateResult> {
  const table = await readTable(config.data)
  const features = featureTable(table, [config.label])
  const options = { batchSize: config.batchSize }
  const candidate = await scoreModel(config.model, features, options)
  const champion = await scoreModel(config.champion!, features, options)
  const resampler = await resamplerFactory()
  return evaluateAccuracy(config, { table, candidate, champion, resampler })
}

/** The fairness gate on the holdout read whole and scored in one piece. */
async function fairnessOnWhole(config: FairnessConfig): Promise<GateResult> {
  const table = await readTable(config.data)
  const options = { columns: config.columns, batchSize: config.batchSize }
  const scoring = await scoreForFairness(
    config.model,
    table,
    config.label,
    config.sensitive,
    options,
  )
  return evaluateFairness(config, { table, ...scoring })
}

function latencyBatches(result: GateResult): unknown[] {
  const table = result.tables.find((t) => t.title === 'Scoring latency')
  return (table?.rows ?? []).map((row) => row[1])
}

function policy(current: string, holdout = join(example, 'holdout.csv')): string {
  return [
    `model: ${join(example, 'model.onnx')}`,
    `champion: ${join(example, 'champion.onnx')}`,
    'label: is_fraud',
    'positive: 1',
    'threshold: 0.08',
    'protected: [age_group, region]',
    'data:',
    `  training: ${join(example, 'train.csv')}`,
    `  holdout: ${holdout}`,
    `  current: ${current}`,
    'gates:',
    '  accuracy:',
    '    min: { roc_auc: 0.85, recall: 0.6 }',
    '    min-change: { roc_auc: -0.01 }',
    '    resamples: 200',
    '  fairness:',
    '    max: { demographic_parity_difference: 0.1 }',
    '    resamples: 100',
    '  drift:',
    `    profile: ${join(dir, 'fraud.profile.json')}`,
  ].join('\n')
}

describe('mlgate run with a holdout that only the accuracy and fairness gates read', () => {
  it('judges as the gates do on the whole file, scoring it in chunks', async () => {
    const configs = policyConfigs(
      parsePolicy(policy(join(example, 'train.csv')), join(dir, 'mlgate.yml')),
    )
    const events: string[] = []
    const results = await runPolicy(configs, {
      blockBytes: 4096,
      onProgress: (what) => events.at(-1) !== what && events.push(what),
    })
    expect(results.map((r) => r.gate)).toEqual(['accuracy', 'fairness', 'drift'])
    const accuracy = await accuracyOnWhole(configs.accuracy!)
    const fairness = await fairnessOnWhole(configs.fairness!)
    expect(judged(results[0]!)).toEqual(judged(accuracy))
    expect(judged(results[1]!)).toEqual(judged(fairness))
    // Scored in chunks of 4 KiB (about 80 rows each), one run per chunk, candidate and champion
    // alike; read whole, 3,000 rows are one run of 10,000.
    expect(latencyBatches(accuracy)).toEqual([1, 1])
    for (const batches of latencyBatches(results[0]!)) expect(batches).toBeGreaterThan(30)
    // Both models report their progress, candidate and champion.
    const scoring = new Set(events.filter((e) => e.startsWith('scoring')))
    expect(scoring).toEqual(
      new Set([
        `scoring ${join(example, 'model.onnx')}`,
        `scoring ${join(example, 'champion.onnx')}`,
      ]),
    )
  }, 60_000)

  it('has the drift gate’s worker read the holdout’s last part before its comparisons', async () => {
    const configs = policyConfigs(
      parsePolicy(policy(join(example, 'train.csv')), join(dir, 'tail.yml')),
    )
    // The example is small: workers and the holdout's tail are asked for.
    const threads = process.env['MLGATE_THREADS']
    process.env['MLGATE_THREADS'] = '2'
    try {
      const results = await runPolicy(configs, { blockBytes: 4096, helpAboveBytes: 1 })
      expect(results.map((r) => r.gate)).toEqual(['accuracy', 'fairness', 'drift'])
      expect(results[0]!.context['data_read']).toBe('in part by the drift gate’s worker')
      expect(results[1]!.context['data_read']).toBe('in part by the drift gate’s worker')
      expect(judged(results[0]!)).toEqual(judged(await accuracyOnWhole(configs.accuracy!)))
      expect(judged(results[1]!)).toEqual(judged(await fairnessOnWhole(configs.fairness!)))
      expect(results[2]!.checks).toEqual((await runDriftGate(configs.drift!)).checks)
      // Below the size, the main thread reads it all.
      const alone = await runPolicy(configs, { blockBytes: 4096 })
      expect(alone[0]!.context['data_read']).toBeUndefined()
      expect(judged(alone[0]!)).toEqual(judged(results[0]!))
    } finally {
      if (threads === undefined) delete process.env['MLGATE_THREADS']
      else process.env['MLGATE_THREADS'] = threads
    }
  }, 60_000)

  it('lets go of the holdout’s feature columns once a cold drift gate has profiled it', async () => {
    const text = policy(join(example, 'train.csv'))
      .replace(
        `training: ${join(example, 'train.csv')}`,
        `training: ${join(example, 'holdout.csv')}`,
      )
      .replace('fraud.profile.json', 'holdout.profile.json')
    const configs = policyConfigs(parsePolicy(text, join(dir, 'cold.yml')))
    rmSync(configs.drift!.profile!, { force: true })
    const results = await runPolicy(configs)
    expect(results.map((r) => r.gate)).toEqual(['accuracy', 'fairness', 'drift'])
    expect(judged(results[0]!)).toEqual(judged(await accuracyOnWhole(configs.accuracy!)))
    expect(judged(results[1]!)).toEqual(judged(await fairnessOnWhole(configs.fairness!)))
    expect(results[2]!.context['profile']).toMatch(/^built from .*holdout\.csv/)
    const alone = await runDriftGate(configs.drift!)
    expect(results[2]!.checks).toEqual(alone.checks)

    // What the workspace keeps: the labels and protected attributes, and the scores.
    const work = workspace({})
    const path = configs.accuracy!.data
    const spec = { label: 'is_fraud', sensitive: ['age_group', 'region'], columns: undefined }
    const scorings = [{ model: configs.accuracy!.model, spec, batchSize: 10_000 }]
    const whole = await work.table(path)
    await work.release(path, scorings)
    const kept = await work.table(path)
    expect(kept.columns.map((c) => c.name)).toEqual(['age_group', 'region', 'is_fraud'])
    // The columns themselves, not copies.
    expect(kept.columns.every((c) => whole.columns.includes(c))).toBe(true)
    const scored = await work.score(configs.accuracy!.model, path, spec, 10_000)
    const features = featureTable(whole, ['is_fraud', 'age_group', 'region'])
    const want = await scoreModel(configs.accuracy!.model, features, {})
    expect(scored.predictions.probabilities).toEqual(want.predictions.probabilities)
  }, 60_000)

  it('reads the holdout whole when the drift gate compares it', async () => {
    const configs = policyConfigs(
      parsePolicy(policy(join(example, 'holdout.csv')), join(dir, 'compared.yml')),
    )
    const results = await runPolicy(configs, { blockBytes: 4096 })
    expect(latencyBatches(results[0]!)).toEqual([1, 1])
    expect(judged(results[0]!)).toEqual(judged(await accuracyOnWhole(configs.accuracy!)))
  }, 60_000)
})

describe('the accuracy and fairness gates on their own', () => {
  it('judge a CSV holdout scored in chunks as one read whole, and read other files whole', async () => {
    const configs = policyConfigs(
      parsePolicy(policy(join(example, 'train.csv')), join(dir, 'alone.yml')),
    )
    const accuracy = configs.accuracy!
    const fairness = configs.fairness!
    expect(judged(await runAccuracyGate(accuracy))).toEqual(judged(await accuracyOnWhole(accuracy)))
    expect(judged(await runFairnessGate(fairness))).toEqual(judged(await fairnessOnWhole(fairness)))
    // A label the file lacks: the whole read's error, naming the column.
    const wrong = { ...accuracy, label: 'no_such_label' }
    await expect(runAccuracyGate(wrong)).rejects.toThrow(/no_such_label/)
  }, 60_000)
})

describe('a Parquet holdout', () => {
  it('is scored row group by row group, judged as the file read whole', async () => {
    const holdout = join(dir, 'holdout.parquet')
    // 3,000 rows in row groups of 2,048 and 952.
    await writeParquet(await readTable(join(example, 'holdout.csv')), holdout, {
      rowGroupSize: 2048,
    })
    const configs = policyConfigs(
      parsePolicy(policy(join(example, 'train.csv'), holdout), join(dir, 'parquet.yml')),
    )
    const results = await runPolicy(configs, { minRows: 1 })
    const accuracy = await accuracyOnWhole(configs.accuracy!)
    const fairness = await fairnessOnWhole(configs.fairness!)
    expect(judged(results[0]!)).toEqual(judged(accuracy))
    expect(judged(results[1]!)).toEqual(judged(fairness))
    // One run per row group, candidate and champion alike; read whole, one run of 10,000.
    expect(latencyBatches(accuracy)).toEqual([1, 1])
    expect(latencyBatches(results[0]!)).toEqual([2, 2])
    expect(judged(await runAccuracyGate(configs.accuracy!))).toEqual(judged(accuracy))
    expect(judged(await runFairnessGate(configs.fairness!))).toEqual(judged(fairness))
  }, 60_000)
})
