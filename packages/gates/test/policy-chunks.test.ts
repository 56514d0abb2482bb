import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { GateResult } from '../src/index.ts'
import {
  parsePolicy,
  policyConfigs,
  runAccuracyGate,
  runFairnessGate,
  runPolicy,
} from '../src/index.ts'

/**
 * `mlgate run` scores a holdout CSV that only the accuracy and fairness gates read chunk by
 * chunk, keeping the scores, the label and the protected attributes rather than every column:
 * the gates must judge exactly as when each reads the file whole on its own.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-policy-chunks-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const example = fileURLToPath(new URL('../../../examples/fraud', import.meta.url))

/** A result without its timings: the scoring latency table and the per-step milliseconds. */
function judged(result: GateResult) {
  const tables = result.tables.filter((t) => t.title !== 'Scoring latency')
  return { status: result.status, checks: result.checks, metrics: result.metrics, tables }
}

function latencyBatches(result: GateResult): unknown[] {
  const table = result.tables.find((t) => t.title === 'Scoring latency')
  return (table?.rows ?? []).map((row) => row[1])
}

function policy(current: string): string {
  return [
    `model: ${join(example, 'model.onnx')}`,
    `champion: ${join(example, 'champion.onnx')}`,
    'label: is_fraud',
    'positive: 1',
    'threshold: 0.08',
    'protected: [age_group, region]',
    'data:',
    `  training: ${join(example, 'train.csv')}`,
    `  holdout: ${join(example, 'holdout.csv')}`,
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
    const accuracy = await runAccuracyGate(configs.accuracy!)
    const fairness = await runFairnessGate(configs.fairness!)
    expect(judged(results[0]!)).toEqual(judged(accuracy))
    expect(judged(results[1]!)).toEqual(judged(fairness))
    // Scored in chunks of 4 KiB (about 80 rows each), one run per chunk, candidate and champion
    // alike; read whole, 3,000 rows are one run of 10,000.
    expect(latencyBatches(accuracy)).toEqual([1, 1])
    for (const batches of latencyBatches(results[0]!)) expect(batches).toBeGreaterThan(30)
    expect(events.filter((e) => e.startsWith('scoring'))).toHaveLength(1)
  }, 60_000)

  it('reads the holdout whole when the drift gate compares it', async () => {
    const configs = policyConfigs(
      parsePolicy(policy(join(example, 'holdout.csv')), join(dir, 'compared.yml')),
    )
    const results = await runPolicy(configs, { blockBytes: 4096 })
    expect(latencyBatches(results[0]!)).toEqual([1, 1])
    expect(judged(results[0]!)).toEqual(judged(await runAccuracyGate(configs.accuracy!)))
  }, 60_000)
})
