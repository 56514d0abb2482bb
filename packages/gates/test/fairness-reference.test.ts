import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { fairnessConfigSchema, runFairnessGate } from '../src/index.ts'

type Rates = Record<string, number | null>
type AttributeReference = {
  order: string[]
  groups: Record<string, Rates>
  disparities: Record<string, number | string | null>
  fairlearn: Record<string, number | null>
}
type GateCase = {
  data: string
  model: string
  label: string
  threshold: number
  sensitive: string[]
  buckets: Record<string, number[]>
  rows: number
  yhat: number[]
  attributes: Record<string, AttributeReference>
}
type GroupJson = { group: string; n: number; predicted_positives: number } & Record<string, unknown>
type Details = {
  groups: Record<string, GroupJson[]>
  disparities: Record<
    string,
    Record<string, { value: number | null; largest?: { value: number | null }; reference?: string }>
  >
}

/**
 * Written by scripts/oracle/fairness_reference.py: the model's decisions from a numpy evaluation
 * of its graph, and Fairlearn's definitions restated in numpy/pandas.
 */
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/fairness-reference.json', import.meta.url), 'utf8'),
) as { cases: Record<string, GateCase> }
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const SHARED = fileURLToPath(new URL('../../../../shared/fixtures/real-models/', import.meta.url))
const HAVE_SHARED = existsSync(SHARED)

const RATES = ['selection_rate', 'tpr', 'fpr', 'fnr', 'precision', 'accuracy']
const DISPARITIES = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equal_opportunity_difference',
  'equalized_odds_difference',
  'disparate_impact',
]

function close(actual: unknown, expected: number | null, label: string): void {
  if (expected == null) {
    expect(actual, label).toBeNull()
    return
  }
  expect(typeof actual, label).toBe('number')
  const error = Math.abs((actual as number) - expected)
  if (!(error <= 1e-9 * Math.max(1, Math.abs(expected)))) {
    expect.fail(`${label}: got ${String(actual)}, expected ${expected} (error ${error})`)
  }
}

async function checkCase(name: string): Promise<void> {
  const c = reference.cases[name]
  if (c == null) return expect.fail(`no reference case "${name}"; run the oracle script`)
  const path = (p: string) => `${ROOT}${p}`
  // Every group counts (as in Fairlearn); intervals are not what is compared here.
  const config = fairnessConfigSchema.parse({
    model: path(c.model),
    data: path(c.data),
    label: c.label,
    sensitive: c.sensitive,
    buckets: c.buckets,
    threshold: c.threshold,
    minGroupSize: 1,
    resamples: 0,
  })
  const result = await runFairnessGate(config)
  const details = result.details as Details
  expect(Object.keys(details.groups)).toEqual(Object.keys(c.attributes))
  let predicted = 0
  for (const [key, want] of Object.entries(c.attributes)) {
    const groups = details.groups[key]!
    expect(
      groups.map((g) => g.group),
      `${key} groups`,
    ).toEqual(want.order)
    for (const g of groups) {
      const w = want.groups[g.group]!
      expect(g.n, `${key} ${g.group} n`).toBe(w['n'])
      expect(g.predicted_positives, `${key} ${g.group} predicted positives`).toBe(
        (w['tp'] ?? 0) + (w['fp'] ?? 0),
      )
      for (const rate of RATES) close(g[rate], w[rate] ?? null, `${key} ${g.group} ${rate}`)
      if (key === c.sensitive[0]) predicted += g.predicted_positives
    }
    const d = details.disparities[key]!
    for (const name of DISPARITIES) {
      close(d[name]!.value, (want.disparities[name] as number | null) ?? null, `${key} ${name}`)
      close(
        result.metrics[`${name}[${key}]`],
        (want.disparities[name] as number | null) ?? null,
        `metric ${name}[${key}]`,
      )
    }
    close(
      d['disparate_impact']!.largest!.value,
      (want.disparities['disparate_impact_max'] as number | null) ?? null,
      `${key} largest disparate impact`,
    )
    expect(d['disparate_impact']!.reference).toBe(want.disparities['reference'])
    // Where no group lacks a label class, the values are Fairlearn's exactly.
    const complete = Object.values(want.groups).every((g) => g['tpr'] != null && g['fpr'] != null)
    if (complete) {
      for (const [name, value] of Object.entries(want.fairlearn)) {
        close(d[name]!.value, value, `${key} ${name} (Fairlearn)`)
      }
    }
  }
  // The gate's decisions are the oracle's: same number of predicted positives overall.
  expect(predicted).toBe(c.yhat.reduce((s, v) => s + v, 0))
}

describe('fairness disparities equal the numpy/pandas reference to 1e-9', () => {
  it('on the committed loan fixture: sex, region and age in four bands, and their intersection', async () => {
    await checkCase('loans')
  })

  it('on the bundled fraud example: age_group and region (four groups each) and their intersection', async () => {
    await checkCase('fraud')
  })
})

describe.skipIf(!HAVE_SHARED)(
  HAVE_SHARED
    ? 'on the published titanic pipeline (small_titanic.csv)'
    : `on the published titanic pipeline (skipped: ${SHARED} is absent)`,
  () => {
    it('sex, embarked and age in bands with a missing group: values equal the reference to 1e-9', async () => {
      await checkCase('titanic')
      const c = reference.cases['titanic']!
      // age has five groups, one of them the rows without an age.
      expect(c.attributes['age']!.order).toEqual([
        '(0, 25]',
        '(25, 40]',
        '(40, 65]',
        '> 65',
        '(missing)',
      ])
    })
  },
)
