import { Damaged } from './_parquet-scratch.ts'

/**
 * Parquet's DELTA_BINARY_PACKED encoding (Parquet format, Encodings.md), which version-2 writers
 * use for integers and for the lengths of DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY strings.
 *
 * A header (block size, miniblocks per block, value count, first value) is followed by blocks:
 * each has a minimum delta and one bit width per miniblock, then the miniblocks, whose packed
 * numbers plus the minimum delta are the differences between consecutive values.
 *
 * Values are computed in doubles. 32-bit values wrap as the writer's 32-bit arithmetic did;
 * 64-bit ones are exact while every sum stays within ±2^53, and a block that could leave that
 * range (a bit width over 52, a sum beyond it) throws `DeltaRange`, so the file is read by a
 * reader with 64-bit arithmetic instead.
 */

/** Thrown on malformed runs. */
export class DeltaError extends Error {}

/** Thrown when 64-bit values would leave the range doubles hold exactly. */
export class DeltaRange extends Error {}

const MAX_EXACT = Number.MAX_SAFE_INTEGER

/**
 * Decodes the `count` values encoded at `data[start]` into `out` from `at`; `wrap32` for INT32
 * columns and lengths. Returns where the encoding ends (the next section of a page starts there).
 */
export function decodeDeltaPacked(
  data: Uint8Array,
  start: number,
  count: number,
  out: Float64Array | Int32Array,
  at: number,
  wrap32: boolean,
): number {
  const reader = { data, at: start }
  const blockSize = varint(reader)
  const miniblocks = varint(reader)
  const total = varint(reader)
  let value = zigzag(reader)
  if (miniblocks === 0 || blockSize % miniblocks !== 0 || (blockSize / miniblocks) % 8 !== 0) {
    throw new DeltaError('a block is not split into miniblocks of a multiple of 8 values')
  }
  if (total !== count) throw new DeltaError(`${total} values encoded where ${count} are present`)
  if (count === 0) return reader.at
  const perMiniblock = blockSize / miniblocks
  out[at] = wrap32 ? value | 0 : checked(value)
  let done = 1
  while (done < count) {
    const minDelta = zigzag(reader)
    const widths = reader.at
    reader.at += miniblocks
    // After the last value no more miniblock bodies follow, whatever their widths say.
    for (let m = 0; m < miniblocks && done < count; m++) {
      const width = data[widths + m] as number
      if (width > 64) throw new Damaged(`a delta-encoded miniblock ${width} bits wide, past 64`)
      if (!wrap32 && (width > 52 || Math.abs(minDelta) > MAX_EXACT)) {
        throw new DeltaRange('deltas too wide for doubles')
      }
      const base = reader.at
      reader.at += (perMiniblock * width) / 8
      if (reader.at > data.length) throw new DeltaError('a miniblock ends past its page')
      const last = Math.min(count, done + perMiniblock)
      for (let bit = 0; done < last; bit += width, done++) {
        const delta = minDelta + packed(data, base, bit, width)
        value = wrap32 ? (value + delta) | 0 : checked(value + checked(delta))
        out[at + done] = value
      }
    }
  }
  return reader.at
}

/** A value within ±(2^53 - 1), or the signal that it is not. */
function checked(value: number): number {
  if (value > MAX_EXACT || value < -MAX_EXACT) throw new DeltaRange('a value beyond 2^53')
  return value
}

/** The `width`-bit number at bit `bit` past `data[base]`, lowest bits first. */
function packed(data: Uint8Array, base: number, bit: number, width: number): number {
  let value = 0
  let scale = 1
  let at = base + (bit >> 3)
  let offset = bit & 7
  let left = width
  while (left > 0) {
    const take = Math.min(8 - offset, left)
    const byte = data[at] as number
    value += ((byte >> offset) & ((1 << take) - 1)) * scale
    scale *= 2 ** take
    left -= take
    offset = 0
    at++
  }
  return value
}

type Reader = { readonly data: Uint8Array; at: number }

function varint(reader: Reader): number {
  let value = 0
  let scale = 1
  for (let shift = 0; shift < 70; shift += 7) {
    if (reader.at >= reader.data.length) throw new DeltaError('a header runs past its page')
    const byte = reader.data[reader.at++] as number
    value += (byte & 0x7f) * scale
    if (byte < 0x80) return value
    scale *= 128
  }
  throw new DeltaError('a varint runs past 64 bits')
}

function zigzag(reader: Reader): number {
  const raw = varint(reader)
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2
}
