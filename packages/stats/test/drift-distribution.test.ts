import { describe, expect, it } from 'vitest'
import {
  columnDistribution,
  createRng,
  cumulativeCounts,
  distinctEdges,
  distinctQuantile,
  distinctSummary,
  distinctValues,
  numericSummary,
  quantileEdges,
  quantileSorted,
  sortPresent,
} from '../src/index.ts'

/** The reference order: Float64Array.prototype.sort with the NaNs (sorted last) removed. */
function builtIn(values: Float64Array): { sorted: number[]; missing: number } {
  const all = [...values.slice().sort()]
  const present = all.filter((v) => !Number.isNaN(v))
  return { sorted: present, missing: all.length - present.length }
}

function expectSameDoubles(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length)
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i]))
      expect.fail(`position ${i}: got ${got[i]}, expected ${want[i]}`)
  }
}

function negativeNaN(): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setUint32(0, 0xfff80000)
  view.setUint32(4, 1)
  return view.getFloat64(0)
}

const rng = createRng(7)
const uniform = (n: number, f: (u: number) => number) =>
  Float64Array.from({ length: n }, () => f(rng()))

describe('sortPresent', () => {
  it.each([
    [
      'edge values',
      Float64Array.from([
        3,
        -0,
        0,
        NaN,
        -Infinity,
        Infinity,
        -2.5,
        negativeNaN(),
        1e-310,
        -1e-310,
        3,
      ]),
    ],
    ['random doubles with 10% NaN', uniform(5000, (u) => (u < 0.1 ? NaN : (u - 0.5) * 1e6))],
    ['few distinct values', uniform(5000, (u) => Math.floor(u * 4))],
    ['empty', new Float64Array(0)],
  ])('sorts %s like Float64Array.sort and counts the NaNs', (_name, values) => {
    const want = builtIn(values)
    const got = sortPresent(values)
    expectSameDoubles(got.sorted, want.sorted)
    expect(got.missing).toBe(want.missing)
  })
})

describe('columnDistribution', () => {
  const expectExact = (values: Float64Array) => {
    const want = distinctValues(Float64Array.from(builtIn(values).sorted))
    const got = columnDistribution(values)
    // -0 and +0 are one value; the counting path writes it as +0.
    expect([...got.distinct.values].map((v) => v + 0)).toEqual([...want.values].map((v) => v + 0))
    expect([...got.distinct.counts]).toEqual([...want.counts])
    expect(got.missing).toBe(builtIn(values).missing)
    expect(got.present + got.missing).toBe(values.length)
  }

  it('counts decimal data exactly (four decimals, negatives, missing)', () => {
    expectExact(uniform(20_000, (u) => (u < 0.01 ? NaN : Math.round((u - 0.5) * 8e4) / 1e4)))
  })

  it('counts prices whose first values all end in 0, then finds the second decimal', () => {
    const prices = uniform(3000, (u) => Math.round(u * 1e5) / 100)
    for (let i = 0; i < 100; i++) prices[i] = Math.round(prices[i]! * 10) / 10
    expectExact(prices)
  })

  it('falls back to sorting for arbitrary doubles, wide ranges and infinities', () => {
    expectExact(uniform(5000, (u) => Math.sin(u * 1e3) * 1e3))
    expectExact(uniform(5000, (u) => Math.round(u * 1e12)))
    expectExact(Float64Array.from([1, 2, Infinity, -0, 0, NaN, 2]))
  })

  it('handles an all-missing column', () => {
    const d = columnDistribution(Float64Array.from([NaN, NaN]))
    expect(d.present).toBe(0)
    expect(d.missing).toBe(2)
    expect(d.distinct.values.length).toBe(0)
    expect(distinctEdges(d.distinct).length).toBe(0)
    expect(distinctSummary(d.distinct)).toBeNull()
  })
})

describe('quantiles and summaries of distinct values equal those of the expanded sample', () => {
  const samples = [
    Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    Float64Array.from([0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 3]),
    Float64Array.from([4, 4, 4, 4]),
    // Few rows: the quartiles share order statistics.
    Float64Array.from([7]),
    Float64Array.from([5, 2]),
    Float64Array.from([3, 1, 3]),
    Float64Array.from([9, 1, 5, 1, 9]),
    uniform(999, (u) => Math.round(u * 50) / 10),
  ]
  it.each(samples.map((s, i) => [i, s] as const))('sample %i', (_i, values) => {
    const sorted = Float64Array.from(builtIn(values).sorted)
    const d = distinctValues(sorted)
    expectSameDoubles(distinctEdges(d), quantileEdges(sorted))
    const cumulative = cumulativeCounts(d)
    for (const q of [0, 0.05, 0.25, 0.5, 0.7, 0.999, 1]) {
      expect(distinctQuantile(d, cumulative, q)).toBe(quantileSorted(sorted, q))
    }
    const a = distinctSummary(d)!
    const b = numericSummary(sorted)!
    expect(a.count).toBe(b.count)
    expect(a.mean).toBeCloseTo(b.mean, 12)
    expect(a.std).toBeCloseTo(b.std, 12)
    expect([a.min, a.q25, a.median, a.q75, a.max]).toEqual([b.min, b.q25, b.median, b.q75, b.max])
  })
})
