import { StatsInputError } from '../errors.ts'
import { ksProbOutsideBand, ksProbOutsideSquare } from './_ks-exact.ts'
import { kolmogorovSf } from './kolmogorov.ts'
import { distinctGap } from './_distinct-gap.ts'
import type { KeyedCounts } from './keyed-counts.ts'
import { firstKey } from './keyed-counts.ts'

/** One sample's non-missing values in ascending order (no NaN), optionally with a count per value. */
export type SortedSample = {
  readonly values: Float64Array
  /** How many rows hold each value (a profile's distinct values); omitted: one row each. */
  readonly counts?: Float64Array
}

export type KsMethod = 'exact' | 'asymptotic'

export type KsResult = {
  /** D = max over x of |F_ref(x) − F_cur(x)|, the empirical distribution functions. */
  readonly statistic: number
  readonly pValue: number
  /** How the p-value was computed; `exact` falls back to `asymptotic` when it cannot be done. */
  readonly method: KsMethod
  /** A value where the largest difference is reached. */
  readonly location: number
  readonly nRef: number
  readonly nCur: number
}

/**
 * Largest sample size for an exact p-value under `method: 'auto'`: both samples at most 10 000
 * values, scipy.stats.ks_2samp's `MAX_AUTO_N`, beyond which the path count is slow and the
 * asymptotic form is within a fraction of a percent.
 */
export const KS_EXACT_MAX_N = 10_000

/**
 * Two-sample, two-sided Kolmogorov-Smirnov test on sorted samples, in O(n_ref + n_cur).
 *
 * The statistic is found by one merge of the two sorted samples; tied values advance both sides
 * together, so D is evaluated only where both functions have taken every tie (as scipy does with
 * `searchsorted(side='right')`). It is kept as the exact integer |c_ref·n_cur − c_cur·n_ref| until
 * the end, so the exact p-value uses the exact lattice distance h.
 *
 * p-value: `exact` (both samples ≤ KS_EXACT_MAX_N under `auto`) counts lattice paths as scipy's
 * `method='exact'`, except for unequal sizes so far apart that the count would take seconds and
 * p < 1e-40 anyway; `asymptotic` uses Kolmogorov's limit Q(λ) with Stephens' small-sample
 * correction λ = (√n_e + 0.12 + 0.11/√n_e)·D, n_e = n_ref·n_cur/(n_ref + n_cur) (M. A. Stephens,
 * "Use of the Kolmogorov-Smirnov, Cramér-von Mises and related statistics without extensive
 * tables", JRSS B 32, 1970; Numerical Recipes §14.3). scipy instead evaluates the one-sample
 * distribution at n = round(n_e); the two agree to about 1% relative in the tail and better above.
 */
export function ksTwoSample(
  ref: SortedSample,
  cur: SortedSample,
  method: 'auto' | KsMethod = 'auto',
): KsResult {
  const nRef = sampleSize(ref, 'reference')
  const nCur = sampleSize(cur, 'current')
  const { numerator, location } = largestGap(ref, cur, nRef, nCur)
  return ksResult(nRef, nCur, numerator, location, method)
}

/**
 * `ksTwoSample` of two distributions on the same decimal grid (`KeyedCounts` of one scale): the
 * statistic from one walk over their keys side by side, the same result as from their distinct
 * values (a key with rows on either side is one merge point, as a value is there).
 */
export function ksTwoSampleKeyed(
  ref: KeyedCounts,
  cur: KeyedCounts,
  method: 'auto' | KsMethod = 'auto',
): KsResult {
  if (ref.scale !== cur.scale) {
    throw new StatsInputError(
      `ksTwoSampleKeyed: the samples are on different grids (scales ${ref.scale} and ${cur.scale}).`,
    )
  }
  const nRef = keyedSize(ref, 'reference')
  const nCur = keyedSize(cur, 'current')
  const { numerator, location } = keyedGap(ref, cur, nRef, nCur)
  return ksResult(nRef, nCur, numerator, location, method)
}

// --- internal ---

/** Lattice points the exact unequal-size p-value may visit (about 0.1 s). */
const EXACT_WORK = 2e7

/** The statistic D = numerator / (n_ref·n_cur) and its p-value. */
function ksResult(
  nRef: number,
  nCur: number,
  numerator: number,
  location: number,
  method: 'auto' | KsMethod,
): KsResult {
  const statistic = numerator / (nRef * nCur)
  const wantExact =
    method === 'exact' || (method === 'auto' && Math.max(nRef, nCur) <= KS_EXACT_MAX_N)
  if (wantExact && Number.isSafeInteger(nRef * nCur)) {
    const p = exactPValue(nRef, nCur, numerator)
    if (p !== undefined) return { statistic, pValue: p, method: 'exact', location, nRef, nCur }
  }
  const en = (nRef * nCur) / (nRef + nCur)
  const root = Math.sqrt(en)
  const pValue = kolmogorovSf((root + 0.12 + 0.11 / root) * statistic)
  return { statistic, pValue, method: 'asymptotic', location, nRef, nCur }
}

