import { quantileSorted } from '../quantile.ts'
import { sortFloat64 } from '../radix-sort.ts'

/**
 * Pairwise comparisons of one per-group rate: pair k compares group `pairs[2k + 1]` with group
 * `pairs[2k]` as rate(b) − rate(a) (`difference`) or ln rate(b) − ln rate(a) (`log-ratio`).
 */
export type PairFamily = {
  /** Per group and resample: rates[g · resamples + r]; NaN where undefined in that resample. */
  readonly rates: Float64Array
  /** The observed rate of each group. */
  readonly point: Float64Array
  readonly pairs: Int32Array
  readonly scale: 'difference' | 'log-ratio'
}

/** Intervals of every pair of every family (in order), holding together with probability ≥ level. */
export type PairIntervals = {
  readonly low: Float64Array
  readonly high: Float64Array
  /** The observed comparisons. */
  readonly point: Float64Array
  /** Resamples left out because some comparison was undefined in them. */
  readonly skipped: number
}

/**
 * Simultaneous intervals for all pairwise comparisons of one or more families, by the max-|t|
 * construction (as in Hothorn, Bretz and Westfall 2008, "Simultaneous inference in general
 * parametric models"), with the bootstrap in place of the multivariate normal: each comparison d_k
 * gets its bootstrap standard error s_k (sample standard
 * deviation, n − 1, over the resamples where it is defined), the statistic
 * t = max_k |d*_k − d_k| / s_k is computed in every resample where all comparisons are defined,
 * and with c its `level` quantile (numpy's linear method) the intervals d_k ± c · s_k hold together
 * in about a `level` share of samples. A comparison whose resamples never vary (s_k = 0) adds 0.
 * Pairs are fixed before resampling, so no extreme pair is picked anew in each resample.
 * Null when a log-ratio meets an observed rate of 0, or fewer than two resamples are usable.
 */
export function pairwiseIntervals(
  families: readonly PairFamily[],
  resamples: number,
  level: number,
): PairIntervals | null {
  const total = families.reduce((s, f) => s + f.pairs.length / 2, 0)
  const point = new Float64Array(total)
  const se = new Float64Array(total)
  let k = 0
  for (const f of families) {
    for (let p = 0; p < f.pairs.length; p += 2) {
      const d = compare(f, f.point[f.pairs[p]!]!, f.point[f.pairs[p + 1]!]!)
      if (!Number.isFinite(d)) return null
      point[k] = d
      // Sample standard deviation of the resampled comparison (Welford's update).
      let n = 0
      let mean = 0
      let m2 = 0
      for (let r = 0; r < resamples; r++) {
        const v = resampled(f, p, r, resamples)
        if (!Number.isFinite(v)) continue
        n++
        const delta = v - mean
        mean += delta / n
        m2 += delta * (v - mean)
      }
      if (n < 2) return null
      se[k] = Math.sqrt(m2 / (n - 1))
      k++
    }
  }
  const t = new Float64Array(resamples)
  let used = 0
  for (let r = 0; r < resamples; r++) {
    let max = 0
    let ok = true
    k = 0
    for (const f of families) {
      for (let p = 0; p < f.pairs.length && ok; p += 2, k++) {
        const v = resampled(f, p, r, resamples)
        if (!Number.isFinite(v)) ok = false
        else if (se[k]! > 0) max = Math.max(max, Math.abs(v - point[k]!) / se[k]!)
      }
      if (!ok) break
    }
    if (ok) t[used++] = max
  }
  if (used < 2) return null
  const c = quantileSorted(sortFloat64(t.subarray(0, used)), level)
  const low = new Float64Array(total)
  const high = new Float64Array(total)
  for (let j = 0; j < total; j++) {
    low[j] = point[j]! - c * se[j]!
    high[j] = point[j]! + c * se[j]!
  }
  return { low, high, point, skipped: resamples - used }
}

/** All unordered pairs (i < j) of the given groups, flattened. */
export function allPairs(groups: Int32Array): Int32Array {
  const out: number[] = []
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) out.push(groups[i]!, groups[j]!)
  return Int32Array.from(out)
}

/** Each group against the reference: pairs (reference, g). */
export function referencePairs(reference: number, groups: Int32Array): Int32Array {
  const out = new Int32Array(groups.length * 2)
  groups.forEach((g, i) => {
    out[2 * i] = reference
    out[2 * i + 1] = g
  })
  return out
}

/**
 * The interval of max_k |d_k| when every d_k lies in its interval: from the largest distance of
 * an interval to 0 to the largest distance of an end from 0.
 */
export function largestGap(
  iv: PairIntervals,
  from: number,
  to: number,
): { low: number; high: number } {
  let low = 0
  let high = 0
  for (let k = from; k < to; k++) {
    const a = iv.low[k]!
    const b = iv.high[k]!
    low = Math.max(low, a > 0 ? a : b < 0 ? -b : 0)
    high = Math.max(high, Math.abs(a), Math.abs(b))
  }
  return { low, high }
}

// --- internal ---

function compare(f: PairFamily, a: number, b: number): number {
  if (f.scale === 'difference') return b - a
  return a > 0 && b > 0 ? Math.log(b) - Math.log(a) : Number.NaN
}

function resampled(f: PairFamily, p: number, r: number, resamples: number): number {
  const a = f.rates[f.pairs[p]! * resamples + r]!
  const b = f.rates[f.pairs[p + 1]! * resamples + r]!
  return compare(f, a, b)
}
