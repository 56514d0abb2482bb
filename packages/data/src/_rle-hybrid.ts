/**
 * Parquet's RLE / bit-packing hybrid (Parquet format, Encodings.md), used for definition levels,
 * dictionary indices and RLE booleans. Runs follow one another, each opened by a varint header:
 * an even header is a repeated run of (header >> 1) copies of one value stored in whole bytes;
 * an odd one is (header >> 1) groups of 8 values packed `bitWidth` bits each, lowest bits first.
 */

/** Thrown when the runs do not hold the values a page says they hold. */
export class HybridError extends Error {}

/**
 * Decodes `count` values of `bitWidth` bits from `bytes[start, end)` into `out` from `outStart`.
 * Returns where the runs read ended. Values past `count` in a last packed group are dropped.
 */
export function decodeHybrid(
  bytes: Uint8Array,
  start: number,
  end: number,
  bitWidth: number,
  count: number,
  out: Int32Array | Uint8Array,
  outStart: number,
): number {
  if (bitWidth < 0 || bitWidth > 32) throw new HybridError(`bit width ${bitWidth} is not 0-32`)
  const valueBytes = (bitWidth + 7) >> 3
  const mask = bitWidth === 32 ? -1 : (1 << bitWidth) - 1
  let i = start
  let o = outStart
  const stop = outStart + count
  while (o < stop) {
    let header = 0
    let shift = 0
    for (;;) {
      if (i >= end) throw new HybridError('the runs end before their values')
      const byte = bytes[i++] as number
      header += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) break
      shift += 7
      if (shift > 35) throw new HybridError('a run header is too long')
    }
    if (header % 2 === 0) {
      const size = header / 2
      if (i + valueBytes > end) throw new HybridError('a repeated run ends past its bytes')
      let value = 0
      for (let b = valueBytes - 1; b >= 0; b--) value = value * 256 + (bytes[i + b] as number)
      i += valueBytes
      if (value >= 2 ** bitWidth)
        throw new HybridError(`a repeated value wider than ${bitWidth} bits`)
      if (size === 0) continue
      const last = Math.min(stop, o + size)
      out.fill(value | 0, o, last)
      o = last
    } else {
      const groups = (header - 1) / 2
      const size = groups * 8
      const byteCount = groups * bitWidth
      if (i + byteCount > end && o + size <= stop) {
        throw new HybridError('a packed run ends past its bytes')
      }
      const last = Math.min(stop, o + size)
      if (bitWidth === 1) {
        for (let k = 0; o < last; k++) {
          const byte = bytes[i + (k >> 3)] as number
          out[o++] = (byte >> (k & 7)) & 1
        }
      } else {
        // A 64-bit window over the packed bits, kept as two 32-bit halves.
        let bit = 0
        for (; o < last; bit += bitWidth) {
          const at = i + (bit >> 3)
          const offset = bit & 7
          let word =
            ((bytes[at] as number) |
              ((bytes[at + 1] as number) << 8) |
              ((bytes[at + 2] as number) << 16) |
              ((bytes[at + 3] as number) << 24)) >>>
            offset
          if (offset + bitWidth > 32) word |= (bytes[at + 4] as number) << (32 - offset)
          out[o++] = word & mask
        }
      }
      i += byteCount
    }
  }
  return Math.min(i, end)
}

/** Bits needed for values 0 … max. */
export function bitWidthOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max)
}

/**
 * Definition levels of a flat OPTIONAL column (bit width 1: 1 a value, 0 a null) into `out`;
 * returns how many are 1. A page without nulls is usually one repeated run, which is counted
 * without writing `out`: its contents are then undefined, and a caller that sees every value
 * present does not read them.
 */
export function decodePresence(
  bytes: Uint8Array,
  start: number,
  end: number,
  count: number,
  out: Uint8Array,
): number {
  if (start < end) {
    const header = bytes[start] as number
    // One repeated run of 1s covering the page (header < 128 is a one-byte varint).
    let length = 0
    let at = start
    let scale = 1
    for (;;) {
      const byte = bytes[at++] as number
      length += (byte & 0x7f) * scale
      if (byte < 0x80 || at >= end) break
      scale *= 128
    }
    if (header % 2 === 0 && length / 2 >= count && bytes[at] === 1) return count
  }
  decodeHybrid(bytes, start, end, 1, count, out, 0)
  let present = 0
  for (let i = 0; i < count; i++) present += out[i] as number
  return present
}
