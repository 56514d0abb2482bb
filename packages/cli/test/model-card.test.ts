import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GateResult, McTModelCard } from '@mlgate/gates'
import { MCT_FIELDS_SCHEMA } from '@mlgate/gates'
import { renderJson } from '@mlgate/report'
import { cliSandbox } from './_cli.ts'

// ajv-formats is CommonJS whose default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const fraud = {
  model: `${ROOT}examples/fraud/model.onnx`,
  champion: `${ROOT}examples/fraud/champion.onnx`,
  train: `${ROOT}examples/fraud/train.csv`,
  holdout: `${ROOT}examples/fraud/holdout.csv`,
}
const { dir, cli } = cliSandbox('mlgate-cli-card-')

/** Runs a gate with --json and keeps its output as a results file. */
async function gate(file: string, ...argv: string[]): Promise<string> {
  const r = await cli(...argv, '--json')
  expect(r.code, r.err).toBe(0)
  const path = join(dir, file)
  writeFileSync(path, r.out)
  return path
}

const results: Record<string, string> = {}
beforeAll(async () => {
  // The demo's bounds (which the bundled example passes), with few resamples for speed.
  results['accuracy'] = await gate(
    'accuracy.json',
    'accuracy',
    ...['--model', fraud.model, '--champion', fraud.champion, '--data', fraud.holdout],
    ...['--label', 'is_fraud', '--threshold', '0.08', '--resamples', '100'],
    ...['--min', 'roc_auc=0.85', '--min', 'average_precision=0.25', '--min', 'recall=0.6'],
    ...['--max', 'log_loss=0.15', '--min-change', 'roc_auc=-0.01'],
  )
  results['fairness'] = await gate(
    'fairness.json',
    'fairness',
    ...['--model', fraud.model, '--data', fraud.holdout, '--label', 'is_fraud'],
    ...['--sensitive', 'age_group,region', '--threshold', '0.08', '--resamples', '100'],
    ...['--max', 'demographic_parity_difference=0.1'],
  )
  results['drift'] = await gate(
    'drift.json',
    'drift',
    ...['--reference', fraud.train, '--current', fraud.holdout, '--label', 'is_fraud'],
  )
  const inferred = await cli('schema', 'infer', '--data', fraud.train, '--label', 'is_fraud')
  expect(inferred.code, inferred.err).toBe(0)
  writeFileSync(join(dir, 'fraud.schema.yml'), inferred.out)
  results['schema'] = await gate(
    'schema.json',
    ...['schema', 'validate', '--schema', join(dir, 'fraud.schema.yml'), '--data', fraud.holdout],
  )
}, 120_000)

