import { describe, expect, it } from 'vitest'
import { createRng, ksTwoSample } from '../src/index.ts'
import type { DistinctValues } from '../src/index.ts'

/*
 * ksTwoSample of two distinct-value distributions merges only the blocks that can hold the
 * statistic. Its result must be the one the plain merge over every value gives: here the same
 * samples are passed expanded (a value once per row, no counts), which takes the general merge.
 */

const rng = createRng(41)

/** `size` distinct values drawn from 0..range-1 (divided by 100), each with a count of 1..maxCount. */
function distribution(size: number, range: number, maxCount: number, shift = 0): DistinctValues {
  const picked = new Set<number>()
  while (picked.size < size) picked.add(Math.floor(rng() * range))
  const keys = [...picked].sort((x, y) => x - y)
  return {
    values: Float64Array.from(keys, (k) => (k + shift) / 100),
    counts: Float64Array.from(keys, () => 1 + Math.floor(rng() * maxCount)),
  }
}

function expanded(d: DistinctValues): Float64Array {
  const out: number[] = []
  d.values.forEach((v, i) => {
    for (let c = 0; c < d.counts[i]!; c++) out.push(v)
  })
  return Float64Array.from(out)
}

function expectSameAsPlainMerge(ref: DistinctValues, cur: DistinctValues): void {
  const blocked = ksTwoSample(ref, cur)
  const plain = ksTwoSample({ values: expanded(ref) }, { values: expanded(cur) })
  expect(blocked).toEqual(plain)
}

describe('KS of distinct values, merged by blocks', () => {
  it('agrees with the plain merge around the block sizes and with ties across the sides', () => {
    for (const size of [1023, 1024, 1025, 1280, 1281, 5000]) {
      expectSameAsPlainMerge(
        distribution(size, size * 3, 4),
        distribution(size + 17, size * 3, 4, 7),
      )
    }
  })

  it('keeps the first of equal largest gaps (equal sizes give many)', () => {
    for (let round = 0; round < 20; round++) {
      const size = round < 15 ? 2000 : 50_000
      expectSameAsPlainMerge(distribution(size, size * 1.3, 1), distribution(size, size * 1.3, 1))
    }
  })

  it('reports the reference lowest value when the distributions are the same', () => {
    const ref = distribution(3000, 9000, 3)
    const r = ksTwoSample(ref, { values: ref.values.slice(), counts: ref.counts.slice() })
    expect(r.statistic).toBe(0)
    expect(r.location).toBe(ref.values[0])
    expectSameAsPlainMerge(ref, { values: ref.values.slice(), counts: ref.counts.slice() })
  })

  it('agrees where the current values lie below, above or inside the reference', () => {
    const ref = distribution(2500, 5000, 3)
    expectSameAsPlainMerge(ref, distribution(300, 400, 2, -1000))
    expectSameAsPlainMerge(ref, distribution(300, 400, 2, 6000))
    expectSameAsPlainMerge(ref, distribution(300, 400, 2, 2000))
    expectSameAsPlainMerge(distribution(300, 400, 2, 2000), ref)
  })

  it('agrees on a shift small against the noise, where many blocks stay in play', () => {
    for (const shift of [0, 1, 3]) {
      expectSameAsPlainMerge(
        distribution(60_000, 80_000, 2),
        distribution(60_000, 80_000, 2, shift),
      )
    }
  })
})
