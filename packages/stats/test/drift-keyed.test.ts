import { describe, expect, it } from 'vitest'
import {
  binCountsWeighted,
  columnDistribution,
  createRng,
  distinctSummary,
  keyedBinCounts,
  keyedCounts,
  keyedColumnDistribution,
  keyedCountsOfKeys,
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

describe('keyedCountsOfKeys', () => {
  /** A column as keys at `scale` (some rows missing) and the doubles a parser gives for it. */
  function column(n: number, scale: number, span: number, missingEvery: number) {
    const keys = Int32Array.from({ length: n }, () => Math.round((rng() - 0.3) * span))
    const missing = Uint8Array.from({ length: n }, (_, i) => (i % missingEvery === 3 ? 1 : 0))
    for (let i = 0; i < n; i++) if (missing[i] === 1) keys[i] = 0
    const values = Float64Array.from(keys, (k, i) => (missing[i] === 1 ? NaN : k / 10 ** scale))
    return { keys, missing, values }
  }

  it('counts the keys as keyedCounts counts the values, on finer, equal and coarser grids', () => {
    let counts = 0
    let declined = 0
    for (const scale of [0, 2, 4]) {
      const { keys, missing, values } = column(5000, scale, 10 ** (scale + 1), 41)
      // Grids of the column's own range and of a narrower one (two passes), at other scales.
      for (const gridScale of [scale - 2, scale - 1, scale, scale + 1, scale + 3, scale + 7]) {
        if (gridScale < 0) continue
        for (const grid of [gridOf(values, gridScale), { scale: gridScale, first: 0, width: 10 }]) {
          const want = keyedCounts(values, grid)
          const got = keyedCountsOfKeys(keys, scale, missing, grid, () => values)
          expect(got, `scale ${scale}, grid ${JSON.stringify(grid)}`).toEqual(want)
          if (want === undefined) declined++
          else counts++
        }
      }
    }
    // Coarser grids decline (the keys have more places); the others count.
    expect(counts).toBeGreaterThan(5)
    expect(declined).toBeGreaterThan(2)
  })

  it('counts keys with no row missing on their own scale, inside and past the grid', () => {
    for (const span of [300, 2_000_000]) {
      const keys = Int32Array.from({ length: 4000 }, () => Math.round((rng() - 0.4) * span))
      const values = Float64Array.from(keys, (k) => k / 100)
      const own = gridOf(values, 2)
      // The whole range, a narrower one (keys past it: a second pass), and one starting near the
      // 32-bit limit (the general loop).
      for (const grid of [
        own,
        { ...own, width: Math.ceil(own.width / 3) },
        { scale: 2, first: -(2 ** 31) + 5, width: 10 },
      ]) {
        expect(
          keyedCountsOfKeys(keys, 2, null, grid, () => values),
          JSON.stringify(grid),
        ).toEqual(keyedCounts(values, grid))
      }
    }
  })

  it('counts keys that a coarser grid holds, and columns with every row missing', () => {
    const keys = Int32Array.of(100, -300, 0, 2500)
    const values = Float64Array.from(keys, (k) => k / 100)
    const grid = { scale: 0, first: -3, width: 30 }
    expect(keyedCountsOfKeys(keys, 2, null, grid, () => values)).toEqual(keyedCounts(values, grid))
    const none = Uint8Array.of(1, 1, 1, 1)
    const nan = Float64Array.from([NaN, NaN, NaN, NaN])
    expect(keyedCountsOfKeys(new Int32Array(4), 1, none, grid, () => nan)).toEqual(
      keyedCounts(nan, grid),
    )
  })

  it('counts keys past the grid whose first rows are missing, on their own and a finer scale', () => {
    const n = 3_000
    // Present keys from 2,000 up; a missing row's key is 0, as readers leave it, which taken
    // for a value would widen the counts down to 0.
    const keys = Int32Array.from({ length: n }, () => 2_000 + Math.round(rng() * 6_000))
    const missing = Uint8Array.from({ length: n }, (_, i) => (i < 3 || i % 11 === 5 ? 1 : 0))
    for (let i = 0; i < n; i++) if (missing[i] === 1) keys[i] = 0
    const values = Float64Array.from(keys, (k, i) => (missing[i] === 1 ? NaN : k / 100))
    for (const scale of [2, 3]) {
      // A grid narrower than the keys: counted in a second pass over their whole extent.
      const grid = { scale, first: 25 * 10 ** scale, width: 10 * 10 ** scale }
      const got = keyedCountsOfKeys(keys, 2, missing, grid, () => values)
      expect(got, `grid scale ${scale}`).toEqual(keyedCounts(values, grid))
      expect(got?.keyed.first).toBeGreaterThanOrEqual(2_000 * 10 ** (scale - 2))
    }
  })

  it('declines key ranges too wide to count, as keyedCounts does', () => {
    const keys = Int32Array.of(0, keyedWidthLimit(2))
    const values = Float64Array.from(keys, (k) => k / 100)
    const grid = { scale: 2, first: 0, width: 100 }
    expect(keyedCountsOfKeys(keys, 2, null, grid, () => values)).toBeUndefined()
    expect(keyedCounts(values, grid)).toBeUndefined()
  })
})

describe('keyedColumnDistribution', () => {
  it('gives columnDistribution of the values, from the keys', () => {
    for (const [scale, span, missingEvery] of [
      [0, 50, 7],
      [2, 20_000, 1_000_000],
      [4, 60_000, 13],
      [3, 10, 2],
    ] as const) {
      const n = 20_000
      const keys = Int32Array.from({ length: n }, () => Math.round((rng() - 0.4) * span))
      const missing = Uint8Array.from({ length: n }, (_, i) => (i % missingEvery === 1 ? 1 : 0))
      for (let i = 0; i < n; i++) if (missing[i] === 1) keys[i] = 0
      const values = Float64Array.from(keys, (k, i) => (missing[i] === 1 ? NaN : k / 10 ** scale))
      const flags = missing.some((m) => m === 1) ? missing : null
      expect(keyedColumnDistribution(keys, scale, flags), `scale ${scale}`).toEqual(
        columnDistribution(values),
      )
    }
  })

  it('sorts keys spread too wide to count, and counts columns with nothing present', () => {
    const n = 5_000
    for (const [scale, span] of [
      [2, 2 ** 31 - 1],
      [0, 100_000],
      [3, 2 ** 27],
    ] as const) {
      // Keys spread over more than 4·n slots (and 2^16): the radix path, with every 9th missing.
      const keys = Int32Array.from({ length: n }, () => Math.round((rng() - 0.5) * span))
      keys[0] = -(2 ** 31)
      keys[1] = 2 ** 31 - 1
      keys[2] = keys[3]!
      const missing = Uint8Array.from({ length: n }, (_, i) => (i % 9 === 4 ? 1 : 0))
      const values = Float64Array.from(keys, (k, i) => (missing[i] === 1 ? NaN : k / 10 ** scale))
      const d = keyedColumnDistribution(keys, scale, missing)
      expect(d, `scale ${scale}`).toEqual(columnDistribution(values))
      // And against a plain count of the present values, sorted by comparison.
      const tally = new Map<number, number>()
      for (const v of values) if (!Number.isNaN(v)) tally.set(v, (tally.get(v) ?? 0) + 1)
      const expected = [...tally].sort((a, b) => a[0] - b[0])
      expect([...d.distinct.values]).toEqual(expected.map(([v]) => v))
      expect([...d.distinct.counts]).toEqual(expected.map(([, c]) => c))
      expect([d.present, d.missing]).toEqual([n - Math.ceil((n - 4) / 9), Math.ceil((n - 4) / 9)])
    }
    const none = keyedColumnDistribution(new Int32Array(3), 1, Uint8Array.of(1, 1, 1))
    expect(none).toEqual(columnDistribution(Float64Array.from([NaN, NaN, NaN])))
  })
})
