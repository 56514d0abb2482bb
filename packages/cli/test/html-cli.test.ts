import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from './_cli.ts'

const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/fraud/${name}`, import.meta.url))
const { dir, cli } = cliSandbox('mlgate-cli-html-')

const chartsIn = (page: string) => [...page.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1])

describe('--html <file>', () => {
  it('mlgate accuracy writes the report with its curves, relative to the working directory', async () => {
    const r = await cli(
      'accuracy',
      '--model',
      example('model.onnx'),
      '--champion',
      example('champion.onnx'),
      '--data',
      example('holdout.csv'),
      '--label',
      'is_fraud',
      '--threshold',
      '0.08',
      '--min',
      'roc_auc=0.85',
      '--resamples',
      '50',
      '--json',
      '--html',
      'reports/accuracy.html',
    )
    expect(r.code).toBe(0)
    // stdout stays the JSON result; the note about the file goes to stderr.
    const result = JSON.parse(r.out) as { status: string; details: { curves: object } }
    expect(result.details.curves).toHaveProperty('champion')
    expect(r.err).toContain(`HTML report written to ${join('reports', 'accuracy.html')}`)
    const page = readFileSync(join(dir, 'reports', 'accuracy.html'), 'utf8')
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(page).toContain(`<span class="badge ${result.status}">`)
    expect(chartsIn(page)).toEqual(['roc', 'pr', 'calibration'])
    expect(page).toMatch(/generated \d{4}-\d\d-\d\dT/)
  })

  it('mlgate drift and mlgate fairness write theirs too, beside the terminal table', async () => {
    const drift = await cli(
      'drift',
      '--reference',
      example('train.csv'),
      '--current',
      example('holdout.csv'),
      '--html',
      join(dir, 'drift.html'),
    )
    expect(drift.code).toBe(0)
    expect(drift.out).toMatch(/Drift gate/)
    expect(chartsIn(readFileSync(join(dir, 'drift.html'), 'utf8'))).toEqual(['psi'])
    const fairness = await cli(
      'fairness',
      '--model',
      example('model.onnx'),
      '--data',
      example('holdout.csv'),
      '--label',
      'is_fraud',
      '--sensitive',
      'age_group,region',
      '--threshold',
      '0.08',
      '--resamples',
      '20',
      '--html',
      'fairness.html',
    )
    expect([0, 1]).toContain(fairness.code)
    expect(chartsIn(readFileSync(join(dir, 'fairness.html'), 'utf8'))).toEqual([
      'groups',
      'groups',
      'groups',
    ])
  })

  it('is an input error (exit 2) when the file cannot be written, naming the path', async () => {
    const r = await cli(
      'drift',
      '--reference',
      example('train.csv'),
      '--current',
      example('holdout.csv'),
      '--html',
      dir,
    )
    expect(r.code).toBe(2)
    expect(r.err).toContain(`Cannot write the HTML report to ${dir} (--html)`)
    expect(r.err).not.toContain('unexpected error')
  })

  it('is listed in each command’s help, and not taken by drift profile', async () => {
    for (const command of ['accuracy', 'drift', 'fairness']) {
      expect((await cli('help', command)).out).toContain('--html <file>')
    }
    const profile = await cli(
      'drift',
      'profile',
      '--reference',
      example('train.csv'),
      '--out',
      join(dir, 'p.json'),
      '--html',
      'x.html',
    )
    expect(profile.code).toBe(2)
    expect(existsSync(join(dir, 'x.html'))).toBe(false)
  })
})
