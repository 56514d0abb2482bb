import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BootstrapInterval, DisparityPlan, FairnessGrouping } from '../src/index.ts'
import {
  DISPARITY_NAMES,
  GROUP_RATE_NAMES,
  bootstrapFairness,
  createRng,
  fairnessDisparities,
  groupConfusion,
  groupRates,
} from '../src/index.ts'
import { PLAN_VALUES, disparityValues } from '../src/fairness/_disparity-values.ts'
import { expectClose } from './_reference.ts'

type Rates = Record<string, number | null>
type Case = {
  name: string
  y: number[]
  yhat: number[]
  groups: number[]
  groupCount: number
  minGroupSize: number
  reference: number | null
  expected: {
    rates: Rates[]
    disparities: Record<string, number | null>
    perGroupImpact: (number | null)[]
    fairlearn: Record<string, number | null> | null
  }
}
type Bounds = { low: number; high: number; undefinedResamples?: number } | null
type BootstrapCase = {
  y: number[]
  yhat: number[]
  groupings: {
    name: string
    codes: number[]
    groupCount: number
    plan: {
      selection: number[]
      tpr: number[]
      fpr: number[]
      reference: number
      referenceGiven: boolean
      impact: number[]
    }
  }[]
  options: { resamples: number; seed: number; level: number }
  expected: {
    percentile: Record<string, Bounds>
    disparities: Record<string, Bounds>
    selectionRate: Bounds[]
    tpr: Bounds[]
    fpr: Bounds[]
  }[]
}

/** Written by scripts/oracle/fairness_reference.py (numpy and pandas; Fairlearn's definitions). */
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/fairness-reference.json', import.meta.url), 'utf8'),
) as { cases: Case[]; bootstrap: BootstrapCase }

const u8 = (a: number[]) => Uint8Array.from(a)
const i32 = (a: number[]) => Int32Array.from(a)

function expectValue(actual: number | null, expected: number | null, label: string): void {
  if (expected == null) {
    expect(actual, `${label}: expected undefined`).toBeNull()
    return
  }
  if (actual == null) return expect.fail(`${label}: undefined, expected ${expected}`)
  expectClose(actual, expected, 1e-9, label)
}

function expectBounds(
  actual: BootstrapInterval | null | undefined,
  expected: Bounds,
  label: string,
) {
  if (expected == null) {
    expect(actual ?? null, `${label}: expected no interval`).toBeNull()
    return
  }
  if (actual == null) return expect.fail(`${label}: no interval, expected one`)
  expectClose(actual.low, expected.low, 1e-9, `${label} low`)
  expectClose(actual.high, expected.high, 1e-9, `${label} high`)
  if (expected.undefinedResamples != null) {
    expect(actual.undefinedResamples, `${label} undefined resamples`).toBe(
      expected.undefinedResamples,
    )
  }
}

