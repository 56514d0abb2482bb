import { StatsInputError } from '../errors.ts'
import type { MetricValue } from '../metric-value.ts'
import { definedMetric, undefinedMetric } from '../metric-value.ts'
import type { GroupRates } from './group-rates.ts'

/** The disparities of statistics.md (Fairness), by the names Fairlearn gives them. */
export const DISPARITY_NAMES = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equal_opportunity_difference',
  'equalized_odds_difference',
  'disparate_impact',
] as const
export type DisparityName = (typeof DISPARITY_NAMES)[number]

/** A group and its value of the rate a disparity compares. */
export type GroupValue = { readonly group: number; readonly value: number }

/** A group left out of a disparity, and why (too small, or the rate is undefined for it). */
export type LeftOutGroup = { readonly group: number; readonly reason: string }

/**
 * A disparity's value and the two groups that set it: `group` is compared `against` another (the
 * lowest rate against the highest for differences and ratios, a group against the reference for
 * disparate impact). Undefined disparities carry the reason instead.
 */
export type Disparity =
  | {
      readonly value: number
      /** The per-group rate the two groups were compared on. */
      readonly rate: 'selection_rate' | 'tpr' | 'fpr'
      readonly group: GroupValue
      readonly against: GroupValue
      readonly leftOut: readonly LeftOutGroup[]
    }
  | { readonly value: null; readonly reason: string; readonly leftOut: readonly LeftOutGroup[] }

/**
 * The groups each disparity is computed over, fixed from the data as observed, so that a bootstrap
 * resample computes the same statistic (see `bootstrapFairness`).
 */
export type DisparityPlan = {
  /** Groups counted for selection-rate disparities: at least `minGroupSize` rows. */
  readonly selection: Int32Array
  /** Of those, the groups whose TPR is defined (they have positive labels). */
  readonly tpr: Int32Array
  /** Of those, the groups whose FPR is defined (they have negative labels). */
  readonly fpr: Int32Array
  /** Reference group of disparate impact; −1 when there is none. */
  readonly reference: number
  /**
   * False when the reference is the group with the highest selection rate, picked from the data:
   * the smallest ratio is then min / max, and its interval must allow for that choice.
   */
  readonly referenceGiven: boolean
  /** Groups whose disparate impact counts: `selection` without the reference. */
  readonly impact: Int32Array
}

export type DisparityOptions = {
  /** Groups with fewer rows are shown but left out of every disparity. Default 1. */
  readonly minGroupSize?: number
  /**
   * Reference group of disparate impact. Default: the counted group with the highest selection
   * rate (lowest index on ties), the comparison of the four-fifths rule (29 CFR 1607.4(D)).
   */
  readonly reference?: number
}

export type FairnessDisparities = {
  /** `disparate_impact` is the smallest ratio over the groups (the worst-off group's). */
  readonly values: Readonly<Record<DisparityName, Disparity>>
  /** The two parts of the equalized odds difference. */
  readonly equalizedOdds: { readonly tpr: Disparity; readonly fpr: Disparity }
  readonly disparateImpact: {
    readonly reference: number | null
    readonly referenceSource: 'given' | 'highest selection rate'
    /** Selection rate of each group over the reference's (1 for the reference itself). */
    readonly perGroup: readonly MetricValue[]
    /** The largest ratio over the groups, for an upper bound on disparate impact. */
    readonly largest: Disparity
  }
  readonly plan: DisparityPlan
}

/**
 * Disparities between the groups of one attribute (or intersection), from their rates:
 * - demographic parity difference = max − min selection rate; ratio = min / max;
 * - equal opportunity difference = max − min TPR;
 * - equalized odds difference = max(TPR difference, FPR difference);
 * - disparate impact of group g = selection rate(g) / selection rate(reference).
 *
 * These are Fairlearn's `demographic_parity_difference`, `demographic_parity_ratio`,
 * `equal_opportunity_difference` and `equalized_odds_difference` (between groups, worst case) and
 * AIF360's `disparate_impact`, with one difference: a group whose TPR (or FPR) is undefined, having
 * no positive (negative) labels, is left out of the TPR (FPR) comparison and named, where Fairlearn
 * counts its rate as 0. Groups below `minGroupSize` are left out of every disparity. A disparity
 * needs two groups; with fewer it is undefined, with the reason.
 */
