import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RETRY,
  batchAnnotations,
  cutToBytes,
  cutToLength,
  retryDelay,
} from '@mlgate/github'

describe('cutToLength', () => {
  it('keeps text that fits and cuts the rest to exactly the limit, note included', () => {
    expect(cutToLength('abc', 3, '…!')).toBe('abc')
    expect(cutToLength('abcdef', 5, '…!')).toBe('abc…!')
  })

  it('never splits a surrogate pair', () => {
    // '😀' is two UTF-16 code units; a cut after 3 units would leave half of the second one.
    expect(cutToLength('😀😀😀', 4, '.')).toBe('😀.')
  })
})

describe('cutToBytes', () => {
  it('measures UTF-8 bytes and never splits a character', () => {
    // 'é' is 2 bytes: 5 of them are 10 bytes.
    expect(cutToBytes('ééééé', 10, '+')).toBe('ééééé')
    expect(cutToBytes('ééééé', 9, '+')).toBe('éééé+')
    expect(cutToBytes('ééééé', 8, '+')).toBe('ééé+')
    expect(Buffer.byteLength(cutToBytes('€'.repeat(1000), 1000, '\n(cut)'))).toBeLessThanOrEqual(
      1000,
    )
  })
})

describe('batchAnnotations', () => {
  it('splits into batches of 50', () => {
    const sizes = (n: number) =>
      batchAnnotations(Array.from({ length: n }, (_, i) => i)).map((b) => b.length)
    expect(sizes(0)).toEqual([])
    expect(sizes(50)).toEqual([50])
    expect(sizes(120)).toEqual([50, 50, 20])
  })
})

describe('retryDelay', () => {
  const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 }
  it.each([
    ['502, first retry', 502, {}, 1, 100],
    ['503, third retry doubles twice', 503, {}, 3, 400],
    ['500 after the last retry', 500, {}, 4, undefined],
    ['network error (reported as 500)', 500, {}, 1, 100],
    ['429 with retry-after, capped', 429, { 'retry-after': '60' }, 1, 1000],
    ['429 without headers', 429, {}, 2, 200],
    ['403 with retry-after', 403, { 'retry-after': '0' }, 1, 100],
    [
      '403 with the quota used up until reset',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1000.5' },
      1,
      500,
    ],
    ['403 permission answer', 403, { 'x-ratelimit-remaining': '4999' }, 1, undefined],
    ['404', 404, {}, 1, undefined],
    ['422', 422, {}, 1, undefined],
  ])('%s', (_name, status, headers, attempt, expected) => {
    expect(retryDelay(status, headers, attempt, policy, 1_000_000)).toBe(expected)
  })

  it('bounds the default policy', () => {
    expect(DEFAULT_RETRY.retries * DEFAULT_RETRY.maxDelayMs).toBeLessThanOrEqual(5 * 60_000)
  })
})
