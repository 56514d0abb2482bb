import { inflateSync } from 'node:zlib'

/** A decoded 8-bit PNG: `channels` bytes per pixel (3 RGB, 4 RGBA), rows top to bottom. */
export type Png = {
  readonly width: number
  readonly height: number
  readonly channels: 3 | 4
  readonly pixels: Uint8Array
}

/**
 * Decodes the PNGs a browser writes for screenshots: 8-bit truecolour (RGB or RGBA), not
 * interlaced, with the five scanline filters of the PNG specification (section 9). Anything else
 * throws, saying what was found.
 */
export function decodePng(file: Uint8Array): Png {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('Not a PNG: bad signature.')
  let offset = 8
  let header = { width: 0, height: 0, depth: 0, color: 0, interlace: 0 }
  const data: Buffer[] = []
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    const body = bytes.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8]!,
        color: body[9]!,
        interlace: body[12]!,
      }
    } else if (type === 'IDAT') data.push(body)
    else if (type === 'IEND') break
    offset += 12 + length
  }
  const { width, height, depth, color, interlace } = header
  if (depth !== 8 || (color !== 2 && color !== 6) || interlace !== 0) {
    throw new Error(
      `Unsupported PNG: bit depth ${depth}, colour type ${color}, interlace ${interlace}; expected 8-bit RGB(A), not interlaced.`,
    )
  }
  const channels = color === 6 ? 4 : 3
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  if (raw.length !== height * (stride + 1)) {
    throw new Error(`PNG data has ${raw.length} bytes, expected ${height * (stride + 1)}.`)
  }
  const pixels = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const out = y * stride
    const up = out - stride
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[out + i - channels]! : 0
      const b = y > 0 ? pixels[up + i]! : 0
      const c = y > 0 && i >= channels ? pixels[up + i - channels]! : 0
      const x = line[i]!
      pixels[out + i] =
        filter === 0
          ? x
          : filter === 1
            ? x + a
            : filter === 2
              ? x + b
              : filter === 3
                ? x + ((a + b) >> 1)
                : x + paeth(a, b, c)
    }
    if (filter > 4) throw new Error(`PNG row ${y} has unknown filter type ${filter}.`)
  }
  return { width, height, channels, pixels }
}

// --- internal ---

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}
