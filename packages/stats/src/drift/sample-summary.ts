import { quantileSorted } from '../quantile.ts'

/** Summary statistics of one numeric feature's non-missing values. */
export type NumericSummary = {
  readonly count: number
  readonly mean: number
  /** Sample standard deviation (n − 1 denominator); 0 for a single value. */
  readonly std: number
  readonly min: number
  readonly q25: number
  readonly median: number
  readonly q75: number
  readonly max: number
}

/** Distinct ascending values with how many rows hold each: a sample's exact distribution. */
export type DistinctValues = { readonly values: Float64Array; readonly counts: Float64Array }

/**
 * Summary of ascending non-missing values (`sorted`, no NaN). Mean and variance by Welford's
 * update, which does not lose precision to large offsets; quartiles by linear interpolation
 * (numpy's default). Null for an empty sample.
 */
export function numericSummary(sorted: Float64Array): NumericSummary | null {
  const n = sorted.length
  if (n === 0) return null
  let mean = 0
  let m2 = 0
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!
    const delta = x - mean
    mean += delta / (i + 1)
    m2 += delta * (x - mean)
  }
  return {
    count: n,
    mean,
    std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
    min: sorted[0]!,
    q25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q75: quantileSorted(sorted, 0.75),
    max: sorted[n - 1]!,
  }
}

/**
 * Run-length form of ascending values: each distinct value once, with its count. -0 and +0 are one
 * value, as they are equal numbers. O(n).
 */
export function distinctValues(sorted: Float64Array): DistinctValues {
  const n = sorted.length
  let distinct = 0
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++
  const values = new Float64Array(distinct)
  const counts = new Float64Array(distinct)
  let k = -1
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!
    if (k < 0 || v !== values[k]) values[++k] = v
    counts[k]!++
  }
  return { values, counts }
}