function sampleSize(s: SortedSample, which: string): number {
  if (s.counts && s.counts.length !== s.values.length) {
    throw new StatsInputError(
      `ksTwoSample: the ${which} sample has ${s.values.length} values but ${s.counts.length} counts.`,
    )
  }
  let n = s.values.length
  if (s.counts) {
    n = 0
    for (let i = 0; i < s.counts.length; i++) n += s.counts[i]!
  }
  if (n === 0) {
    throw new StatsInputError(
      `ksTwoSample: the ${which} sample has no non-missing values; the KS test needs at least one on each side.`,
    )
  }
  const last = s.values[s.values.length - 1]
  if (last !== undefined && Number.isNaN(last)) {
    throw new StatsInputError(
      `ksTwoSample: the ${which} sample holds NaN; pass only the non-missing values, sorted.`,
    )
  }
  return n
}

/** max |c_ref·n_cur − c_cur·n_ref| over merge points, and a value where it is reached. */
function largestGap(
  ref: SortedSample,
  cur: SortedSample,
  nRef: number,
  nCur: number,
): { numerator: number; location: number } {
  if (ref.counts && cur.counts)
    return distinctGap(ref.values, ref.counts, cur.values, cur.counts, nRef, nCur)
  const a = ref.values
  const b = cur.values
  const wa = ref.counts
  const wb = cur.counts
  let i = 0
  let j = 0
  let ca = 0
  let cb = 0
  let best = 0
  let location = a[0] ?? b[0] ?? 0
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!
    while (i < a.length && a[i]! <= x) ca += wa ? wa[i++]! : (i++, 1)
    while (j < b.length && b[j]! <= x) cb += wb ? wb[j++]! : (j++, 1)
    const gap = Math.abs(ca * nCur - cb * nRef)
    if (gap > best) {
      best = gap
      location = x
    }
  }
  return { numerator: best, location }
}

function keyedSize(k: KeyedCounts, which: string): number {
  if (k.present === 0) {
    throw new StatsInputError(
      `ksTwoSample: the ${which} sample has no non-missing values; the KS test needs at least one on each side.`,
    )
  }
  return k.present
}

/**
 * `distinctGap` over two keyed distributions: every key from the lower first to the higher last
 * with rows on either side is a merge point, in ascending order, so the same gaps are met in the
 * same order and the first largest one is kept. The location is its key's value, the double the
 * distinct values hold there.
 */
function keyedGap(
  ref: KeyedCounts,
  cur: KeyedCounts,
  nRef: number,
  nCur: number,
): { numerator: number; location: number } {
  const a = ref.counts
  const b = cur.counts
  const power = 10 ** ref.scale
  const lo = Math.min(ref.first, cur.first)
  const hi = Math.max(ref.first + a.length, cur.first + b.length)
  // Slots of the walk's keys in each array: lo − first is ≤ 0, so a slot is in range only
  // between 0 and the array's length.
  const shiftA = ref.first - lo
  const shiftB = cur.first - lo
  let ca = 0
  let cb = 0
  let best = 0
  let bestKey = -1
  for (let i = 0; i < hi - lo; i++) {
    const ia = i - shiftA
    const ib = i - shiftB
    const wa = ia >= 0 && ia < a.length ? a[ia]! : 0
    const wb = ib >= 0 && ib < b.length ? b[ib]! : 0
    if (wa + wb === 0) continue
    ca += wa
    cb += wb
    const gap = Math.abs(ca * nCur - cb * nRef)
    if (gap > best) {
      best = gap
      bestKey = i
    }
  }
  // With no gap (the same distribution), `distinctGap` reports the reference's lowest value.
  const at = bestKey >= 0 ? lo + bestKey : ref.first + firstKey(a)
  return { numerator: best, location: at / power }
}

/** The exact p-value, or undefined when the computation fails numerically (then asymptotic). */
function exactPValue(nRef: number, nCur: number, numerator: number): number | undefined {
  const g = gcd(nRef, nCur)
  // D·lcm(n_ref, n_cur) = numerator / g, an integer: the lattice distance of the statistic.
  const h = Math.round(numerator / g)
  if (h === 0) return 1
  if (nRef !== nCur) {
    // The band recursion visits about 2·D·m·n lattice points. Past EXACT_WORK the statistic is so
    // extreme (with both samples ≤ 10,000, D·√n_e > 7) that p < 1e-40 and the asymptotic value
    // serves as well; counting would take seconds per column.
    const work = 2 * numerator
    if (work > EXACT_WORK) return undefined
  }
  const p = nRef === nCur ? ksProbOutsideSquare(nRef, h) : ksProbOutsideBand(nRef, nCur, g, h)
  if (!Number.isFinite(p) || p < 0 || p > 1) return undefined
  return p
}

function gcd(a: number, b: number): number {
  let x = a
  let y = b
  while (y !== 0) [x, y] = [y, x % y]
  return x
}
