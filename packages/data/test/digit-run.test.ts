import { describe, expect, it } from 'vitest'
import { digitBytes, digitsValue, ZEROS } from '../src/_digit-run.ts'

/** The leading digits of four bytes and their value, one byte at a time. */
function slow(bytes: readonly number[]): { count: number; value: number } {
  let count = 0
  let value = 0
  for (const b of bytes) {
    if (b < 48 || b > 57) break
    value = value * 10 + (b - 48)
    count++
  }
  return { count, value }
}

/** What the row loop computes from the four bytes at a position (little-endian). */
function fast(bytes: readonly number[]): { count: number; value: number } {
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = bytes
  const word = (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) ^ ZEROS
  const count = digitBytes(word)
  return { count, value: count === 0 ? 0 : digitsValue(word << (32 - 8 * count)) }
}

describe('digitBytes and digitsValue (four digits at a time)', () => {
  it('agree with a byte loop on every word of digits and the bytes around them', () => {
    // The digits, their neighbours '/' and ':', the signs, point, delimiters and line ends,
    // and bytes whose low seven bits are digits or whose high bit is set.
    const interesting = [
      ...'0123456789/:.-+,;e "'.split('').map((c) => c.charCodeAt(0)),
      0,
      9,
      10,
      13,
      0x7f,
      0x80,
      0xb0,
      0xb9,
      0xba,
      0xc0,
      0xf0,
      0xff,
    ]
    const wrong: string[] = []
    for (const b0 of interesting) {
      for (const b1 of interesting) {
        for (const b2 of interesting) {
          for (const b3 of interesting) {
            const bytes = [b0, b1, b2, b3]
            const got = fast(bytes)
            const want = slow(bytes)
            if (got.count !== want.count || got.value !== want.value) {
              wrong.push(`${bytes.join(',')}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
            }
          }
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([])
  })

  it('agree with a byte loop on every byte value in each position', () => {
    const wrong: string[] = []
    for (let position = 0; position < 4; position++) {
      for (let b = 0; b < 256; b++) {
        const bytes = [0x37, 0x31, 0x39, 0x30] // "7190"
        bytes[position] = b
        const got = fast(bytes)
        const want = slow(bytes)
        if (got.count !== want.count || got.value !== want.value) wrong.push(bytes.join(','))
      }
    }
    expect(wrong).toEqual([])
  })
})