export function fairnessDisparities(
  groups: readonly GroupRates[],
  options: DisparityOptions = {},
): FairnessDisparities {
  const minGroupSize = options.minGroupSize ?? 1
  if (!Number.isInteger(minGroupSize) || minGroupSize < 1) {
    throw new StatsInputError(
      `fairnessDisparities: minGroupSize must be a whole number ≥ 1, got ${minGroupSize}.`,
    )
  }
  const small: LeftOutGroup[] = []
  const selection: number[] = []
  groups.forEach((g, i) => {
    if (g.n === 0) small.push({ group: i, reason: 'no rows' })
    else if (g.n < minGroupSize)
      small.push({
        group: i,
        reason: `${g.n} rows, below the minimum group size of ${minGroupSize}`,
      })
    else selection.push(i)
  })
  const withRate = (rate: 'tpr' | 'fpr'): { ids: number[]; leftOut: LeftOutGroup[] } => {
    const leftOut = [...small]
    const ids = selection.filter((i) => {
      const v = groups[i]!.rates[rate]
      if (v.value == null)
        leftOut.push({ group: i, reason: `${RATE_WORD[rate]} undefined: ${v.reason}` })
      return v.value != null
    })
    leftOut.sort((a, b) => a.group - b.group)
    return { ids, leftOut }
  }
  const tpr = withRate('tpr')
  const fpr = withRate('fpr')
  const rateOf = (rate: 'selection_rate' | 'tpr' | 'fpr', i: number): number =>
    groups[i]!.rates[rate].value ?? Number.NaN

  const spread = (
    rate: 'selection_rate' | 'tpr' | 'fpr',
    ids: readonly number[],
    leftOut: readonly LeftOutGroup[],
    kind: 'difference' | 'ratio',
  ): Disparity => {
    if (ids.length < 2) return tooFew(rate, ids.length, minGroupSize, leftOut)
    let lo = ids[0]!
    let hi = ids[0]!
    for (const i of ids) {
      if (rateOf(rate, i) < rateOf(rate, lo)) lo = i
      if (rateOf(rate, i) > rateOf(rate, hi)) hi = i
    }
    const low = { group: lo, value: rateOf(rate, lo) }
    const high = { group: hi, value: rateOf(rate, hi) }
    if (kind === 'ratio' && high.value === 0) {
      return {
        value: null,
        reason: `every group's ${RATE_WORD[rate]} is 0 (nobody is predicted positive), so min / max is 0 / 0`,
        leftOut,
      }
    }
    const value = kind === 'difference' ? high.value - low.value : low.value / high.value
    return { value, rate, group: low, against: high, leftOut }
  }

  const dpd = spread('selection_rate', selection, small, 'difference')
  const dpr = spread('selection_rate', selection, small, 'ratio')
  const eopp = spread('tpr', tpr.ids, tpr.leftOut, 'difference')
  const eoFpr = spread('fpr', fpr.ids, fpr.leftOut, 'difference')
  const eod = equalizedOdds(eopp, eoFpr)
  const impact = disparateImpact(groups, selection, small, minGroupSize, options.reference)
  return {
    values: {
      demographic_parity_difference: dpd,
      demographic_parity_ratio: dpr,
      equal_opportunity_difference: eopp,
      equalized_odds_difference: eod,
      disparate_impact: impact.smallest,
    },
    equalizedOdds: { tpr: eopp, fpr: eoFpr },
    disparateImpact: {
      reference: impact.reference,
      referenceSource: options.reference == null ? 'highest selection rate' : 'given',
      perGroup: impact.perGroup,
      largest: impact.largest,
    },
    plan: {
      selection: Int32Array.from(selection),
      tpr: Int32Array.from(tpr.ids),
      fpr: Int32Array.from(fpr.ids),
      reference: impact.reference ?? -1,
      referenceGiven: options.reference != null,
      impact: Int32Array.from(selection.filter((i) => i !== impact.reference)),
    },
  }
}

// --- internal ---

