import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from './_cli.ts'

const example = fileURLToPath(new URL('../../../examples/fraud/', import.meta.url))
const policy = join(example, 'mlgate.yml')
const { dir, cli } = cliSandbox('mlgate-run-cli-')

type Result = {
  gate: string
  status: string
  metrics: Record<string, number | null>
  checks: { name: string; value: number | null; verdict: string }[]
}

const file = (name: string) => join(example, name)
/** The top of a policy on the example's model and holdout. */
const HEAD = [
  `model: ${file('model.onnx')}`,
  'label: is_fraud',
  `data: { holdout: ${file('holdout.csv')} }`,
]

describe('mlgate run', () => {
  it('runs the example policy: four gates, one report, the numbers of the single gates', async () => {
    const out = join(dir, 'report')
    const run = await cli('run', policy, '--out', out, '--json')
    expect(run.err).not.toMatch(/unexpected error/)
    expect(run.code).toBe(0)
    const combined = JSON.parse(run.out) as { status: string; results: Result[] }
    expect(combined.status).toBe('pass')
    expect(combined.results.map((r) => r.gate)).toEqual([
      'schema',
      'accuracy',
      'fairness',
      'drift',
      'model-card',
    ])
    // The card: its numbers are the accuracy gate's, its human sections the example template's.
    const card = readFileSync(join(out, 'model-card', 'README.md'), 'utf8')
    const accuracy = combined.results.find((r) => r.gate === 'accuracy')!
    expect(card).toContain(`value: ${accuracy.metrics['roc_auc']}`)
    expect(card).toContain('Rank transactions for manual review')
    const mct = JSON.parse(readFileSync(join(out, 'model-card', 'model-card.json'), 'utf8')) as {
      model_details: { name: string }
    }
    expect(mct.model_details.name).toBe('Fraud detector')
    expect(readFileSync(join(out, 'mlgate-report.json'), 'utf8')).toBe(run.out)
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^<!-- mlgate:report -->/)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    for (const chart of ['roc', 'pr', 'calibration', 'psi', 'groups']) {
      expect(html, chart).toContain(`data-chart="${chart}"`)
    }

    // The same settings through each gate's own command, as the policy spells them.
    const common = ['--model', file('model.onnx'), '--label', 'is_fraud', '--positive', '1']
    const single = {
      schema: [
        'schema',
        'validate',
        '--schema',
        file('schema.yml'),
        '--data',
        file('holdout.csv'),
        '--model',
        file('model.onnx'),
      ],
      accuracy: [
        'accuracy',
        ...common,
        '--data',
        file('holdout.csv'),
        '--champion',
        file('champion.onnx'),
        '--threshold',
        '0.08',
        '--min',
        'roc_auc=0.85',
        '--min',
        'average_precision=0.25',
        '--min',
        'recall=0.6',
        '--max',
        'log_loss=0.15',
        '--min-change',
        'roc_auc=-0.01',
      ],
      fairness: [
        'fairness',
        ...common,
        '--data',
        file('holdout.csv'),
        '--threshold',
        '0.08',
        '--sensitive',
        'age_group,region',
        '--max',
        'demographic_parity_difference=0.1',
      ],
      drift: [
        'drift',
        ...common,
        '--reference',
        file('train.csv'),
        '--current',
        file('holdout.csv'),
        '--feature-threshold',
        'merchant_risk=0.15:0.3',
        '--feature-threshold',
        'prediction=0.2',
      ],
    }
    for (const [gate, argv] of Object.entries(single)) {
      const alone = await cli(...argv, '--json')
      expect(alone.code, `${gate}: ${alone.err}`).toBe(0)
      const expected = JSON.parse(alone.out) as Result
      const got = combined.results.find((r) => r.gate === gate)!
      expect(got.metrics, gate).toEqual(expected.metrics)
      expect(got.checks, gate).toEqual(expected.checks)
      expect(Object.keys(got.metrics).length, gate).toBeGreaterThan(0)
    }
  }, 60_000)

  it('applies per-feature drift bands from the policy file', async () => {
    // A band below the feature's PSI on this resample makes exactly that feature fail.
    const strict = join(dir, 'strict.yml')
    writeFileSync(
      strict,
      [
        `model: ${file('model.onnx')}`,
        'label: is_fraud',
        'data:',
        `  training: ${file('train.csv')}`,
        `  holdout: ${file('holdout.csv')}`,
        'gates:',
        '  drift:',
        '    model: null',
        '    feature-thresholds:',
        '      amount: { warn: 0, fail: 0.000001 }',
      ].join('\n'),
    )
    const run = await cli('run', strict, '--out', join(dir, 'strict'), '--json')
    expect(run.code).toBe(1)
    const drift = (JSON.parse(run.out) as { results: Result[] }).results[0]!
    const failed = drift.checks.filter((c) => c.verdict === 'fail').map((c) => c.name)
    expect(failed.filter((name) => name.startsWith('psi.'))).toEqual(['psi.feature.amount'])
    // `model: null` turned prediction drift off.
    expect(drift.checks.some((c) => /prediction/.test(c.name))).toBe(false)
  }, 30_000)

  it('names the file, line and key of a mistake in the policy, before any gate runs', async () => {
    const bad = join(dir, 'bad.yml')
    writeFileSync(bad, ['model: m.onnx', 'gates:', '  accuracy:', '    minn: {}'].join('\n'))
    const run = await cli('run', bad)
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/bad\.yml.*line 4.*gates\.accuracy/s)
    expect(run.err).toMatch(/minn/)
    expect(run.err).not.toMatch(/▸/)
  })

  it('points a malformed bound at its line in the policy, not at an input', async () => {
    const bad = join(dir, 'bound.yml')
    writeFileSync(
      bad,
      [...HEAD, 'gates:', '  accuracy:', '    min:', "      roc_auc: '5%'"].join('\n'),
    )
    const run = await cli('run', bad)
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/bound\.yml:6 \(gates\.accuracy\.min\).*roc_auc=5%/)
    expect(run.err).not.toMatch(/Input "/)
  })

  it('names an unknown metric and the known ones', async () => {
    const bad = join(dir, 'metric.yml')
    writeFileSync(
      bad,
      [...HEAD, 'gates:', '  accuracy:', '    min:', '      roc_auk: 0.8'].join('\n'),
    )
    const run = await cli('run', bad, '--out', join(dir, 'metric'))
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/Unknown metric "roc_auk".*Known: .*roc_auc/)
  })

  it('reports a gate that cannot run as an error and still runs the others', async () => {
    const broken = join(dir, 'broken.yml')
    writeFileSync(
      broken,
      [
        ...HEAD,
        'gates:',
        `  schema: { schema: ${join(dir, 'no-such-schema.yml')} }`,
        '  accuracy:',
        '    resamples: 0',
      ].join('\n'),
    )
    const run = await cli('run', broken, '--out', join(dir, 'broken'), '--json')
    expect(run.code).toBe(2)
    const results = (JSON.parse(run.out) as { status: string; results: Result[] }).results
    expect(results.map((r) => [r.gate, r.status])).toEqual([
      ['schema', 'error'],
      ['accuracy', 'warn'],
    ])
  }, 30_000)

  it('refuses --only with a gate the file does not declare', async () => {
    const run = await cli('run', policy, '--only', 'accuracy,promote')
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/Unknown gate "promote"/)
  })
})
