import { describe, expect, it } from 'vitest'
import {
  StatsInputError,
  alignCategories,
  benjaminiHochberg,
  binCountsSorted,
  binCountsWeighted,
  binCountsWithMissing,
  binIndex,
  chiSquareQuantile,
  jensenShannonDistance,
  ksTwoSample,
  populationStability,
  psiNoise,
  psiNoiseQuantile,
  quantileEdges,
} from '../src/index.ts'

const f64 = (...v: number[]) => Float64Array.from(v)

describe('PSI by hand', () => {
  it('ten reference values put one value in each decile bin', () => {
    // h = 9q: the 0.1 quantile of 1…10 is 1 + 0.9 = 1.9, the 0.5 quantile 5.5, the 0.9 one 9.1.
    const edges = quantileEdges(f64(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
    expect(edges[0]).toBeCloseTo(1.9, 12)
    expect(edges[4]).toBe(5.5)
    expect(edges[8]).toBeCloseTo(9.1, 12)
    expect([...binCountsSorted(f64(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), edges)]).toEqual(
      Array(10).fill(1),
    )
  })

  it('empty current bins take ε = 1e-4 and a bin empty on both sides adds nothing', () => {
    // Reference: 0.1 in each of ten bins, no missing. Current: 0.5 in bin 0, nothing in bins 1-4,
    // 0.1 in bins 5-9. PSI = (0.5 − 0.1)·ln(0.5/0.1) + 4·(1e-4 − 0.1)·ln(1e-4/0.1) + 0
    //                      = 0.4·ln 5 + 0.3996·ln 1000 = 0.643775165 + 2.760339009 = 3.404114174
    const ref = f64(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0)
    const cur = f64(5, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0)
    const r = populationStability(ref, cur)
    expect(r.psi).toBeCloseTo(0.4 * Math.log(5) + 0.3996 * Math.log(1000), 14)
    expect(r.psi).toBeCloseTo(3.404114174, 8)
    expect(r.occupiedBins).toBe(10)
    expect(r.epsilonUsed).toBe(true)
    expect(r.contribution[10]).toBe(0)
  })

  it('a change in the share of missing values is drift', () => {
    // Values identical in shape, but 2 of 4 current rows are missing:
    // ref shares [0.5, 0.5, 0], cur [0.25, 0.25, 0.5] →
    // 2·(0.25 − 0.5)·ln(0.5) + (0.5 − 1e-4)·ln(0.5/1e-4) = 0.346573590 + 0.4999·ln 5000
    const r = populationStability(f64(1, 1, 0), f64(1, 1, 2))
    expect(r.psi).toBeCloseTo(-0.5 * Math.log(0.5) + 0.4999 * Math.log(5000), 12)
  })

  it('ties collapse edges: a constant reference has one edge and two value bins', () => {
    const edges = quantileEdges(f64(4, 4, 4, 4))
    expect([...edges]).toEqual([4])
    // Right-closed: 4 is in (−∞, 4]; 4.5 in (4, ∞); missing last.
    expect([...binCountsWithMissing(f64(4, 4.5, NaN, 3), edges)]).toEqual([2, 1, 1])
    expect(binIndex(edges, 4)).toBe(0)
    expect(binIndex(edges, 4.0000001)).toBe(1)
  })

  it('an empty reference has no edges: one bin for every value', () => {
    expect(quantileEdges(new Float64Array(0)).length).toBe(0)
  })

  it('names a category the reference never saw', () => {
    // ref a:2, b:2; cur a:1, b:1, c:2 → shares (0.5, 0.5, 0) vs (0.25, 0.25, 0.5):
    // PSI = 2·(0.25 − 0.5)·ln(0.5) + (0.5 − 1e-4)·ln(0.5 / 1e-4)
    const aligned = alignCategories(
      { names: ['a', 'b'], counts: f64(2, 2), missing: 0 },
      { names: ['b', 'c', 'a'], counts: f64(1, 2, 1), missing: 0 },
    )
    expect(aligned.names).toEqual(['a', 'b', 'c'])
    expect(aligned.unseen).toEqual(['c'])
    expect(aligned.vanished).toEqual([])
    const r = populationStability(aligned.refCounts, aligned.curCounts)
    expect(r.psi).toBeCloseTo(-0.5 * Math.log(0.5) + 0.4999 * Math.log(5000), 12)
  })

  it('bins distinct values with counts as it bins the rows they stand for', () => {
    const values = f64(-3, -1, 0, 0.5, 2, 2.5, 4, 7)
    const counts = f64(2, 1, 3, 1, 4, 1, 2, 5)
    const rows = f64(...[...values].flatMap((v, i) => Array<number>(counts[i]!).fill(v)))
    // Edges on values, between them, repeated, and beyond either end.
    for (const edges of [f64(0, 2, 4), f64(-5, 0.25, 0.25, 9), f64(-3, 7), f64(10), f64(-10)]) {
      expect(binCountsWeighted(values, counts, edges)).toEqual(binCountsSorted(rows, edges))
    }
    expect([...binCountsWeighted(values, counts, f64(0, 2, 4))]).toEqual([6, 5, 3, 5])
  })

  it('refuses bins that do not line up and samples without rows', () => {
    expect(() => populationStability(f64(1, 2), f64(1, 2, 3))).toThrow(/same edges/)
    expect(() => populationStability(f64(0, 0), f64(1, 2))).toThrow(StatsInputError)
    expect(() => populationStability(f64(0, 0), f64(1, 2))).toThrow(/reference sample has no rows/)
  })
})

describe('no-drift scale by hand', () => {
  it('expected PSI is (1/n_ref + 1/n_cur)·(B − 1)', () => {
    const noise = psiNoise(100, 100, 10)
    expect(noise.expected).toBeCloseTo(0.02 * 9, 15)
    // χ²(2) has P(X ≤ x) = 1 − e^(−x/2), so its 0.99 quantile is −2·ln(0.01) = 9.2103403720.
    expect(chiSquareQuantile(0.99, 2)).toBeCloseTo(-2 * Math.log(0.01), 12)
    expect(psiNoiseQuantile(psiNoise(50, 200, 3), 0.99)).toBeCloseTo(
      (1 / 50 + 1 / 200) * -2 * Math.log(0.01),
      12,
    )
    expect(psiNoiseQuantile(psiNoise(50, 200, 1), 0.99)).toBe(0)
  })
})

describe('KS by hand', () => {
  it('separated samples of three: D = 1, exact p = 2/C(6,3) = 0.1', () => {
    const r = ksTwoSample({ values: f64(1, 2, 3) }, { values: f64(4, 5, 6) })
    expect(r.statistic).toBe(1)
    expect(r.method).toBe('exact')
    expect(r.pValue).toBeCloseTo(0.1, 14)
  })

  it('ties advance both samples together', () => {
    // F_ref jumps to 1 and F_cur to 2/3 at x = 2. A merge that compared after taking only the
    // reference's 2s would read 1 − 0 = 1; reading after every tie gives D = 1/3 (reached at 1).
    const r = ksTwoSample({ values: f64(1, 2, 2) }, { values: f64(2, 2, 3) })
    expect(r.statistic).toBeCloseTo(1 / 3, 15)
    expect(r.location).toBe(1)
  })

  it('leaves the exact count for the asymptotic form when the statistic is extreme', () => {
    // 10,000 vs 9,999 values shifted by half their range: D ≈ 0.5, so counting would visit
    // 2·D·m·n ≈ 1e8 lattice points while p < 1e-40 whichever way it is computed.
    const ramp = (n: number, shift: number) =>
      Float64Array.from({ length: n }, (_, i) => i / n + shift)
    const r = ksTwoSample({ values: ramp(10_000, 0) }, { values: ramp(9_999, 0.5) })
    expect(r.method).toBe('asymptotic')
    expect(r.pValue).toBeLessThan(1e-40)
    const near = ksTwoSample({ values: ramp(10_000, 0) }, { values: ramp(9_999, 0.02) })
    expect(near.method).toBe('exact')
  })

  it('refuses an empty sample and NaN', () => {
    expect(() => ksTwoSample({ values: f64() }, { values: f64(1) })).toThrow(/no non-missing/)
    expect(() => ksTwoSample({ values: f64(1, NaN) }, { values: f64(1) })).toThrow(/NaN/)
  })
})

describe('JS distance and Benjamini-Hochberg by hand', () => {
  it('disjoint distributions are 1 apart, equal ones 0', () => {
    expect(jensenShannonDistance(f64(1, 0), f64(0, 1))).toBe(1)
    expect(jensenShannonDistance(f64(0.3, 0.7), f64(3, 7))).toBe(0)
  })

  it('adjusts 0.01, 0.04, 0.03 to 0.03, 0.04, 0.04', () => {
    // Ranked: 0.01·3/1 = 0.03, 0.03·3/2 = 0.045, 0.04·3/3 = 0.04; running minimum from the top.
    const q = benjaminiHochberg(f64(0.01, 0.04, 0.03))
    expect(q[0]).toBeCloseTo(0.03, 15)
    expect(q[1]).toBeCloseTo(0.04, 15)
    expect(q[2]).toBeCloseTo(0.04, 15)
  })

  it('leaves undefined p-values out of m', () => {
    const q = benjaminiHochberg(f64(0.02, NaN, 0.04))
    expect(q[0]).toBeCloseTo(0.04, 15)
    expect(Number.isNaN(q[1])).toBe(true)
    expect(q[2]).toBeCloseTo(0.04, 15)
  })
})
