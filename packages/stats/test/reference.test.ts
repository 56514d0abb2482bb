import { describe, expect, it } from 'vitest'
import {
  binaryMetrics,
  binomialCdf,
  binomialPmf,
  bootstrapBinary,
  createRng,
  delongTest,
  mcnemarExact,
  multiclassMetrics,
  normalCdf,
  pairedBootstrapBinary,
  quantileSorted,
  regressionMetrics,
} from '../src/index.ts'
import { createUint32Source } from '../src/_xoshiro128.ts'
import { createResampler } from '../src/_resample.ts'
import type { BootstrapInterval } from '../src/index.ts'
import { expectClose, expectMetric, expectRelative, reference } from './_reference.ts'
import type { Reference } from './_reference.ts'

describe('binaryMetrics against scikit-learn', () => {
  it.each(reference.binary)('$name', (c) => {
    const metrics = binaryMetrics(Uint8Array.from(c.y), Float64Array.from(c.score), c.threshold)
    expect(Object.keys(metrics).sort()).toEqual(Object.keys(c.expected).sort())
    for (const [key, expected] of Object.entries(c.expected)) {
      expectMetric(metrics[key], expected, `${c.name} ${key}`)
    }
  })
})

describe('multiclassMetrics against scikit-learn', () => {
  it.each(reference.multiclass)('$name', (c) => {
    const metrics = multiclassMetrics(Int32Array.from(c.y), Float64Array.from(c.proba), c.k)
    expect(Object.keys(metrics).sort()).toEqual(Object.keys(c.expected).sort())
    for (const [key, expected] of Object.entries(c.expected)) {
      expectMetric(metrics[key], expected, `${c.name} ${key}`)
    }
  })
})

describe('regressionMetrics against scikit-learn', () => {
  it.each(reference.regression)('$name', (c) => {
    const metrics = regressionMetrics(Float64Array.from(c.y), Float64Array.from(c.pred))
    expect(Object.keys(metrics).sort()).toEqual(Object.keys(c.expected).sort())
    for (const [key, expected] of Object.entries(c.expected)) {
      expectMetric(metrics[key], expected, `${c.name} ${key}`)
    }
  })
})

describe('delongTest against the numpy implementation of the published formulas', () => {
  it.each(reference.delong)('$name', (c) => {
    const r = delongTest(Uint8Array.from(c.y), Float64Array.from(c.a), Float64Array.from(c.b))
    for (const key of ['aucA', 'aucB', 'difference', 'se', 'z'] as const) {
      expectClose(r[key], c[key], 1e-9, `${c.name} ${key}`)
    }
    expectRelative(r.pValue, c.pValue, 1e-9, `${c.name} pValue`)
  })
})

describe('mcnemarExact against scipy.stats.binomtest', () => {
  it.each(reference.mcnemar.counts)('b=$b c=$c', ({ b, c, concordant, pValue }) => {
    // Rows: b (candidate right, champion wrong), c (the reverse), concordant pairs of each kind.
    const cand: number[] = []
    const champ: number[] = []
    const push = (x: number, z: number, times: number) => {
      for (let i = 0; i < times; i++) {
        cand.push(x)
        champ.push(z)
      }
    }
    push(1, 0, b)
    push(0, 1, c)
    push(1, 1, concordant)
    push(0, 0, concordant)
    const r = mcnemarExact(Uint8Array.from(cand), Uint8Array.from(champ))
    expect([r.b, r.c]).toEqual([b, c])
    expectRelative(r.pValue, pValue, 1e-9, `b=${b} c=${c}`)
  })

  it('breast_cancer: full model vs three features', () => {
    const c = reference.mcnemar.rows[0]!
    const r = mcnemarExact(Uint8Array.from(c.candidateCorrect), Uint8Array.from(c.championCorrect))
    expect([r.b, r.c]).toEqual([c.b, c.c])
    expectRelative(r.pValue, c.pValue, 1e-9, 'pValue')
  })
})

describe('distributions against scipy.stats', () => {
  it.each(reference.distributions.normal)('normalCdf($x)', ({ x, cdf }) => {
    // Relative 1e-12 in both tails: p-values are read far below 1e-6.
    expectRelative(normalCdf(x), cdf, 1e-12, `normalCdf(${x})`)
  })
  it.each(reference.distributions.binomial)('binomial k=$k n=$n p=$p', ({ k, n, p, cdf, pmf }) => {
    expectRelative(binomialCdf(k, n, p), cdf, 1e-9, 'cdf')
    expectRelative(binomialPmf(k, n, p), pmf, 1e-9, 'pmf')
  })
})

describe('quantileSorted against numpy.quantile', () => {
  it.each(reference.quantile)('case %#', (c) => {
    const sorted = Float64Array.from(c.sorted)
    c.q.forEach((q, j) => {
      // numpy's own interpolation formula is reproduced, so the result is bit-identical.
      expect(quantileSorted(sorted, q), `q=${q}`).toBe(c.expected[j])
    })
  })
})

describe('generator against an independent implementation of xoshiro128** + SplitMix64', () => {
  it.each(reference.rng)('seed $seed', ({ seed, uint32 }) => {
    const next = createUint32Source(seed)
    expect(Array.from({ length: uint32.length }, () => next())).toEqual(uint32)
    const rng = createRng(seed)
    expect(rng()).toBe(uint32[0]! / 2 ** 32)
  })
})

describe('bootstrap against the same resamples evaluated by scikit-learn', () => {
  const c = reference.bootstrap
  const y = Uint8Array.from(c.y)
  const candidate = Float64Array.from(c.candidate)
  const champion = Float64Array.from(c.champion)

  it('draws the same first resample', () => {
    const counts = new Uint8Array(y.length)
    createResampler(y.length, c.options.seed).draw(counts)
    expect(Array.from(counts)).toEqual(c.firstCounts)
  })

  it('gives the same percentile intervals', () => {
    const got = bootstrapBinary(y, candidate, c.threshold, c.metrics, c.options)
    expectIntervals(got, c.single, c.metrics)
    expect(got[c.metrics[0]!]).toMatchObject(c.options)
  })

  it('gives the same paired intervals of candidate − champion', () => {
    const got = pairedBootstrapBinary(y, candidate, champion, c.threshold, c.metrics, c.options)
    expectIntervals(got, c.paired, c.metrics)
  })
})

function expectIntervals(
  got: Record<string, BootstrapInterval | null>,
  want: Reference['bootstrap']['single'],
  names: readonly string[],
): void {
  for (const name of names) {
    const expected = want[name]
    const interval = got[name]
    if (expected === undefined) return expect.fail(`${name}: not in the reference`)
    if (expected == null) {
      expect(interval, name).toBeNull()
      continue
    }
    if (!interval) return expect.fail(`${name}: no interval`)
    expectClose(interval.low, expected.low, 1e-9, `${name} low`)
    expectClose(interval.high, expected.high, 1e-9, `${name} high`)
    expect(interval.undefinedResamples, name).toBe(expected.undefinedResamples)
  }
}