describe('group rates and disparities against the numpy/pandas reference', () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const rates = groupRates(u8(c.y), u8(c.yhat), i32(c.groups), c.groupCount)
    c.expected.rates.forEach((want, g) => {
      expect(rates[g]!.n, `group ${g} n`).toBe(want.n)
      for (const k of ['tp', 'fp', 'tn', 'fn'] as const) expect(rates[g]![k]).toBe(want[k])
      for (const name of GROUP_RATE_NAMES) {
        const got = rates[g]!.rates[name]
        expectValue(got.value, want[name] ?? null, `group ${g} ${name}`)
        if (got.value == null) expect(got.reason).toMatch(/(group has no|nobody in the group)/)
      }
    })
    const d = fairnessDisparities(rates, {
      minGroupSize: c.minGroupSize,
      ...(c.reference != null ? { reference: c.reference } : {}),
    })
    for (const name of DISPARITY_NAMES) {
      expectValue(d.values[name].value, c.expected.disparities[name] ?? null, name)
    }
    expectValue(
      d.disparateImpact.largest.value,
      c.expected.disparities['disparate_impact_max'] ?? null,
      'disparate impact, largest',
    )
    expect(d.disparateImpact.reference).toBe(c.expected.disparities['reference'])
    c.expected.perGroupImpact.forEach((want, g) =>
      expectValue(d.disparateImpact.perGroup[g]!.value, want, `disparate impact of group ${g}`),
    )
    // The statistic a bootstrap resample computes equals the point estimate on the same counts.
    const out = new Float64Array(PLAN_VALUES.length)
    disparityValues(groupConfusion(u8(c.y), u8(c.yhat), i32(c.groups), c.groupCount), d.plan, out)
    PLAN_VALUES.forEach((name, k) => {
      const want =
        name === 'disparate_impact_max' ? d.disparateImpact.largest.value : d.values[name].value
      if (want == null) expect(out[k], name).toBeNaN()
      else expectClose(out[k]!, want, 1e-12, `${name} from the plan`)
    })
  })

  it('equals Fairlearn where every group has both labels and counts', () => {
    const plain = reference.cases.find((c) => c.name === 'four groups')!
    const d = fairnessDisparities(
      groupRates(u8(plain.y), u8(plain.yhat), i32(plain.groups), plain.groupCount),
    )
    for (const [name, value] of Object.entries(plain.expected.fairlearn ?? {})) {
      expectValue(d.values[name as (typeof DISPARITY_NAMES)[number]].value, value, name)
    }
  })

  it('leaves a group without positive labels out of TPR comparisons, where Fairlearn counts 0', () => {
    const c = reference.cases.find((x) => x.name === 'a group without positive labels')!
    const rates = groupRates(u8(c.y), u8(c.yhat), i32(c.groups), c.groupCount)
    expect(rates[1]!.rates.tpr).toEqual({ value: null, reason: 'the group has no positive labels' })
    const d = fairnessDisparities(rates)
    const eo = d.values.equal_opportunity_difference
    expect(eo.leftOut).toEqual([
      { group: 1, reason: 'TPR undefined: the group has no positive labels' },
    ])
    // Fairlearn's TPR of 0 for that group makes its difference the largest TPR itself.
    expect(c.expected.fairlearn?.['equal_opportunity_difference']).not.toBeCloseTo(eo.value ?? 0, 3)
    expect(d.values.demographic_parity_difference.leftOut).toEqual([])
  })

  it('shows a group below the minimum size but leaves it out, with the reason', () => {
    const c = reference.cases.find((x) => x.name === 'a group of one row below a minimum of 2')!
    const d = fairnessDisparities(groupRates(u8(c.y), u8(c.yhat), i32(c.groups), c.groupCount), {
      minGroupSize: 2,
    })
    expect(d.values.demographic_parity_difference.leftOut).toEqual([
      { group: 4, reason: '1 rows, below the minimum group size of 2' },
    ])
    expect(d.disparateImpact.perGroup[4]).toEqual({
      value: null,
      reason: '1 rows, below the minimum group size of 2',
    })
  })

  it('says why a disparity is undefined', () => {
    const one = fairnessDisparities(groupRates(u8([1, 0]), u8([1, 1]), i32([0, 0]), 1))
    expect(one.values.demographic_parity_difference).toMatchObject({
      value: null,
      reason: 'a comparison needs two groups but only one group is present',
    })
    const none = fairnessDisparities(
      groupRates(u8([1, 0, 1, 0]), u8([0, 0, 0, 0]), i32([0, 0, 1, 1]), 2),
    )
    expect(none.values.demographic_parity_ratio.value).toBeNull()
    expect(none.values.disparate_impact.value).toBeNull()
    expect(none.values.demographic_parity_difference.value).toBe(0)
    const small = fairnessDisparities(groupRates(u8([1, 0, 1]), u8([1, 0, 1]), i32([0, 0, 1]), 2), {
      minGroupSize: 2,
      reference: 1,
    })
    expect(small.values.disparate_impact).toMatchObject({
      value: null,
      reason: 'the reference group has 1 rows, below the minimum group size of 2',
    })
  })

  it('refuses labels and codes out of range, naming the row', () => {
    expect(() => groupRates(u8([2]), u8([1]), i32([0]), 1)).toThrow(/y\[0\] is 2/)
    expect(() => groupRates(u8([1]), u8([3]), i32([0]), 1)).toThrow(/yhat\[0\] is 3/)
    expect(() => groupRates(u8([1, 0]), u8([1, 0]), i32([0, 2]), 2)).toThrow(/groups\[1\] is 2/)
    expect(() => groupRates(u8([1, 0]), u8([1]), i32([0, 0]), 1)).toThrow(/same rows/)
    expect(() => fairnessDisparities([], { minGroupSize: 0 })).toThrow(/minGroupSize/)
  })
})

