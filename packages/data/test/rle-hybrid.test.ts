// The RLE / bit-packing hybrid on the Parquet format's own example (Encodings.md) and on runs
// built by hand, and definition levels counted with and without nulls.
import { describe, expect, it } from 'vitest'
import { bitWidthOf, decodeHybrid, decodePresence, HybridError } from '../src/_rle-hybrid.ts'

function decode(bytes: number[], bitWidth: number, count: number): number[] {
  const out = new Int32Array(count)
  decodeHybrid(Uint8Array.from(bytes), 0, bytes.length, bitWidth, count, out, 0)
  return [...out]
}

describe('decodeHybrid', () => {
  it('unpacks the format’s example: 0 … 7 at bit width 3', () => {
    // Encodings.md: the values 0-7 bit-packed at width 3 are 10001000 11000110 11111010.
    expect(decode([(1 << 1) | 1, 0b10001000, 0b11000110, 0b11111010], 3, 8)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ])
  })

  it('repeats runs, mixes them with packed groups and drops a last group’s padding', () => {
    // 5 × 3 at width 2 (one value byte), then one group of 8 at width 2 of which 3 are used.
    const packed = [(1 << 1) | 1, 0b11100100, 0b00000000]
    expect(decode([5 << 1, 3, ...packed], 2, 8)).toEqual([3, 3, 3, 3, 3, 0, 1, 2])
    // Width 12: the repeated value takes two little-endian bytes.
    expect(decode([3 << 1, 0x34, 0x0a], 12, 3)).toEqual([0xa34, 0xa34, 0xa34])
    // Width 0: every value is 0, the run's value takes no bytes.
    expect(decode([4 << 1], 0, 4)).toEqual([0, 0, 0, 0])
  })

  it('unpacks values spanning bytes at widths 1 to 32', () => {
    for (let width = 1; width <= 32; width++) {
      const values = Array.from({ length: 16 }, (_, i) =>
        width === 32 ? (i * 0x9e3779b1) | 0 : (i * 2654435761) % 2 ** width,
      )
      // Pack by hand, lowest bits first.
      const bits: number[] = []
      for (const value of values) for (let b = 0; b < width; b++) bits.push((value >>> b) & 1)
      const bytes: number[] = []
      for (let i = 0; i < bits.length; i += 8) {
        let byte = 0
        for (let b = 0; b < 8; b++) byte |= (bits[i + b] ?? 0) << b
        bytes.push(byte)
      }
      expect(decode([(2 << 1) | 1, ...bytes], width, 16)).toEqual(values.map((v) => v | 0))
    }
  })

  it('refuses runs that end before their values', () => {
    expect(() => decode([5 << 1], 8, 5)).toThrow(HybridError)
    expect(() => decode([(2 << 1) | 1, 1, 2], 4, 16)).toThrow(HybridError)
    expect(() => decode([], 1, 1)).toThrow(HybridError)
    // A repeated value wider than the bit width (2 at width 1) is damage, not a value.
    expect(() => decode([4 << 1, 2], 1, 4)).toThrow(/wider than 1 bits/)
  })

  it('gives the bit width of a maximum', () => {
    expect([0, 1, 2, 3, 4, 255, 256].map(bitWidthOf)).toEqual([0, 1, 2, 2, 3, 8, 9])
  })
})

describe('decodePresence', () => {
  it('counts a page without nulls from its single run', () => {
    const out = new Uint8Array(300)
    // 300 ones: header 600 as a varint (0xd8 0x04), then the value byte 1.
    expect(decodePresence(Uint8Array.from([0xd8, 0x04, 1]), 0, 3, 300, out)).toBe(300)
  })

  it('decodes and counts levels with nulls', () => {
    const out = new Uint8Array(10)
    // 3 ones, then a packed group 1,0,1,1,0,0,1,1 (0b11001101), of which 7 are used.
    const bytes = Uint8Array.from([3 << 1, 1, (1 << 1) | 1, 0b11001101])
    expect(decodePresence(bytes, 0, bytes.length, 10, out)).toBe(7)
    expect([...out]).toEqual([1, 1, 1, 1, 0, 1, 1, 0, 0, 1])
    // A run of zeros is all nulls, not the fast path.
    expect(decodePresence(Uint8Array.from([10 << 1, 0]), 0, 2, 10, out)).toBe(0)
    // A run of ones shorter than the page is followed by more runs.
    expect(decodePresence(Uint8Array.from([4 << 1, 1, 6 << 1, 0]), 0, 4, 10, out)).toBe(4)
  })
})
