/**
 * Snappy block decompression (google/snappy, format_description.txt), the codec most Parquet
 * writers use by default. A block is the uncompressed length as a varint, then elements: a
 * literal (its bytes follow) or a copy of earlier output (length, offset back).
 */

/** Thrown on bytes that are not a well-formed snappy block. */
export class SnappyError extends Error {}

/** The uncompressed length a block declares, and where its elements start. */
export function snappyHeader(input: Uint8Array): { length: number; start: number } {
  let length = 0
  let scale = 1
  for (let i = 0; i < 5 && i < input.length; i++) {
    const byte = input[i] as number
    length += (byte & 0x7f) * scale
    if (byte < 0x80) return { length, start: i + 1 }
    scale *= 128
  }
  throw new SnappyError('the block does not start with its length')
}

/**
 * Decompresses `input` into `output`, which must be the length the block declares (see
 * `snappyHeader`); throws when the elements do not fill it exactly.
 */
export function snappyUncompress(input: Uint8Array, output: Uint8Array): void {
  const { length, start } = snappyHeader(input)
  if (length !== output.length) {
    throw new SnappyError(`the block holds ${length} bytes, not the ${output.length} expected`)
  }
  const end = input.length
  // Unaligned 4-byte loads and stores: short literals and copies move 8 or 16 bytes at once
  // where both buffers have that much room, writing past their end into bytes that later
  // elements overwrite (the output is filled strictly in order).
  const source = new DataView(input.buffer, input.byteOffset, end)
  const target = new DataView(output.buffer, output.byteOffset, length)
  const roomIn = end - 8
  const roomOut = length - 16
  let i = start
  let o = 0
  while (i < end) {
    const tag = input[i++] as number
    const kind = tag & 3
    if (kind === 0) {
      let size = (tag >> 2) + 1
      if (size <= 8 && i <= roomIn && o <= roomOut) {
        target.setInt32(o, source.getInt32(i, true), true)
        target.setInt32(o + 4, source.getInt32(i + 4, true), true)
        i += size
        o += size
        continue
      }
      if (size > 60) {
        // 61-64: the length minus one follows in 1-4 little-endian bytes.
        const bytes = size - 60
        if (i + bytes > end) throw new SnappyError('a literal runs past the block')
        size = 0
        for (let b = bytes - 1; b >= 0; b--) size = size * 256 + (input[i + b] as number)
        size += 1
        i += bytes
      }
      if (i + size > end || o + size > length)
        throw new SnappyError('a literal runs past the block')
      if (size < 16) {
        for (let k = 0; k < size; k++) output[o + k] = input[i + k] as number
      } else {
        output.set(input.subarray(i, i + size), o)
      }
      i += size
      o += size
      continue
    }
    let size: number
    let offset: number
    if (kind === 1) {
      if (i >= end) throw new SnappyError('a copy runs past the block')
      size = ((tag >> 2) & 7) + 4
      offset = ((tag >> 5) << 8) | (input[i++] as number)
    } else if (kind === 2) {
      if (i + 2 > end) throw new SnappyError('a copy runs past the block')
      size = (tag >> 2) + 1
      offset = (input[i] as number) | ((input[i + 1] as number) << 8)
      i += 2
    } else {
      if (i + 4 > end) throw new SnappyError('a copy runs past the block')
      size = (tag >> 2) + 1
      offset =
        ((input[i] as number) |
          ((input[i + 1] as number) << 8) |
          ((input[i + 2] as number) << 16) |
          ((input[i + 3] as number) << 24)) >>>
        0
      i += 4
    }
    if (offset === 0 || offset > o || o + size > length) {
      throw new SnappyError('a copy reaches outside the output')
    }
    let from = o - offset
    if (offset >= 8 && size <= 16 && o <= roomOut) {
      // 8 bytes at a time reads only bytes already final, as the offset is at least 8.
      target.setInt32(o, target.getInt32(from, true), true)
      target.setInt32(o + 4, target.getInt32(from + 4, true), true)
      if (size > 8) {
        target.setInt32(o + 8, target.getInt32(from + 8, true), true)
        target.setInt32(o + 12, target.getInt32(from + 12, true), true)
      }
      o += size
    } else if (offset >= size && size >= 32) {
      output.copyWithin(o, from, from + size)
      o += size
    } else {
      // Byte by byte, so a copy overlapping its own output repeats it, as the format intends.
      const stop = o + size
      while (o < stop) output[o++] = output[from++] as number
    }
  }
  if (o !== length) throw new SnappyError(`the block fills ${o} of its ${length} bytes`)
}