describe('bootstrapFairness', () => {
  const b = reference.bootstrap
  const groupings: FairnessGrouping[] = b.groupings.map((g) => ({
    codes: i32(g.codes),
    groupCount: g.groupCount,
    plan: plan(g.plan),
  }))

  it('matches an independent implementation of the stratified resampler, rate by rate', () => {
    const got = bootstrapFairness(u8(b.y), u8(b.yhat), groupings, b.options)
    b.expected.forEach((want, j) => {
      const name = b.groupings[j]!.name
      const g = got[j]!
      for (const k of PLAN_VALUES) {
        expectBounds(g.percentile[k], want.percentile[k] ?? null, `${name} ${k} percentile`)
        expectBounds(g.disparities[k], want.disparities[k] ?? null, `${name} ${k}`)
      }
      want.selectionRate.forEach((w, i) => expectBounds(g.selectionRate[i], w, `${name} sel ${i}`))
      want.tpr.forEach((w, i) => expectBounds(g.tpr[i], w, `${name} tpr ${i}`))
      want.fpr.forEach((w, i) => expectBounds(g.fpr[i], w, `${name} fpr ${i}`))
    })
    // The reference case has a group with two positive labels, so some resamples draw none.
    expect(got[1]!.tpr[1]!.undefinedResamples).toBeGreaterThan(0)
  })

  it('keeps a one-row group in every resample instead of crashing or dropping it', () => {
    const y = u8([1, 0, 1, 0, 1, 0, 1])
    const yhat = u8([1, 0, 0, 0, 1, 1, 1])
    const codes = i32([0, 0, 0, 1, 1, 1, 2])
    const d = fairnessDisparities(groupRates(y, yhat, codes, 3))
    const heard: number[] = []
    const [r] = bootstrapFairness(y, yhat, [{ codes, groupCount: 3, plan: d.plan }], {
      resamples: 50,
      seed: 1,
      level: 0.9,
      onProgress: (done) => heard.push(done),
    })
    expect(heard).toEqual([25, 50])
    expect(r!.selectionRate[2]).toMatchObject({ low: 1, high: 1, undefinedResamples: 0 })
    expect(r!.percentile.demographic_parity_difference?.undefinedResamples).toBe(0)
  })

  it('counts every draw of a cell whose size is a power of two and whose rows are all alike', () => {
    // 4 rows, all true positives: the draw thresholds reach 2^32 exactly.
    const y = u8([1, 1, 1, 1, 0, 1, 0, 1])
    const yhat = u8([1, 1, 1, 1, 0, 0, 1, 1])
    const codes = i32([0, 0, 0, 0, 1, 1, 1, 1])
    const d = fairnessDisparities(groupRates(y, yhat, codes, 2))
    const [r] = bootstrapFairness(y, yhat, [{ codes, groupCount: 2, plan: d.plan }], {
      resamples: 20,
      seed: 3,
      level: 0.9,
    })
    expect(r!.selectionRate[0]).toMatchObject({ low: 1, high: 1 })
    expect(r!.tpr[0]).toMatchObject({ low: 1, high: 1 })
  })

  it('is reproducible from its seed and changes with it', () => {
    const run = (seed: number) =>
      bootstrapFairness(u8(b.y), u8(b.yhat), groupings, { ...b.options, seed })[0]!.percentile
        .demographic_parity_difference
    expect(run(5)).toEqual(run(5))
    expect(run(5)?.low).not.toBe(run(6)?.low)
  })

  it('covers the truth where the percentile interval of max − min does not', () => {
    // Eight groups with the same selection rate: every true disparity is 0 and every true ratio 1.
    // The percentile interval of the resampled max − min sits above the observed spread and
    // excludes 0 almost always; the interval built from simultaneous pairwise intervals covers.
    const rng = createRng(99)
    const trials = 40
    let projectedMisses = 0
    let percentileMisses = 0
    for (let t = 0; t < trials; t++) {
      const n = 400
      const y = new Uint8Array(n)
      const yhat = new Uint8Array(n)
      const codes = new Int32Array(n)
      for (let i = 0; i < n; i++) {
        codes[i] = i % 8
        y[i] = rng() < 0.3 ? 1 : 0
        yhat[i] = rng() < 0.2 ? 1 : 0
      }
      const d = fairnessDisparities(groupRates(y, yhat, codes, 8))
      const [r] = bootstrapFairness(y, yhat, [{ codes, groupCount: 8, plan: d.plan }], {
        resamples: 400,
        seed: t,
        level: 0.95,
      })
      const ratio = r!.disparities.demographic_parity_ratio!
      const gap = r!.disparities.demographic_parity_difference!
      if (ratio.high < 1 || gap.low > 0) projectedMisses++
      if (r!.percentile.demographic_parity_difference!.low > 0) percentileMisses++
      const dpd = d.values.demographic_parity_difference.value!
      expect(r!.disparities.demographic_parity_difference!.low).toBeLessThanOrEqual(dpd)
      expect(r!.disparities.demographic_parity_difference!.high).toBeGreaterThanOrEqual(dpd)
    }
    // About 5% of 40 trials may miss (2 expected); the biased interval misses most of the time.
    expect(projectedMisses).toBeLessThanOrEqual(4)
    expect(percentileMisses).toBeGreaterThan(trials * 0.75)
  })

  it('refuses options out of range and groupings of other rows', () => {
    const g = groupings[0]!
    expect(() =>
      bootstrapFairness(u8(b.y), u8(b.yhat), [g], { ...b.options, resamples: 0 }),
    ).toThrow(/resamples/)
    expect(() =>
      bootstrapFairness(u8(b.y), u8(b.yhat), [{ ...g, codes: g.codes.subarray(1) }], b.options),
    ).toThrow(/same rows/)
  })
})

function plan(p: BootstrapCase['groupings'][number]['plan']): DisparityPlan {
  return {
    selection: i32(p.selection),
    tpr: i32(p.tpr),
    fpr: i32(p.fpr),
    reference: p.reference,
    referenceGiven: p.referenceGiven,
    impact: i32(p.impact),
  }
}
