import type { DisparityPlan } from './disparities.ts'

/** What `disparityValues` writes, in order. */
export const PLAN_VALUES = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equal_opportunity_difference',
  'equalized_odds_difference',
  'disparate_impact',
  'disparate_impact_max',
] as const

/**
 * The disparities of `fairnessDisparities` over the groups a plan fixes, from confusion counts
 * (group g's tp, fp, tn, fn at [4g … 4g + 3]), written to `out` in `PLAN_VALUES` order. A value is
 * NaN when one of its groups has a zero denominator in these counts, so that a bootstrap resample
 * either computes the statistic of the observed data on the same groups or counts as undefined.
 * No allocation: it runs once per resample.
 */
export function disparityValues(
  counts: Float64Array,
  plan: DisparityPlan,
  out: Float64Array,
): void {
  const selection = (g: number): number => {
    const tp = counts[4 * g]!
    const fp = counts[4 * g + 1]!
    const n = tp + fp + counts[4 * g + 2]! + counts[4 * g + 3]!
    return n > 0 ? (tp + fp) / n : Number.NaN
  }
  const tpr = (g: number): number => {
    const tp = counts[4 * g]!
    const p = tp + counts[4 * g + 3]!
    return p > 0 ? tp / p : Number.NaN
  }
  const fpr = (g: number): number => {
    const fp = counts[4 * g + 1]!
    const q = fp + counts[4 * g + 2]!
    return q > 0 ? fp / q : Number.NaN
  }
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  let bad = plan.selection.length < 2
  for (const g of plan.selection) {
    const v = selection(g)
    if (Number.isNaN(v)) bad = true
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  out[0] = bad ? Number.NaN : hi - lo
  out[1] = bad || hi === 0 ? Number.NaN : lo / hi
  const tprSpread = spread(plan.tpr, tpr)
  const fprSpread = spread(plan.fpr, fpr)
  out[2] = tprSpread
  out[3] =
    Number.isNaN(tprSpread) || Number.isNaN(fprSpread) ? Number.NaN : Math.max(tprSpread, fprSpread)
  const base = plan.reference >= 0 ? selection(plan.reference) : Number.NaN
  let dlo = Number.POSITIVE_INFINITY
  let dhi = Number.NEGATIVE_INFINITY
  let dbad = !(base > 0) || plan.impact.length === 0
  for (const g of plan.impact) {
    const v = selection(g)
    if (Number.isNaN(v)) dbad = true
    if (v < dlo) dlo = v
    if (v > dhi) dhi = v
  }
  out[4] = dbad ? Number.NaN : dlo / base
  out[5] = dbad ? Number.NaN : dhi / base
}

// --- internal ---

function spread(groups: Int32Array, rate: (g: number) => number): number {
  if (groups.length < 2) return Number.NaN
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const g of groups) {
    const v = rate(g)
    if (Number.isNaN(v)) return Number.NaN
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return hi - lo
}
