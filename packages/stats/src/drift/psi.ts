import { StatsInputError } from '../errors.ts'
import { quantileSorted } from '../quantile.ts'
import { cumulativeCounts, distinctQuantile } from './distribution.ts'
import type { DistinctValues } from './sample-summary.ts'

/**
 * The proportion that replaces a proportion of exactly 0 before the logarithm of PSI
 * (statistics.md, "PSI": ε = 1e-4). Only zeros are replaced: a small but observed share keeps its
 * value, and the shares are not renormalised afterwards.
 */
export const PSI_EPSILON = 1e-4

/**
 * Reference quantiles whose values are the numeric bin edges (statistics.md: 0.1, 0.2, …, 0.9, ten
 * equal-frequency bins). Written as k/10 so that every implementation uses the same doubles.
 */
export const PSI_QUANTILES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k / 10)

/** Per-bin shares and the PSI they give. Arrays are aligned: one entry per bin. */
export type PsiResult = {
  /** Σ_b (cur_b − ref_b) · ln(cur_b / ref_b) over bins, after ε replaced zero shares. */
  readonly psi: number
  /** Observed shares (count / rows, missing included), before any ε replacement. */
  readonly refShare: Float64Array
  readonly curShare: Float64Array
  /** Each bin's term of the sum. */
  readonly contribution: Float64Array
  /** Bins holding at least one row in either sample: the B of the no-drift approximation. */
  readonly occupiedBins: number
  /** True when some share of 0 (on one side only) was replaced by ε. */
  readonly epsilonUsed: boolean
}

/**
 * Bin edges from the sorted, non-missing reference values: the quantiles at `PSI_QUANTILES` by
 * linear interpolation (numpy's default), with repeated edges collapsed, so ties give fewer bins
 * (an interpolated edge can still leave a bin without reference rows). An empty reference has no
 * edges: one bin holds every value.
 */
export function quantileEdges(sorted: Float64Array): Float64Array {
  if (sorted.length === 0) return new Float64Array(0)
  return collapse(PSI_QUANTILES.map((q) => quantileSorted(sorted, q)))
}

/** `quantileEdges` of a distinct-values distribution, without expanding it. */
export function distinctEdges(d: DistinctValues): Float64Array {
  if (d.values.length === 0) return new Float64Array(0)
  const cumulative = cumulativeCounts(d)
  return collapse(PSI_QUANTILES.map((q) => distinctQuantile(d, cumulative, q)))
}

/**
 * Index of the right-closed bin holding `value`: bins are (−∞, e0], (e0, e1], …, (e_last, ∞), so
 * the index is the number of edges strictly below the value (numpy `searchsorted(side='left')`).
 */
export function binIndex(edges: Float64Array, value: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (edges[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Rows per value bin (edges.length + 1 entries) of ascending, non-missing values, by binary search
 * for each edge: O(B log n), so a sorted column costs nothing more to bin.
 */
export function binCountsSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1)
  let before = 0
  for (let i = 0; i < edges.length; i++) {
    const atOrBelow = upperBound(sorted, edges[i]!)
    counts[i] = atOrBelow - before
    before = atOrBelow
  }
  counts[edges.length] = sorted.length - before
  return counts
}

/**
 * Rows per value bin of ascending distinct `values`, each seen `counts[i]` times (a reference
 * profile's exact distribution): each edge's place found by binary search, then each bin's counts
 * summed in ascending order, as a walk over the values would add them.
 */
export function binCountsWeighted(
  values: Float64Array,
  counts: Float64Array,
  edges: Float64Array,
): Float64Array {
  const out = new Float64Array(edges.length + 1)
  let from = 0
  for (let b = 0; b <= edges.length; b++) {
    const to = b < edges.length ? upperBound(values, edges[b]!, from) : values.length
    out[b] = sumRange(counts, from, to)
    from = to
  }
  return out
}

/**
 * Rows per value bin of unsorted values, plus the missing (NaN) rows as a last entry: one binary
 * search per row, for subsets that are never sorted (labelled rows in the coverage audit).
 */
export function binCountsWithMissing(values: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 2)
  const missing = edges.length + 1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) counts[missing]!++
    else counts[binIndex(edges, v)]!++
  }
  return counts
}

/**
 * PSI between two count vectors over the same bins (missing as one of them). Shares are counts over
 * each side's total; a share of 0 becomes `epsilon` before the logarithm; bins empty on both sides
 * add nothing (ε − ε = 0).
 */
export function populationStability(
  refCounts: Float64Array,
  curCounts: Float64Array,
  epsilon: number = PSI_EPSILON,
): PsiResult {
  if (refCounts.length !== curCounts.length) {
    throw new StatsInputError(
      `populationStability: the reference has ${refCounts.length} bins but the current data ${curCounts.length}; both must be binned on the same edges.`,
    )
  }
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new StatsInputError(`populationStability: epsilon must be in (0, 1), got ${epsilon}.`)
  }
  const refTotal = total(refCounts, 'reference')
  const curTotal = total(curCounts, 'current')
  const bins = refCounts.length
  const refShare = new Float64Array(bins)
  const curShare = new Float64Array(bins)
  const contribution = new Float64Array(bins)
  let psi = 0
  let occupied = 0
  let epsilonUsed = false
  for (let b = 0; b < bins; b++) {
    const r = refCounts[b]! / refTotal
    const c = curCounts[b]! / curTotal
    refShare[b] = r
    curShare[b] = c
    if (r === 0 && c === 0) continue
    occupied++
    if (r === 0 || c === 0) epsilonUsed = true
    const rr = r === 0 ? epsilon : r
    const cc = c === 0 ? epsilon : c
    const term = (cc - rr) * Math.log(cc / rr)
    contribution[b] = term
    psi += term
  }
  return { psi, refShare, curShare, contribution, occupiedBins: occupied, epsilonUsed }
}

// --- internal ---

/** Edges from the quantiles, each kept only when above the one before. */
function collapse(quantiles: readonly number[]): Float64Array {
  const edges: number[] = []
  for (const [i, e] of quantiles.entries()) {
    const q = PSI_QUANTILES[i]!
    if (Number.isNaN(e)) {
      throw new StatsInputError(
        `quantileEdges: the ${q} quantile is NaN (the values hold both -Infinity and +Infinity at the interpolation point); drop infinite values first.`,
      )
    }
    // Collapse repeated edges; comparing with `>` also makes -0 and +0 one edge.
    const last = edges[edges.length - 1]
    if (last === undefined || e > last) edges.push(e)
  }
  return Float64Array.from(edges)
}

/** Number of values ≤ x in ascending `sorted`, all of the first `from` of which are. */
function upperBound(sorted: Float64Array, x: number, from = 0): number {
  let lo = from
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** counts[from] + … + counts[to − 1], added in that order. */
function sumRange(counts: Float64Array, from: number, to: number): number {
  let sum = 0
  for (let i = from; i < to; i++) sum += counts[i]!
  return sum
}

function total(counts: Float64Array, which: string): number {
  let sum = 0
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!
    if (!(c >= 0)) {
      throw new StatsInputError(
        `populationStability: ${which} count of bin ${i} is ${c}; counts must be non-negative numbers.`,
      )
    }
    sum += c
  }
  if (sum === 0) {
    throw new StatsInputError(
      `populationStability: the ${which} sample has no rows; PSI needs at least one row on each side.`,
    )
  }
  return sum
}
