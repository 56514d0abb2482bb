import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  PSI_EPSILON,
  alignCategories,
  benjaminiHochberg,
  binCountsSorted,
  binCountsWeighted,
  chiSquareQuantile,
  chiSquareSf,
  distinctValues,
  jensenShannonDistance,
  kolmogorovSf,
  ksTwoSample,
  populationStability,
  psiNoise,
  psiNoiseQuantile,
  psiPValue,
  quantileEdges,
  sortFloat64,
} from '../src/index.ts'
import type { CategoryCounts } from '../src/index.ts'
import { expectClose, expectRelative } from './_reference.ts'

type Counts = {
  refCounts: number[]
  curCounts: number[]
  psi: number
  contributions: number[]
  js: number
  bins: number
  expected: number
  quantile99: number
  pValue: number
}
type SampleSpec = { seed: number; n: number; shift: number; scale: number; decimals: number | null }

/** fixtures/drift-reference.json, written by scripts/oracle/drift_reference.py (numpy, scipy). */
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/drift-reference.json', import.meta.url), 'utf8'),
) as {
  epsilon: number
  psi: ({
    name: string
    ref: (number | null)[]
    cur: (number | null)[]
    edges: number[]
  } & Counts)[]
  categorical: ({
    name: string
    ref: (string | null)[]
    cur: (string | null)[]
    names: string[]
    unseen: string[]
  } & Counts)[]
  ks: {
    name: string
    ref: SampleSpec
    cur: SampleSpec
    statistic: number
    pValue: number
    method: string
  }[]
  chiSquare: {
    quantiles: { p: number; df: number; x: number }[]
    sf: { x: number; df: number; sf: number }[]
  }
  benjaminiHochberg: { name: string; p: number[]; adjusted: number[] }[]
  jensenShannon: { p: number[]; q: number[]; distance: number }[]
  kolmogorov: { x: number; sf: number }[]
}

/** Missing cells (null in JSON) as NaN, the way a Table holds them. */
function values(list: readonly (number | null)[]): Float64Array {
  return Float64Array.from(list, (v) => (v == null ? NaN : v))
}

/** Sorted non-missing values and the missing count, as the drift gate prepares a column. */
function prepare(list: readonly (number | null)[]): { sorted: Float64Array; missing: number } {
  const sorted = sortFloat64(values(list))
  let present = sorted.length
  while (present > 0 && Number.isNaN(sorted[present - 1])) present--
  return { sorted: sorted.subarray(0, present), missing: sorted.length - present }
}

function withMissing(counts: Float64Array, missing: number): Float64Array {
  return Float64Array.from([...counts, missing])
}

/** The Park-Miller sequence the oracle also generates: x ← 48271·x mod (2^31 − 1). */
function sample(spec: SampleSpec): Float64Array {
  const out = new Float64Array(spec.n)
  let x = spec.seed
  const f = spec.decimals == null ? 1 : 10 ** spec.decimals
  for (let i = 0; i < spec.n; i++) {
    x = (48271 * x) % 2147483647
    const v = (x / 2147483647) * spec.scale + spec.shift
    out[i] = spec.decimals == null ? v : Math.floor(v * f) / f
  }
  return out
}

describe('numeric PSI against numpy', () => {
  it('uses the ε of statistics.md', () => {
    expect(PSI_EPSILON).toBe(reference.epsilon)
  })

  it.each(reference.psi)('$name', (c) => {
    const ref = prepare(c.ref)
    const cur = prepare(c.cur)
    const edges = quantileEdges(ref.sorted)
    expect(edges.length).toBe(c.edges.length)
    edges.forEach((e, i) => expectClose(e, c.edges[i]!, 1e-12, `edge ${i}`))
    const refCounts = withMissing(binCountsSorted(ref.sorted, edges), ref.missing)
    const curCounts = withMissing(binCountsSorted(cur.sorted, edges), cur.missing)
    expect([...refCounts]).toEqual(c.refCounts)
    expect([...curCounts]).toEqual(c.curCounts)
    const result = populationStability(refCounts, curCounts)
    expectClose(result.psi, c.psi, 1e-9, 'psi')
    result.contribution.forEach((t, i) => expectClose(t, c.contributions[i]!, 1e-9, `bin ${i}`))
    expect(result.occupiedBins).toBe(c.bins)
    expectClose(jensenShannonDistance(result.refShare, result.curShare), c.js, 1e-9, 'js')
    const noise = psiNoise(
      refCounts.reduce((a, b) => a + b),
      curCounts.reduce((a, b) => a + b),
      c.bins,
    )
    expectClose(noise.expected, c.expected, 1e-12, 'expected psi')
    expectClose(psiNoiseQuantile(noise, 0.99), c.quantile99, 1e-9, 'quantile')
    expectClose(psiPValue(noise, result.psi), c.pValue, 1e-9, 'p-value')
  })

  it.each(reference.psi)('$name: a profile (distinct values and counts) bins the same', (c) => {
    const ref = prepare(c.ref)
    const edges = quantileEdges(ref.sorted)
    const d = distinctValues(ref.sorted)
    expect([...binCountsWeighted(d.values, d.counts, edges), ref.missing]).toEqual(c.refCounts)
  })
})

