import { describe, expect, it } from 'vitest'
import {
  binCountsWeighted,
  columnDistribution,
  createRng,
  distinctSummary,
  keyedBinCounts,
  keyedCounts,
  keyedDistinct,
  keyedDistinctCount,
  keyedSummary,
  keyedWidthLimit,
  ksTwoSample,
  ksTwoSampleKeyed,
  quantileEdges,
  sortPresent,
} from '../src/index.ts'
import type { KeyGrid, KeyedCounts } from '../src/index.ts'

const rng = createRng(29)
const sample = (n: number, f: (u: number) => number) =>
  Float64Array.from({ length: n }, () => f(rng()))
/** Rounded to `decimals` as a parser of decimal text gives it: the nearest double. */
const decimal = (x: number, decimals: number) =>
  Number((Math.round(x * 10 ** decimals) / 10 ** decimals).toFixed(decimals))

/** The grid a reference sets: its own keys' range at `scale`. */
function gridOf(values: Float64Array, scale: number): KeyGrid {
  const present = values.filter((v) => !Number.isNaN(v))
  const keys = present.map((v) => Math.round(v * 10 ** scale))
  const first = Math.min(...keys)
  return { scale, first, width: Math.max(...keys) - first + 1 }
}

function counted(values: Float64Array, grid: KeyGrid): KeyedCounts {
  const out = keyedCounts(values, grid)
  if (out === undefined) return expect.fail('expected the values to be counted on the grid')
  return out.keyed
}

/** Reference and current samples on one grid: drift, ties, missing values, signed zeros. */
const pairs: [string, Float64Array, Float64Array, number][] = [
  [
    'three decimals, current shifted past the reference',
    sample(4000, (u) => decimal((u - 0.5) * 8, 3)),
    sample(3000, (u) => (u < 0.03 ? NaN : decimal((u - 0.3) * 9, 3))),
    3,
  ],
  [
    'integers with heavy ties and missing values',
    sample(5000, (u) => (u < 0.05 ? NaN : Math.floor(u * u * 40))),
    sample(2000, (u) => (u < 0.1 ? NaN : Math.floor(u * 45) - 3)),
    0,
  ],
  [
    'signed zeros both sides',
    Float64Array.from({ length: 600 }, (_, i) => [-0, 0, 0.5, -1.5, NaN, 2][i % 6]!),
    Float64Array.from({ length: 500 }, (_, i) => [0, -0, -0, 1, 0.5][i % 5]!),
    1,
  ],
  [
    'current with fewer decimals than the reference',
    sample(3000, (u) => decimal(u * 10, 3)),
    sample(3000, (u) => decimal(u * 12, 1)),
    3,
  ],
  [
    'the same sample twice (no gap at all)',
    Float64Array.from([1.25, 1.5, 1.5, 2.75, 3]),
    Float64Array.from([1.25, 1.5, 1.5, 2.75, 3]),
    2,
  ],
  [
    'current far below and above the reference (two passes)',
    sample(2000, (u) => decimal(u, 2)),
    sample(2000, (u) => decimal((u - 0.5) * 50, 2)),
    2,
  ],
  ['one value each', Float64Array.from([7]), Float64Array.from([7.5]), 1],
  [
    // 3 · 0.1 is not 0.3: a value made any other way than key / 10^scale would show.
    'a few tenths',
    Float64Array.from([0.3, 0.7, 1.1, 0.3]),
    Float64Array.from([0.3, 0.6, 0.9]),
    1,
  ],
]

describe('distributions counted on a decimal grid', () => {
  it.each(pairs)('%s: the same numbers as from the distinct values', (_, ref, cur, scale) => {
    const grid = gridOf(ref, scale)
    const refKeyed = counted(ref, grid)
    const curKeyed = counted(cur, grid)
    const refDistinct = columnDistribution(ref)
    const curDistinct = columnDistribution(cur)
    expect(keyedDistinct(refKeyed)).toEqual(refDistinct.distinct)
    expect(keyedDistinct(curKeyed)).toEqual(curDistinct.distinct)
    expect(keyedDistinctCount(curKeyed)).toBe(curDistinct.distinct.values.length)
    expect(curKeyed.present).toBe(curDistinct.present)
    expect(keyedCounts(cur, grid)?.missing).toBe(curDistinct.missing)
    expect(ksTwoSampleKeyed(refKeyed, curKeyed)).toEqual(
      ksTwoSample(refDistinct.distinct, curDistinct.distinct),
    )
    expect(keyedSummary(curKeyed)).toEqual(distinctSummary(curDistinct.distinct))
    const edges = quantileEdges(sortPresent(ref).sorted)
    const { values, counts } = curDistinct.distinct
    expect(keyedBinCounts(curKeyed, edges)).toEqual(binCountsWeighted(values, counts, edges))
  })

  it('equals the expanded samples: KS against scipy-style sorted values, summary against the sort', () => {
    const ref = sample(800, (u) => decimal(u * 3, 2))
    const cur = sample(700, (u) => decimal(u * 3.3 - 0.2, 2))
    const grid = gridOf(ref, 2)
    const ks = ksTwoSampleKeyed(counted(ref, grid), counted(cur, grid))
    const plain = ksTwoSample(
      { values: sortPresent(ref).sorted },
      { values: sortPresent(cur).sorted },
    )
    expect(ks).toEqual(plain)
    expect(ks.method).toBe('exact')
  })

  it('gives +0 for a zero, as the counting path does', () => {
    const keyed = counted(Float64Array.from([-0, -0, 1]), { scale: 0, first: 0, width: 2 })
    const { values } = keyedDistinct(keyed)
    expect(Object.is(values[0], 0)).toBe(true)
    expect(Object.is(keyedSummary(keyed)!.min, 0)).toBe(true)
  })

  it('counts a column of missing values as missing only', () => {
    const out = keyedCounts(Float64Array.from([NaN, NaN]), { scale: 1, first: 0, width: 5 })
    expect(out?.missing).toBe(2)
    expect(out?.keyed.present).toBe(0)
    expect(keyedSummary(out!.keyed)).toBeNull()
  })

  it('declines values off the grid, infinities and key ranges too wide to count', () => {
    const grid = { scale: 2, first: 0, width: 100 }
    expect(keyedCounts(Float64Array.from([0.5, 0.125]), grid)).toBeUndefined()
    expect(keyedCounts(Float64Array.from([0.5, Infinity]), grid)).toBeUndefined()
    expect(keyedCounts(Float64Array.from([-Infinity, 0.5]), grid)).toBeUndefined()
    const wide = Float64Array.from([0, keyedWidthLimit(2) / 100])
    expect(keyedCounts(wide, grid)).toBeUndefined()
    expect(keyedCounts(Float64Array.from([0, (keyedWidthLimit(2) - 1) / 100]), grid)).toBeDefined()
  })

  it('refuses samples on different grids and empty samples, as ksTwoSample does', () => {
    const a = counted(Float64Array.from([1, 2]), { scale: 0, first: 1, width: 2 })
    const b = counted(Float64Array.from([1, 2]), { scale: 1, first: 10, width: 11 })
    expect(() => ksTwoSampleKeyed(a, b)).toThrow(/different grids \(scales 0 and 1\)/)
    const empty = counted(Float64Array.from([NaN]), { scale: 0, first: 0, width: 1 })
    expect(() => ksTwoSampleKeyed(a, empty)).toThrow(/the current sample has no non-missing values/)
  })
})
