import { describe, expect, it } from 'vitest'
import { columnDistribution, createRng, distinctValues, sortPresent } from '../src/index.ts'

/** Float64Array.prototype.sort's order with the NaNs (sorted last) removed, and their count. */
function builtIn(values: Float64Array): { sorted: Float64Array; missing: number } {
  const all = [...values.slice().sort()]
  const present = all.filter((v) => !Number.isNaN(v))
  return { sorted: Float64Array.from(present), missing: all.length - present.length }
}

function expectSameDoubles(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length)
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) {
      expect.fail(`${what}, position ${i}: got ${got[i]}, expected ${want[i]}`)
    }
  }
}

/** The distribution of the expanded, sorted sample, with −0 written +0 as every path writes it. */
function expectExactDistribution(values: Float64Array, what: string): void {
  const { sorted, missing } = builtIn(values)
  const want = distinctValues(sorted)
  const got = columnDistribution(values)
  expectSameDoubles(
    got.distinct.values,
    want.values.map((v) => (v === 0 ? 0 : v)),
    `${what} values`,
  )
  expectSameDoubles(got.distinct.counts, want.counts, `${what} counts`)
  expect(got.missing, `${what} missing`).toBe(missing)
  expect(got.present, `${what} present`).toBe(values.length - missing)
}

const rng = createRng(11)
const sample = (n: number, f: (u: number) => number) =>
  Float64Array.from({ length: n }, () => f(rng()))

describe('sortPresent on single-precision values (model scores)', () => {
  it('sorts float32 values held as doubles like Float64Array.sort, −0 before +0', () => {
    const values = sample(4099, (u) => Math.fround(u < 0.05 ? NaN : (u - 0.3) * 7))
    values.set([-0, 0, Infinity, -Infinity, Math.fround(1e-40), Math.fround(-1e-40), -0, 0.5], 7)
    const want = builtIn(values)
    const got = sortPresent(values)
    expectSameDoubles(got.sorted, want.sorted, 'float32 sample')
    expect(got.missing).toBe(want.missing)
  })

  it('gives the same order when one value needs double precision', () => {
    const values = sample(3001, (u) => Math.fround(u))
    values[1500] = 0.1
    const want = builtIn(values)
    expectSameDoubles(sortPresent(values).sorted, want.sorted, 'mixed sample')
  })

  it('handles probabilities of a binary model with ties and missing scores', () => {
    const values = sample(10_000, (u) => (u < 0.01 ? NaN : Math.fround(Math.round(u * 50) / 50)))
    expectExactDistribution(values, 'scores')
  })
})

describe('columnDistribution paths', () => {
  it('counts narrow integer ranges of every length modulo 4, with and without missing', () => {
    for (let n = 0; n < 12; n++) {
      expectExactDistribution(
        sample(n, (u) => Math.floor(u * 5) - 2),
        `${n} codes`,
      )
      expectExactDistribution(
        sample(n, (u) => (u < 0.2 ? NaN : Math.floor(u * 3))),
        `${n} codes, missing`,
      )
    }
    expectExactDistribution(
      sample(9999, (u) => (u < 0.5 ? 1 : 0)),
      'a label',
    )
    expectExactDistribution(
      sample(4099, (u) => Math.floor(u * 16_384)),
      'the widest narrow range',
    )
    expectExactDistribution(
      sample(4099, (u) => Math.floor(u * 16_385)),
      'one step wider',
    )
  })

  it('counts integers at scale 0, −0 included, and sorts those beyond 2^53', () => {
    const codes = sample(5000, (u) => Math.floor(u * 300) - 150)
    codes.set([-0, 0, -0], 10)
    expectExactDistribution(codes, 'codes with −0')
    const huge = sample(100, (u) => Math.floor(u * 100))
    huge[50] = 2 ** 60
    expectExactDistribution(huge, 'an integer beyond 2^53')
  })

  it('sorts wide decimal ranges on 2 digits up to 2^26 and on 3 digits beyond', () => {
    // Cents up to 400,000.00: a range of 4·10^7 < 2^26, wider than 4n.
    expectExactDistribution(
      sample(20_000, (u) => (u < 0.01 ? NaN : Math.round(Math.exp(u * 12.9) * 100) / 100)),
      'prices',
    )
    // Cents up to 4·10^7: a range of 4·10^9 < 2^32 but beyond 2^26.
    expectExactDistribution(
      sample(20_000, (u) => Math.round(u * 4e9) / 100),
      'large prices',
    )
    // Three decimals across a range of 2^26 + 1 keys exactly.
    const edge = sample(5000, (u) => Math.round(u * 2 ** 26) / 1000)
    edge[0] = 0
    edge[1] = 2 ** 26 / 1000
    expectExactDistribution(edge, 'a range of 2^26 + 1')
  })

  it('finds a finer scale when a later value needs it, and sorts when none fits', () => {
    const tenths = sample(1000, (u) => Math.round(u * 1000) / 10)
    tenths[900] = 12.345
    expectExactDistribution(tenths, 'a value with three decimals after tenths')
    const withInfinity = sample(1000, (u) => Math.round(u * 100) / 100)
    withInfinity[999] = Infinity
    withInfinity[3] = -Infinity
    expectExactDistribution(withInfinity, 'infinities among prices')
  })
})
