import { describe, expect, it } from 'vitest'
import {
  columnDistribution,
  createRng,
  distributionMerger,
  mergeDistributions,
} from '../src/index.ts'
import type { DistinctValues } from '../src/index.ts'

function expectIdentical(got: DistinctValues, want: DistinctValues): void {
  expect(got.values.length, 'distinct values').toBe(want.values.length)
  for (let i = 0; i < want.values.length; i++) {
    if (!Object.is(got.values[i], want.values[i]) || got.counts[i] !== want.counts[i]) {
      expect.fail(
        `position ${i}: got ${got.values[i]} ×${got.counts[i]}, expected ${want.values[i]} ×${want.counts[i]}`,
      )
    }
  }
}

const rng = createRng(11)
const sample = (n: number, f: (u: number) => number) =>
  Float64Array.from({ length: n }, () => f(rng()))

/** Columns that take each path of columnDistribution: counted, radix on scaled integers, sorted. */
const columns: [string, Float64Array][] = [
  [
    'four decimals with missing',
    sample(5000, (u) => (u < 0.02 ? NaN : Math.round((u - 0.5) * 4e4) / 1e4)),
  ],
  ['prices over a wide range', sample(5000, (u) => Math.round(Math.exp(u * 16) * 100) / 100)],
  ['arbitrary doubles', sample(5000, (u) => Math.sin(u * 1e4) * 1e3)],
  [
    'signed zeros and ties',
    Float64Array.from({ length: 3000 }, (_, i) => [-0, 0, 1.5, -0, NaN][i % 5]!),
  ],
  ['signed zeros among doubles', sample(3000, (u) => (u < 0.3 ? -0 : u < 0.5 ? 0 : u * Math.PI))],
]

describe('merging the distributions of a column in parts', () => {
  it.each(columns)('%s: the merge of any split equals the whole column', (_name, values) => {
    const whole = columnDistribution(values).distinct
    for (const parts of [1, 2, 7, 64]) {
      const merger = distributionMerger()
      const size = Math.ceil(values.length / parts)
      for (let at = 0; at < values.length; at += size) {
        merger.add(columnDistribution(values.subarray(at, at + size)).distinct)
      }
      expectIdentical(merger.result(), whole)
    }
  })

  it('writes zero as +0 on every path, as the counting path does', () => {
    for (const [, values] of columns) {
      const d = columnDistribution(values).distinct
      for (const v of d.values) if (v === 0) expect(Object.is(v, 0)).toBe(true)
    }
  })

  it('adds the counts of values both sides hold and keeps the others', () => {
    const a = { values: Float64Array.of(-1, 0, 2.5), counts: Float64Array.of(1, 2, 3) }
    const b = { values: Float64Array.of(-0, 2.5, 9), counts: Float64Array.of(4, 5, 6) }
    const m = mergeDistributions(a, b)
    expect([...m.values]).toEqual([-1, 0, 2.5, 9])
    expect([...m.counts]).toEqual([1, 6, 8, 6])
    expect(Object.is(m.values[1], 0)).toBe(true)
    expectIdentical(
      mergeDistributions(a, { values: new Float64Array(0), counts: new Float64Array(0) }),
      a,
    )
  })
})
