import type { Latency } from './types.ts'

/**
 * Summarizes per-run times. Quantiles interpolate linearly between order statistics (the rule
 * statistics.md uses for bin edges, numpy's default), so p99 of few runs is not just the maximum.
 */
export function summarizeLatency(
  batchMs: Float64Array,
  batchRows: Float64Array,
  batchSize: number,
  totalMs: number,
): Latency {
  const perRow = new Float64Array(batchMs.length)
  for (let i = 0; i < batchMs.length; i++)
    perRow[i] = (batchMs[i] as number) / (batchRows[i] as number)
  const sortedBatch = Float64Array.from(batchMs).sort()
  perRow.sort()
  return {
    batches: batchMs.length,
    batchSize,
    totalMs,
    perBatchMs: { p50: quantile(sortedBatch, 0.5), p99: quantile(sortedBatch, 0.99) },
    perRowMs: { p50: quantile(perRow, 0.5), p99: quantile(perRow, 0.99) },
  }
}

/** Quantile of ascending values by linear interpolation (Hyndman & Fan type 7); 0 when empty. */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length
  if (n === 0) return 0
  const h = (n - 1) * q
  const lo = Math.floor(h)
  const a = sorted[lo] as number
  const b = sorted[Math.min(lo + 1, n - 1)] as number
  return a + (h - lo) * (b - a)
}
