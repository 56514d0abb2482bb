import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from './_cli.ts'

const fixtures = fileURLToPath(new URL('../../onnx/test/fixtures/', import.meta.url))
const model = join(fixtures, 'breast-cancer.logistic.onnx')
const data = join(fixtures, 'breast-cancer.holdout.csv')
const { dir, cli } = cliSandbox('mlgate-cli-')

describe('mlgate accuracy', () => {
  it('prints the GateResult as JSON with snake_case metrics and exits 0 on pass', async () => {
    const r = await cli(
      'accuracy',
      '--model',
      model,
      '--data',
      data,
      '--label',
      'target',
      '--min',
      'roc_auc=0.9',
      '--min-rows',
      '100',
      '--json',
    )
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out) as {
      status: string
      checks: unknown[]
      metrics: Record<string, number>
    }
    expect(result.status).toBe('pass')
    expect(result.checks).toHaveLength(1)
    for (const key of ['accuracy', 'f1', 'roc_auc', 'average_precision', 'log_loss', 'brier']) {
      expect(typeof result.metrics[key]).toBe('number')
    }
  })

  it('exits 1 when a bound fails, with a table for people', async () => {
    const r = await cli(
      'accuracy',
      '--model',
      model,
      '--data',
      data,
      '--label',
      'target',
      '--min',
      'accuracy=0.999',
      '--min-rows',
      '100',
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/FAIL/)
    expect(r.out).toMatch(/Accuracy/)
  })

  it.each([
    [['accuracy', '--data', data, '--label', 'target'], /--model is required/],
    [
      ['accuracy', '--model', model, '--data', data, '--label', 'target', '--min', 'roc_auc'],
      /--min expects metric=number/,
    ],
    [
      ['accuracy', '--model', model, '--data', data, '--label', 'target', '--threshold', 'high'],
      /--threshold expects a number, got "high"/,
    ],
    [
      ['accuracy', '--model', model, '--data', data, '--label', 'target', '--threshold', '2'],
      /--threshold: .*1/,
    ],
    [['accuracy', '--model', model, '--data', data, '--label', 'target', '--bogus'], /bogus/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const r = await cli(...argv)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
    expect(r.err).not.toMatch(/at .*\.ts:\d+/) // no stack trace for a user mistake
  })

  it('exits 2 and names the file when the data file does not exist', async () => {
    const missing = join(dir, 'nope.csv')
    const r = await cli('accuracy', '--model', model, '--data', missing, '--label', 'target')
    expect(r.code).toBe(2)
    expect(r.err).toContain(missing)
  })

  it('exits 2 and names the column when the label column is absent', async () => {
    const r = await cli('accuracy', '--model', model, '--data', data, '--label', 'is_spam')
    expect(r.code).toBe(2)
    expect(r.err).toContain('is_spam')
  })

  it('exits 2 and names the model when the model file is corrupt', async () => {
    const bad = join(dir, 'bad.onnx')
    writeFileSync(bad, readFileSync(model).subarray(0, 40))
    const r = await cli('accuracy', '--model', bad, '--data', data, '--label', 'target')
    expect(r.code).toBe(2)
    expect(r.err).toContain(bad)
  })

  it('prints help', async () => {
    const r = await cli('help', 'accuracy')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/--min-change/)
  })

  it('lists the environment variables in the top-level help', async () => {
    const r = await cli('help')
    expect(r.code).toBe(0)
    for (const name of ['MLGATE_THREADS', 'MLGATE_HUGE_PAGES', 'MLGATE_PROGRESS_EVERY_MS']) {
      expect(r.out).toContain(name)
    }
  })
})
