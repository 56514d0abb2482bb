import { describe, expect, it } from 'vitest'
import { argsortFloat64, createRng, sortFloat64 } from '../src/index.ts'
import { sortLabelledScores, sortWithOrder } from '../src/radix-sort.ts'

/** Float64Array.prototype.sort is the reference order: -0 before +0, NaN last. */
function expectSameAsBuiltIn(values: Float64Array): void {
  const expected = values.slice().sort()
  const got = sortFloat64(values)
  expect(got.length).toBe(expected.length)
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], expected[i])) {
      expect.fail(`position ${i}: got ${got[i]}, expected ${expected[i]}`)
    }
  }
}

/** Stable: positions holding equal values (Object.is, NaN = NaN) have increasing indices. */
function expectStable(values: Float64Array, order: Uint32Array): void {
  for (let i = 1; i < order.length; i++) {
    const a = values[order[i - 1]!]!
    const b = values[order[i]!]!
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) {
      expect(order[i]!, `tie at position ${i}`).toBeGreaterThan(order[i - 1]!)
    }
  }
}

function negativeNaN(): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setUint32(0, 0xfff80000)
  view.setUint32(4, 1)
  return view.getFloat64(0)
}

describe('argsortFloat64 / sortFloat64', () => {
  it('matches Float64Array.prototype.sort with ties, negatives, ±0, ±Infinity and NaN', () => {
    const rng = createRng(7)
    const specials = [
      0,
      -0,
      Infinity,
      -Infinity,
      NaN,
      negativeNaN(),
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
    ]
    for (const n of [2, 3, 17, 1000, 50_000]) {
      const values = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const u = rng()
        values[i] =
          u < 0.1
            ? specials[Math.floor(rng() * specials.length)]!
            : u < 0.5
              ? Math.round((rng() - 0.5) * 20) / 4 // many ties
              : (rng() - 0.5) * 10 ** Math.floor(rng() * 12 - 6)
      }
      expectSameAsBuiltIn(values)
      expectStable(values, argsortFloat64(values))
    }
  })

  it('puts -0 before +0 and NaN of either sign last', () => {
    const values = Float64Array.from([NaN, 0, -0, negativeNaN(), -1, Infinity])
    const order = Array.from(argsortFloat64(values))
    expect(order).toEqual([4, 2, 1, 5, 0, 3])
  })

  it('handles the skipped-digit paths: all equal, only low bits differ, only high bits differ', () => {
    expect(Array.from(argsortFloat64(new Float64Array(9).fill(3.5)))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ])
    // 1 + k·2^-52: keys differ in the lowest digit only.
    const low = Float64Array.from([5, 3, 9, 0, 1, 3, 2], (k) => 1 + k * 2 ** -52)
    expectSameAsBuiltIn(low)
    expect(Array.from(argsortFloat64(low))).toEqual([3, 4, 6, 1, 5, 0, 2])
    // Powers of two: low word all zero, so the first three digits are skipped.
    const high = Float64Array.from([2 ** 10, 2 ** -3, 2 ** 40, -(2 ** 5), 2 ** -3, 1])
    expectSameAsBuiltIn(high)
    expect(Array.from(argsortFloat64(high))).toEqual([3, 1, 4, 5, 0, 2])
    // Differ in digits 0 and 3 only.
    const mixed = Float64Array.from([1 + 2 ** -52, 1, 1.5 + 2 ** -52, 1.5])
    expectSameAsBuiltIn(mixed)
  })

  it('returns empty and single-element results and leaves the input untouched', () => {
    expect(argsortFloat64(new Float64Array(0)).length).toBe(0)
    expect(Array.from(argsortFloat64(Float64Array.of(NaN)))).toEqual([0])
    const input = Float64Array.of(3, 1, 2)
    const copy = sortFloat64(input)
    expect(Array.from(copy)).toEqual([1, 2, 3])
    expect(Array.from(input)).toEqual([3, 1, 2])
  })

  it('sorts a subarray view (non-zero byte offset) correctly', () => {
    const base = Float64Array.from([9, 4, -2, 7, 0.5, 4])
    const view = base.subarray(1, 5)
    expect(Array.from(sortFloat64(view))).toEqual([-2, 0.5, 4, 7])
  })

  it('sorts single-precision values (model scores) on 32-bit keys in the same order', () => {
    const rng = createRng(11)
    const specials = [0, -0, Infinity, -Infinity, 2 ** -149, -(2 ** -149), 3.4028234663852886e38]
    for (const n of [2, 5, 1000, 60_000]) {
      const values = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const u = rng()
        values[i] = Math.fround(
          u < 0.05
            ? specials[Math.floor(rng() * specials.length)]!
            : u < 0.4
              ? Math.round(rng() * 50) / 64 // many ties
              : (rng() - 0.3) * 10 ** Math.floor(rng() * 10 - 5),
        )
      }
      expectSameAsBuiltIn(values)
      const order = argsortFloat64(values)
      expectStable(values, order)
      // The order a comparator gives: ascending, −0 before +0, ties by row.
      const expected = Array.from(values.keys()).sort(
        (a, b) => compareNumbers(values[a]!, values[b]!) || a - b,
      )
      expect(Array.from(order)).toEqual(expected)
      const { sorted } = sortWithOrder(values)
      expect(Array.from(sorted)).toEqual(expected.map((i) => values[i]!))
      expectReversed(values, expected)
    }
  })

  it('falls back to 64-bit keys when one value is not single-precision or is NaN', () => {
    for (const odd of [0.1, NaN]) {
      const values = Float64Array.from([0.5, -0, 0.25, 0, 0.5, odd, -2])
      expectSameAsBuiltIn(values)
      const { order, sorted } = sortWithOrder(values)
      expectStable(values, order)
      expect(Array.from(sorted)).toEqual(Array.from(order, (i) => values[i]!))
      expectReversed(values, Array.from(order))
    }
    expect(Array.from(argsortFloat64(Float64Array.from([0, -0, 1, -1])))).toEqual([3, 1, 0, 2])
  })
})

