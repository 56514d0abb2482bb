import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  ConfigError,
  overridePolicy,
  parsePolicy,
  policyCard,
  policyConfigs,
  policyJsonSchema,
  policyReader,
} from '../src/index.ts'
import type { InputReader } from '../src/index.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const COMMITTED = join(ROOT, 'schemas/mlgate.schema.json')
const EXAMPLES = [join(ROOT, 'examples/fraud/mlgate.yml')]

const policy = (lines: readonly string[], file = 'conf/mlgate.yml') =>
  parsePolicy(lines.join('\n'), file)

const BASE = [
  'model: model.onnx',
  'champion: champion.onnx',
  'label: y',
  'threshold: 0.2',
  'protected: [sex, age]',
  'data:',
  '  training: train.csv',
  '  holdout: holdout.csv',
]

describe('mlgate.yml', () => {
  it('gives each gate its own keys and the top-level ones it inherits, paths from the file', () => {
    const loaded = policy([
      ...BASE,
      'gates:',
      '  accuracy:',
      '    min: { roc_auc: 0.8, f1: 0.5 }',
      "    min-change: { f1: '-1%' }",
      '  fairness:',
      '    bucket: { age: [25, 40] }',
      '  drift:',
      '    exclude: [id]',
      '    feature-thresholds: { income: 0.3, age: { warn: 0.05, fail: 0.2 } }',
      '  schema:',
      '    schema: schema.yml',
    ])
    const accuracy = policyReader(loaded, 'accuracy')
    expect(accuracy.text('model')).toBe(join('conf', 'model.onnx'))
    expect(accuracy.text('data')).toBe(join('conf', 'holdout.csv'))
    expect(accuracy.text('threshold')).toBe('0.2')
    expect(accuracy.lines('min')).toEqual(['roc_auc=0.8', 'f1=0.5'])
    expect(accuracy.lines('min-change')).toEqual(['f1=-1%'])
    expect(accuracy.place('min')).toBe('conf/mlgate.yml:11 (gates.accuracy.min)')
    expect(accuracy.place('data')).toBe('conf/mlgate.yml:8 (data.holdout)')
    const fairness = policyReader(loaded, 'fairness')
    expect(fairness.lines('sensitive')).toEqual(['sex', 'age'])
    expect(fairness.lines('bucket')).toEqual(['age=25,40'])
    const drift = policyReader(loaded, 'drift')
    expect(drift.text('reference')).toBe(join('conf', 'train.csv'))
    expect(drift.text('current')).toBe(join('conf', 'holdout.csv'))
    // Under drift `threshold` is a PSI band: the decision threshold is not inherited.
    expect(drift.text('threshold')).toBeUndefined()
    expect(drift.lines('feature-thresholds')).toEqual(['income=0.3', 'age=0.05:0.2'])
    expect(policyReader(loaded, 'schema').text('data')).toBe(join('conf', 'holdout.csv'))

    const configs = policyConfigs(loaded)
    expect(configs.accuracy?.bounds).toHaveLength(3)
    expect(configs.accuracy?.champion).toBe(join('conf', 'champion.onnx'))
    expect(configs.fairness?.buckets).toEqual({ age: [25, 40] })
    expect(configs.drift?.featureThresholds).toEqual({
      income: { fail: 0.3 },
      age: { warn: 0.05, fail: 0.2 },
    })
    expect(configs.drift?.exclude).toEqual(['id'])
    expect(configs.schema?.schema).toBe(join('conf', 'schema.yml'))
  })

  it('reads the card section, its paths from the file, the model from the top level', () => {
    const loaded = policy([
      ...BASE,
      'gates:',
      '  accuracy:',
      'card:',
      '  template: card.md',
      '  owners: [Risk team <risk@example.com>]',
    ])
    const card = policyCard(loaded, 'out/model-card')
    expect(card?.model).toBe(join('conf', 'model.onnx'))
    expect(card?.config.template).toBe(join('conf', 'card.md'))
    expect(card?.config.out).toBe('out/model-card')
    expect(card?.config.owners).toEqual([{ name: 'Risk team', contact: 'risk@example.com' }])
    expect(policyCard(policy([...BASE, 'gates:', '  accuracy:']), 'x')).toBeUndefined()
  })

  it('treats a key set to null as unset, not inherited', () => {
    const loaded = policy([...BASE, 'gates:', '  drift:', '    model: null'])
    expect(policyReader(loaded, 'drift').text('model')).toBeUndefined()
    expect(policyConfigs(loaded).drift?.model).toBeUndefined()
  })

  it('runs a gate declared with no settings on the defaults', () => {
    const configs = policyConfigs(policy([...BASE, 'gates:', '  accuracy:']))
    expect(configs.accuracy?.data).toBe(join('conf', 'holdout.csv'))
    expect(configs.accuracy?.resamples).toBe(1000)
  })

  it('lets inputs on the uses: line override the file', () => {
    const loaded = policy([...BASE, 'gates:', '  accuracy:', '    min: { roc_auc: 0.8 }'])
    const given: Record<string, string> = { threshold: '0.5', min: 'f1=0.7' }
    const inputs: InputReader = {
      text: (name) => given[name],
      lines: (name) => (given[name] ? [given[name]] : []),
    }
    const read = overridePolicy(inputs, policyReader(loaded, 'accuracy'))
    expect(read.text('threshold')).toBe('0.5')
    expect(read.lines('min')).toEqual(['f1=0.7'])
    expect(read.text('label')).toBe('y')
    expect(read.place('threshold')).toBeUndefined()
  })

  it('refuses unknown keys, wrong types and a file without gates, naming the line', () => {
    const cases: [string[], RegExp][] = [
      [
        [...BASE, 'gates:', '  accuracy:', '    resample: 10'],
        /line 11, gates\.accuracy.*resample/,
      ],
      [[...BASE, 'gates:', '  accuracy:', '    resamples: many'], /line 11.*resamples/],
      [[...BASE, 'gates:', '  promote: {}'], /line 10, gates.*promote/],
      [[...BASE, 'gates: {}'], /declare at least one gate/],
      [['threshold: 2', 'gates:', '  accuracy:'], /line 1, threshold/],
      [[...BASE, 'threshold: 2', 'gates:', '  accuracy:'], /line 9.*keys must be unique/],
      [['model: [a'], /not valid YAML/],
      [[''], /is empty/],
    ]
    for (const [lines, message] of cases) {
      expect(() => policy(lines), lines.join(' | ')).toThrow(message)
    }
  })

  it('rewords a gate setting error to point at the file instead of an input', () => {
    const loaded = policy([...BASE, 'gates:', '  accuracy:', "    max: { log_loss: '1e999' }"])
    expect(() => policyConfigs(loaded)).toThrow(ConfigError)
    expect(() => policyConfigs(loaded)).toThrow(/conf\/mlgate\.yml:11 \(gates\.accuracy\.max\)/)
  })

  it('refuses --only with a gate the file does not declare', () => {
    const loaded = policy([...BASE, 'gates:', '  accuracy:'])
    expect(() => policyConfigs(loaded, ['drift'])).toThrow(/declares no drift gate/)
    expect(() => policyConfigs(loaded, ['deploy'])).toThrow(/Unknown gate "deploy"/)
    expect(Object.keys(policyConfigs(loaded, ['accuracy']))).toEqual(['accuracy'])
  })
})

describe('schemas/mlgate.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: vitest -u)', async () => {
    const options = { ...(await resolveConfig(COMMITTED)), parser: 'json' }
    const text = await format(JSON.stringify(policyJsonSchema(), null, 2), options)
    await expect(text).toMatchFileSnapshot(COMMITTED)
  })

  it('accepts the example policies and rejects what the zod schema rejects', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    const validate = ajv.compile(JSON.parse(readFileSync(COMMITTED, 'utf8')) as object)
    for (const file of EXAMPLES) {
      const value = parse(readFileSync(file, 'utf8')) as unknown
      expect(validate(value), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true)
      expect(() => parsePolicy(readFileSync(file, 'utf8'), file)).not.toThrow()
    }
    for (const bad of [
      { gates: { accuracy: { minn: {} } } },
      { gates: { drift: { threshold: 'sometimes' } } },
      { model: 'm.onnx', threshold: 1.5, gates: { accuracy: null } },
      { version: 2, gates: { accuracy: null } },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false)
      expect(() => parsePolicy(JSON.stringify(bad), 'bad.json')).toThrow()
    }
  })
})
