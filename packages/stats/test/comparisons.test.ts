import { describe, expect, it } from 'vitest'
import {
  StatsInputError,
  binomialCdf,
  createRng,
  delongTest,
  mcnemarExact,
  normalCdf,
  quantileSorted,
} from '../src/index.ts'

describe('mcnemarExact, hand-computed', () => {
  it('b = 1, c = 9: p = 2·(C(10,0) + C(10,1)) / 2^10 = 22/1024', () => {
    const cand = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0)
    const champ = Uint8Array.of(0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0)
    const r = mcnemarExact(cand, champ)
    expect([r.b, r.c]).toEqual([1, 9])
    // Loader's binomial terms are accurate to a few ulps, not exact dyadic fractions.
    expect(r.pValue).toBeCloseTo(22 / 1024, 15)
  })
  it('no discordant rows: p = 1; b = c: p = 1', () => {
    expect(mcnemarExact(Uint8Array.of(1, 0), Uint8Array.of(1, 0)).pValue).toBe(1)
    expect(mcnemarExact(Uint8Array.of(1, 0), Uint8Array.of(0, 1)).pValue).toBe(1)
  })
  it('is symmetric in the two models and rejects values other than 0/1', () => {
    const a = Uint8Array.of(1, 1, 1, 0, 1, 0, 1)
    const b = Uint8Array.of(0, 0, 1, 1, 0, 0, 0)
    expect(mcnemarExact(a, b).pValue).toBe(mcnemarExact(b, a).pValue)
    expect(() => mcnemarExact(Uint8Array.of(2), Uint8Array.of(1))).toThrow(
      /candidateCorrect\[0\] is 2/,
    )
  })
})

describe('delongTest, properties', () => {
  const rng = createRng(4)
  const n = 300
  const y = Uint8Array.from({ length: n }, () => (rng() < 0.4 ? 1 : 0))
  const a = Float64Array.from(y, (v) => Math.round((0.4 * v + rng()) * 10) / 10)
  const b = Float64Array.from(y, (v) => Math.round((0.2 * v + rng()) * 10) / 10)

  it('swapping the models negates z and keeps p', () => {
    const ab = delongTest(y, a, b)
    const ba = delongTest(y, b, a)
    expect(ba.z).toBeCloseTo(-ab.z, 12)
    expect(ba.se).toBeCloseTo(ab.se, 15)
    expect(ba.pValue).toBeCloseTo(ab.pValue, 15)
    expect(ab.pValue).toBeCloseTo(2 * normalCdf(-Math.abs(ab.z)), 15)
  })

  it('two models that rank the rows identically: se 0, z 0, p 1', () => {
    const r = delongTest(
      y,
      a,
      a.map((s) => 3 * s - 1),
    )
    expect(r).toMatchObject({ difference: 0, se: 0, z: 0, pValue: 1 })
  })

  it('needs two rows of each class', () => {
    expect(() =>
      delongTest(Uint8Array.of(1, 0, 0), Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)),
    ).toThrow(/at least 2 positive and 2 negative rows.*got 1 positive and 2 negative/)
  })
})

describe('normalCdf and binomialCdf', () => {
  it('Φ(0) = 1/2 and Φ(x) + Φ(−x) = 1', () => {
    expect(normalCdf(0)).toBe(0.5)
    for (const x of [0.3, 1, 2.4, 2.6, 4, 7])
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15)
    expect(normalCdf(-Infinity)).toBe(0)
    expect(normalCdf(Infinity)).toBe(1)
    expect(() => normalCdf(NaN)).toThrow(StatsInputError)
  })
  it('binomial edge cases', () => {
    expect(binomialCdf(-1, 10, 0.5)).toBe(0)
    expect(binomialCdf(10, 10, 0.5)).toBe(1)
    expect(binomialCdf(3, 10, 0.5)).toBeCloseTo(176 / 1024, 15)
    expect(binomialCdf(0, 3, 0)).toBe(1)
    expect(() => binomialCdf(1, 2.5, 0.5)).toThrow(/n must be a non-negative integer/)
  })
})

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics', () => {
    const s = Float64Array.of(1, 2, 4, 8)
    expect(quantileSorted(s, 0)).toBe(1)
    expect(quantileSorted(s, 1)).toBe(8)
    expect(quantileSorted(s, 0.5)).toBe(3) // h = 1.5
    expect(quantileSorted(s, 0.9)).toBeCloseTo(6.8, 14) // h = 2.7
  })
  it('rejects empty arrays, NaN and q outside [0, 1]', () => {
    expect(() => quantileSorted(new Float64Array(0), 0.5)).toThrow(/empty/)
    expect(() => quantileSorted(Float64Array.of(1, NaN), 0.5)).toThrow(/NaN/)
    expect(() => quantileSorted(Float64Array.of(1), 1.5)).toThrow(/q must be in \[0, 1\]/)
  })
})
