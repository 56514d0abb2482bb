import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from './_cli.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const fraud = {
  model: `${ROOT}examples/fraud/model.onnx`,
  data: `${ROOT}examples/fraud/holdout.csv`,
}
const loans = {
  model: `${ROOT}packages/gates/test/fixtures/fairness-loans.onnx`,
  data: `${ROOT}packages/gates/test/fixtures/fairness-loans.csv`,
}
const { cli } = cliSandbox('mlgate-cli-fairness-')

type Json = {
  status: string
  metrics: Record<string, number | null>
  details: {
    groups: Record<string, Record<string, unknown>[]>
    disparities: Record<string, Record<string, { value: number | null }>>
  }
}

describe('mlgate fairness', () => {
  it('prints groups and disparities keyed by snake_case names with --json', async () => {
    const r = await cli(
      'fairness',
      '--model',
      fraud.model,
      '--data',
      fraud.data,
      '--label',
      'is_fraud',
      '--sensitive',
      'age_group,region',
      '--threshold',
      '0.08',
      '--rule',
      'four-fifths',
      '--resamples',
      '200',
      '--json',
    )
    expect(r.err).toBe('')
    // The fraud example's age groups and regions are drawn at random, independent of every feature:
    // the observed gaps are noise, so the four-fifths rule is not conclusively broken.
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as Json
    expect(json.status).toBe('warn')
    expect(Object.keys(json.details.groups)).toEqual(['age_group', 'region', 'age_group&region'])
    expect(Object.keys(json.details.groups['age_group']![0]!)).toEqual(
      expect.arrayContaining([
        'group',
        'n',
        'selection_rate',
        'tpr',
        'fpr',
        'fnr',
        'precision',
        'accuracy',
        'disparate_impact',
        'gated',
        'intervals',
      ]),
    )
    expect(Object.keys(json.details.disparities['region']!)).toEqual(
      expect.arrayContaining([
        'demographic_parity_difference',
        'demographic_parity_ratio',
        'equal_opportunity_difference',
        'equalized_odds_difference',
        'disparate_impact',
      ]),
    )
    expect(json.metrics['demographic_parity_difference[age_group]']).toBe(
      json.details.disparities['age_group']!['demographic_parity_difference']!.value,
    )
  })

  it('exits 1 when a disparity credibly misses its bound, with a plain sentence', async () => {
    const r = await cli(
      'fairness',
      '--model',
      loans.model,
      '--data',
      loans.data,
      '--label',
      'approved',
      '--sensitive',
      'sex',
      '--sensitive',
      'age',
      '--bucket',
      'age=25,40,65',
      '--max',
      'demographic_parity_difference=0.1',
      '--resamples',
      '300',
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/FAIL/)
    expect(r.out).toContain(
      'Selection rate for sex female is 0.3553 against 0.5813 for sex male: difference 0.226, bound ≤ 0.1',
    )
    expect(r.out).toContain('Groups by age')
  })

  it.each([
    [['--data', loans.data, '--label', 'approved', '--sensitive', 'sex'], /--model is required/],
    [
      ['--model', loans.model, '--data', loans.data, '--label', 'approved'],
      /--sensitive is required/,
    ],
    [
      [
        '--model',
        loans.model,
        '--data',
        loans.data,
        '--label',
        'approved',
        '--sensitive',
        'age',
        '--bucket',
        'age',
      ],
      /--bucket expects column=value/,
    ],
    [
      [
        '--model',
        loans.model,
        '--data',
        loans.data,
        '--label',
        'approved',
        '--sensitive',
        'sex',
        '--rule',
        'eighty',
      ],
      /--rule/,
    ],
    [
      [
        '--model',
        loans.model,
        '--data',
        loans.data,
        '--label',
        'approved',
        '--sensitive',
        'sex',
        '--max',
        'auc=0.1',
      ],
      /"auc" is not a fairness disparity/,
    ],
    [
      [
        '--model',
        loans.model,
        '--data',
        loans.data,
        '--label',
        'approved',
        '--sensitive',
        'nationality',
      ],
      /nationality/,
    ],
  ])('exits 2 on a usage or input error: %j', async (argv, message) => {
    const r = await cli('fairness', ...argv)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
    expect(r.err).not.toMatch(/at .*\.ts:\d+/)
  })

  it('is listed in help', async () => {
    const r = await cli('help')
    expect(r.out).toMatch(/fairness\s+compare/)
    const usage = await cli('help', 'fairness')
    expect(usage.out).toMatch(/--rule <name>/)
  })
})