const RATE_WORD = { selection_rate: 'selection rate', tpr: 'TPR', fpr: 'FPR' } as const

function tooFew(
  rate: 'selection_rate' | 'tpr' | 'fpr',
  count: number,
  minGroupSize: number,
  leftOut: readonly LeftOutGroup[],
): Disparity {
  const size = minGroupSize > 1 ? ` with at least ${minGroupSize} rows` : ''
  const what =
    rate === 'selection_rate'
      ? `group${size}`
      : `group${size} with a defined ${RATE_WORD[rate]} (${rate === 'tpr' ? 'positive' : 'negative'} labels)`
  return {
    value: null,
    reason: `a comparison needs two groups but ${count === 0 ? 'no' : 'only one'} ${what} is present`,
    leftOut,
  }
}

/** max(TPR difference, FPR difference); the TPR part wins a tie. Undefined when either part is. */
function equalizedOdds(tpr: Disparity, fpr: Disparity): Disparity {
  if (tpr.value == null) {
    return { value: null, reason: `its TPR part is undefined: ${tpr.reason}`, leftOut: tpr.leftOut }
  }
  if (fpr.value == null) {
    return { value: null, reason: `its FPR part is undefined: ${fpr.reason}`, leftOut: fpr.leftOut }
  }
  return fpr.value > tpr.value ? fpr : tpr
}

function disparateImpact(
  groups: readonly GroupRates[],
  selection: readonly number[],
  small: readonly LeftOutGroup[],
  minGroupSize: number,
  given: number | undefined,
): {
  reference: number | null
  perGroup: MetricValue[]
  smallest: Disparity
  largest: Disparity
} {
  const rate = (i: number): number => groups[i]!.rates.selection_rate.value ?? Number.NaN
  const fail = (reason: string) => ({
    reference: given ?? null,
    perGroup: groups.map(() => undefinedMetric(reason)),
    smallest: { value: null, reason, leftOut: small },
    largest: { value: null, reason, leftOut: small },
  })
  let reference: number
  if (given != null) {
    if (!Number.isInteger(given) || given < 0 || given >= groups.length) {
      throw new StatsInputError(
        `fairnessDisparities: reference must be a group index in 0 … ${groups.length - 1}, got ${given}.`,
      )
    }
    reference = given
    const n = groups[given]!.n
    if (!selection.includes(given)) {
      return fail(
        n === 0
          ? 'the reference group has no rows'
          : `the reference group has ${n} rows, below the minimum group size of ${minGroupSize}`,
      )
    }
  } else {
    if (selection.length === 0) return fail(tooFewReason(minGroupSize))
    reference = selection[0]!
    for (const i of selection) if (rate(i) > rate(reference)) reference = i
  }
  const base = rate(reference)
  if (base === 0) {
    const r = fail(
      'nobody in the reference group is predicted positive, so every ratio divides by 0',
    )
    return { ...r, reference }
  }
  const perGroup = groups.map((_, i): MetricValue => {
    if (i === reference) return definedMetric(1)
    if (!selection.includes(i)) {
      return undefinedMetric(small.find((s) => s.group === i)?.reason ?? 'left out')
    }
    return definedMetric(rate(i) / base)
  })
  const others = selection.filter((i) => i !== reference)
  if (others.length === 0) {
    const reason = `no other group${minGroupSize > 1 ? ` with at least ${minGroupSize} rows` : ''} to compare with the reference`
    return {
      reference,
      perGroup,
      smallest: { value: null, reason, leftOut: small },
      largest: { value: null, reason, leftOut: small },
    }
  }
  let lo = others[0]!
  let hi = others[0]!
  for (const i of others) {
    if (rate(i) < rate(lo)) lo = i
    if (rate(i) > rate(hi)) hi = i
  }
  const against = { group: reference, value: base }
  const pick = (i: number): Disparity => ({
    value: rate(i) / base,
    rate: 'selection_rate',
    group: { group: i, value: rate(i) },
    against,
    leftOut: small,
  })
  return { reference, perGroup, smallest: pick(lo), largest: pick(hi) }
}

function tooFewReason(minGroupSize: number): string {
  return `no group has at least ${minGroupSize} rows`
}
