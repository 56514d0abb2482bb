import type { DistinctValues } from './sample-summary.ts'

/**
 * The distribution of two samples together, from the distributions of each: one merge of the two
 * ascending value lists, adding the counts of a value both hold. Exact: the same doubles and
 * counts as `columnDistribution` of the samples concatenated (whose zero is +0, as here).
 */
export function mergeDistributions(a: DistinctValues, b: DistinctValues): DistinctValues {
  const na = a.values.length
  const nb = b.values.length
  const values = new Float64Array(na + nb)
  const counts = new Float64Array(na + nb)
  let i = 0
  let j = 0
  let k = 0
  while (i < na && j < nb) {
    const x = a.values[i]!
    const y = b.values[j]!
    if (x < y) {
      values[k] = x
      counts[k++] = a.counts[i++]!
    } else if (y < x) {
      values[k] = y
      counts[k++] = b.counts[j++]!
    } else {
      values[k] = x === 0 ? 0 : x
      counts[k++] = a.counts[i++]! + b.counts[j++]!
    }
  }
  for (; i < na; i++, k++) {
    values[k] = a.values[i]!
    counts[k] = a.counts[i]!
  }
  for (; j < nb; j++, k++) {
    values[k] = b.values[j]!
    counts[k] = b.counts[j]!
  }
  return k === na + nb
    ? { values, counts }
    : { values: values.slice(0, k), counts: counts.slice(0, k) }
}

/** Merges the distributions of the consecutive parts of one column as they come. */
export type DistributionMerger = {
  add(part: DistinctValues): void
  /** The whole column's distribution; the merger is empty afterwards. */
  result(): DistinctValues
}

/**
 * A merger that works like a binary counter: a run made of 2^k parts is merged with the run
 * before it once that one also holds 2^k parts, so every value takes part in O(log parts)
 * merges (sizes in distinct values would not do: parts of one column share most values, so
 * merged runs hardly grow and a new part would be merged into the largest run each time).
 */
export function distributionMerger(): DistributionMerger {
  let runs: { d: DistinctValues; parts: number }[] = []
  return {
    add(part) {
      runs.push({ d: part, parts: 1 })
      while (runs.length > 1) {
        const newer = runs[runs.length - 1]!
        const older = runs[runs.length - 2]!
        if (newer.parts < older.parts) break
        runs.splice(-2, 2, {
          d: mergeDistributions(older.d, newer.d),
          parts: older.parts + newer.parts,
        })
      }
    },
    result() {
      let out: DistinctValues = { values: new Float64Array(0), counts: new Float64Array(0) }
      // Smallest runs first, so the largest is copied once.
      for (let i = runs.length - 1; i >= 0; i--) out = mergeDistributions(runs[i]!.d, out)
      runs = []
      return out
    },
  }
}
