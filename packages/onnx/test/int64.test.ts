import { describe, expect, it } from 'vitest'
import { int64ToNumbers } from '../src/_int64.ts'

describe('int64ToNumbers', () => {
  it('gives Number(v) for signed values around every edge of the fast path', () => {
    const edges = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n)]
    const safe = 2n ** 53n
    edges.push(safe - 1n, safe, safe + 1n, -safe + 1n, -safe, -safe - 1n)
    edges.push(2n ** 63n - 1n, -(2n ** 63n), 123_456_789_012_345n, -987_654_321_098n)
    const data = BigInt64Array.from(edges)
    const target = new Float64Array(edges.length + 3).fill(-7)
    int64ToNumbers(data, target, 3, edges.length)
    expect([...target.subarray(0, 3)]).toEqual([-7, -7, -7])
    edges.forEach((v, i) => expect(Object.is(target[3 + i], Number(v)), `${v}`).toBe(true))
  })

  it('gives Number(v) for unsigned values, those with the top bit set included', () => {
    const edges = [
      0n,
      1n,
      2n ** 32n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
      2n ** 63n,
      2n ** 64n - 1n,
    ]
    const data = BigUint64Array.from(edges)
    const target = new Float64Array(edges.length)
    int64ToNumbers(data, target, 0, edges.length)
    edges.forEach((v, i) => expect(target[i], `${v}`).toBe(Number(v)))
  })

  it('reads only the first rows of a larger tensor buffer, from its offset', () => {
    const all = BigInt64Array.from([9n, -5n, 6n, 7n])
    const view = all.subarray(1, 4)
    const target = new Float64Array(2)
    int64ToNumbers(view, target, 0, 2)
    expect([...target]).toEqual([-5, 6])
  })
})