/** `sortWithOrder(values, true)` is the ascending order `ascending` reversed, values with it. */
function expectReversed(values: Float64Array, ascending: readonly number[]): void {
  const descending = [...ascending].reverse()
  const { order, sorted } = sortWithOrder(values, true)
  expect(Array.from(order)).toEqual(descending)
  expect(Array.from(sorted)).toEqual(descending.map((i) => values[i]!))
}

/** Ascending with −0 before +0 (no NaN). */
function compareNumbers(a: number, b: number): number {
  if (a !== b) return a < b ? -1 : 1
  return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1
}

describe('sortLabelledScores', () => {
  /** Scores in [0, 1] as float32, a third of them on a coarse grid (ties), with random labels. */
  function labelledCase(seed: number, n: number) {
    const rng = createRng(seed)
    const scores = new Float64Array(n)
    const labels = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      const u = rng()
      scores[i] = Math.fround(
        u < 0.05 ? [0, 1, 2 ** -149][i % 3]! : u < 0.35 ? Math.round(rng() * 20) / 20 : rng(),
      )
      labels[i] = rng() < 0.4 ? 1 : 0
    }
    return { scores, labels }
  }

  it('gives the scores descending, and within each run of equal scores the same labels', () => {
    for (const n of [0, 1, 7, 5000, 70_000]) {
      const { scores, labels } = labelledCase(n + 3, n)
      const got = sortLabelledScores(scores, labels)
      if (got === undefined) return expect.fail('float32 scores in [0, 1] take the packed sort')
      const descending = Array.from(scores).sort((a, b) => b - a)
      expect(Array.from(got.sorted)).toEqual(descending)
      // Positives per distinct score, from the input and from the sorted labels.
      const positives = (s: ArrayLike<number>, y: ArrayLike<number>) => {
        const by = new Map<number, number>()
        for (let i = 0; i < s.length; i++) by.set(s[i]!, (by.get(s[i]!) ?? 0) + y[i]!)
        return by
      }
      expect(positives(got.sorted, got.labels)).toEqual(positives(scores, labels))
      // Positives first among equal scores.
      for (let j = 1; j < n; j++) {
        if (got.sorted[j] === got.sorted[j - 1]) {
          expect(got.labels[j]!, `position ${j}`).toBeLessThanOrEqual(got.labels[j - 1]!)
        }
      }
    }
  })

  it('declines scores that are negative, -0, NaN or not single-precision', () => {
    const labels = Uint8Array.of(1, 0, 1)
    for (const odd of [-0.5, -0, NaN, 0.1]) {
      expect(sortLabelledScores(Float64Array.of(0.25, odd, 1), labels), String(odd)).toBeUndefined()
    }
    expect(sortLabelledScores(Float64Array.of(0.25, 0, Infinity), labels)?.sorted).toEqual(
      Float64Array.of(Infinity, 0.25, 0),
    )
  })
})