describe('categorical PSI against numpy', () => {
  const counts = (list: readonly (string | null)[]): CategoryCounts => {
    const names = [...new Set(list.filter((v): v is string => v != null))]
    return {
      names,
      counts: Float64Array.from(names, (n) => list.filter((v) => v === n).length),
      missing: list.filter((v) => v == null).length,
    }
  }

  it.each(reference.categorical)('$name', (c) => {
    const aligned = alignCategories(counts(c.ref), counts(c.cur))
    expect(aligned.names).toEqual(c.names)
    expect(aligned.unseen).toEqual(c.unseen)
    expect([...aligned.refCounts]).toEqual(c.refCounts)
    expect([...aligned.curCounts]).toEqual(c.curCounts)
    const result = populationStability(aligned.refCounts, aligned.curCounts)
    expectClose(result.psi, c.psi, 1e-9, 'psi')
    expect(result.occupiedBins).toBe(c.bins)
    expectClose(jensenShannonDistance(result.refShare, result.curShare), c.js, 1e-9, 'js')
  })
})

describe('two-sample KS against scipy.stats.ks_2samp', () => {
  it.each(reference.ks)('$name', (c) => {
    const ref = sortFloat64(sample(c.ref))
    const cur = sortFloat64(sample(c.cur))
    const r = ksTwoSample({ values: ref }, { values: cur })
    expect(r.method).toBe(c.method)
    expectClose(r.statistic, c.statistic, 1e-12, 'D')
    if (c.method === 'exact') expectRelative(r.pValue, c.pValue, 1e-9, 'exact p')
    // Stephens-corrected Kolmogorov limit vs scipy's one-sample distribution at round(n_e): the
    // two asymptotic forms differ by up to about 1% in relative terms (measured ≤ 1.2%).
    else expectRelative(r.pValue, c.pValue, 0.02, 'asymptotic p')
    // The same samples as distinct values with counts (a profile) give the same test.
    const d = distinctValues(ref)
    const weighted = ksTwoSample({ values: d.values, counts: d.counts }, { values: cur })
    expect(weighted.statistic).toBe(r.statistic)
    expect(weighted.pValue).toBe(r.pValue)
    const both = ksTwoSample(d, distinctValues(cur))
    expect(both.statistic).toBe(r.statistic)
    expect(both.pValue).toBe(r.pValue)
  })
})

describe('distributions against scipy', () => {
  it.each(reference.chiSquare.quantiles)('chi2.ppf($p, $df)', (c) => {
    expectRelative(chiSquareQuantile(c.p, c.df), c.x, 1e-9, 'quantile')
  })
  it.each(reference.chiSquare.sf)('chi2.sf($x, $df)', (c) => {
    expectRelative(chiSquareSf(c.x, c.df), c.sf, 1e-9, 'sf')
  })
  it.each(reference.kolmogorov)('kolmogorov($x)', (c) => {
    expectClose(kolmogorovSf(c.x), c.sf, 1e-12, 'Q')
  })
  it.each(reference.jensenShannon)('jensenshannon($p, $q, base=2)', (c) => {
    const d = jensenShannonDistance(Float64Array.from(c.p), Float64Array.from(c.q))
    expectClose(d, c.distance, 1e-12, 'js')
  })
})

describe('Benjamini-Hochberg against the step-up definition', () => {
  it.each(reference.benjaminiHochberg)('$name', (c) => {
    const q = benjaminiHochberg(Float64Array.from(c.p))
    q.forEach((v, i) => expectClose(v, c.adjusted[i]!, 1e-12, `q[${i}]`))
  })
})