describe('mlgate model-card', () => {
  it('writes README.md and model-card.json from the results of all four gates', async () => {
    const out = join(dir, 'card')
    const r = await cli(
      'model-card',
      ...Object.values(results).flatMap((f) => ['--results', f]),
      ...['--model', fraud.model, '--data', `training=${fraud.train}`, '--out', out],
      ...['--name', 'fraud-scorer', '--license', 'apache-2.0', '--tag', 'fraud'],
      ...['--owner', 'Fraud team <fraud@example.com>', '--json'],
    )
    expect(r.err).toContain(`Model card written to ${join(out, 'README.md')}`)
    // The default template's sections are still prompts: the card warns, and says which.
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out) as GateResult
    expect(result.gate).toBe('model-card')
    expect(result.status).toBe('warn')
    expect(result.checks.map((c) => c.name)).toEqual([
      'evidence.accuracy',
      'evidence.fairness',
      'evidence.drift',
      'evidence.schema',
      'data.training',
      'data.evaluation',
      'sections',
    ])

    const json = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8')) as McTModelCard
    const ajv = new Ajv({ allErrors: true, strict: true })
    addFormats(ajv)
    const validate = ajv.compile(MCT_FIELDS_SCHEMA)
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true)
    expect(json.model_details.name).toBe('fraud-scorer')
    expect(json.model_details.owners).toEqual([
      { name: 'Fraud team', contact: 'fraud@example.com' },
    ])

    // Each reported number is the one in the result file it came from.
    const accuracy = JSON.parse(readFileSync(results['accuracy'] ?? '', 'utf8')) as GateResult
    const auc = json.quantitative_analysis.performance_metrics.find((m) => m.type === 'roc_auc')
    const check = accuracy.checks.find((c) => c.name === 'roc_auc.value')
    expect(auc).toEqual({
      type: 'roc_auc',
      value: String(accuracy.metrics['roc_auc']),
      confidence_interval: {
        lower_bound: String(check?.interval?.low),
        upper_bound: String(check?.interval?.high),
      },
    })

    const readme = readFileSync(join(out, 'README.md'), 'utf8')
    const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(readme)?.[1] ?? '') as Record<
      string,
      unknown
    >
    expect(front['license']).toBe('apache-2.0')
    expect(front['tags']).toEqual(['mlgate', 'onnx', 'tabular-classification', 'fraud'])
    const index = front['model-index'] as {
      results: { metrics: { type: string; value: number }[] }[]
    }[]
    expect(index[0]?.results[0]?.metrics.find((m) => m.type === 'roc_auc')?.value).toBe(
      accuracy.metrics['roc_auc'],
    )
    expect(readme).toContain('## Fairness')
    expect(readme).toContain('## Data drift')
    expect(readme).toContain('## Intended use')
  })

  it('keeps the sections a person wrote in the card when it is built again', async () => {
    const out = join(dir, 'again')
    const args = [
      'model-card',
      ...['--results', results['accuracy'] ?? '', '--model', fraud.model, '--out', out],
    ]
    expect((await cli(...args)).code).toBe(0)
    const readme = join(out, 'README.md')
    const written = readFileSync(readme, 'utf8').replace(
      /_TODO: [^\n]*_/g,
      'Written by the fraud team.',
    )
    writeFileSync(readme, written)
    const r = await cli(...args, '--results', results['drift'] ?? '', '--json')
    expect(r.code, r.err).toBe(0)
    expect((JSON.parse(r.out) as GateResult).status).toBe('pass')
    const rebuilt = readFileSync(readme, 'utf8')
    expect(rebuilt.match(/## [^\n]+\n\nWritten by the fraud team\./g)).toHaveLength(6)
    expect(rebuilt).toContain('## Data drift')
    expect(rebuilt).not.toContain('No drift gate result was given.')
  })

  it('reads the JSON report of several gates (the artifact format) as well', async () => {
    const a = JSON.parse(readFileSync(results['accuracy'] ?? '', 'utf8')) as GateResult
    const d = JSON.parse(readFileSync(results['drift'] ?? '', 'utf8')) as GateResult
    const report = join(dir, 'report.json')
    writeFileSync(report, renderJson([a, d]))
    const r = await cli(
      'model-card',
      ...['--results', report, '--model', fraud.model, '--out', join(dir, 'report'), '--json'],
    )
    expect(r.code, r.err).toBe(0)
    const checks = (JSON.parse(r.out) as GateResult).checks.map((c) => c.name)
    expect(checks).toContain('evidence.accuracy')
    expect(checks).toContain('evidence.drift')
  })

  it('fails when a result measured another model than the card’s', async () => {
    const r = await cli(
      'model-card',
      ...['--results', results['accuracy'] ?? '', '--model', fraud.champion],
      ...['--out', join(dir, 'champion')],
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/measured the model with SHA-256/)
  })

  it('writes nothing and exits 2 when the files hold no gate result', async () => {
    const empty = join(dir, 'empty.json')
    writeFileSync(empty, '{ "status": "pass", "results": [] }\n')
    const out = join(dir, 'none')
    const r = await cli('model-card', '--results', empty, '--model', fraud.model, '--out', out)
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/No gate result was given/)
    expect(existsSync(out)).toBe(false)
  })

  it.each([
    [['--model', fraud.model], /--results is required/],
    [['--results', 'x.json'], /--model is required/],
    [
      ['--results', 'x.json', '--model', fraud.model, '--data', 'train.csv'],
      /--data expects role=path/,
    ],
    [
      ['--results', join(dir, 'missing.json'), '--model', fraud.model],
      /Cannot read the results file .*missing\.json/,
    ],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await cli('model-card', ...argv)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })

  it('names the file and field of a results file that is not a gate result', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({ gate: 'accuracy', title: 'Accuracy gate', status: 'great' }),
    )
    const r = await cli('model-card', '--results', bad, '--model', fraud.model)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${bad}: status: expected one of "pass"`)
    expect(r.err).not.toMatch(/^\s+at /m)
  })
})
