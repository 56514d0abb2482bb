import { describe, expect, it } from 'vitest'
import { quantile, summarizeLatency } from '../src/_latency.ts'

describe('latency', () => {
  it('interpolates quantiles between order statistics', () => {
    const sorted = Float64Array.of(1, 2, 3, 4)
    expect(quantile(sorted, 0.5)).toBe(2.5)
    // h = 3 × 0.99 = 2.97 → 3 + 0.97 × (4 − 3)
    expect(quantile(sorted, 0.99)).toBeCloseTo(3.97, 12)
    expect(quantile(Float64Array.of(7), 0.99)).toBe(7)
    expect(quantile(new Float64Array(0), 0.5)).toBe(0)
  })

  it('reports per batch and per row', () => {
    const l = summarizeLatency(Float64Array.of(4, 2, 6), Float64Array.of(2, 2, 1), 2, 13)
    expect(l).toMatchObject({ batches: 3, batchSize: 2, totalMs: 13 })
    // Batches sorted [2, 4, 6]; per row [2, 1, 6] sorted [1, 2, 6]; h = 2 × 0.99 = 1.98.
    expect(l.perBatchMs.p50).toBe(4)
    expect(l.perBatchMs.p99).toBeCloseTo(5.96, 12)
    expect(l.perRowMs.p50).toBe(2)
    expect(l.perRowMs.p99).toBeCloseTo(5.92, 12)
  })
})
