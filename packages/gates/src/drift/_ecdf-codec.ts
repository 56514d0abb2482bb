import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { DistinctValues } from '@mlgate/stats'
import { ConfigError } from '../errors.ts'

/**
 * A reference feature's exact distribution (each distinct value once, with its count) as it is
 * stored in a profile: two byte streams, deflated and base64-encoded.
 *
 * `values`: when every value is an integer multiple of 10^-scale that divides back exactly
 * (`k / 10^scale === v`, true for numbers read from decimal text with up to `scale` decimals), the
 * integers k are stored as LEB128 varints: the first zigzag-encoded, then each gap minus 1 (values
 * are distinct and ascending, so gaps are ≥ 1). Otherwise the raw little-endian float64 bytes.
 * `counts`: count − 1 per value, as varints. Decoding gives back the very same doubles.
 */
export type EncodedDistribution = {
  readonly distinct: number
  /** Decimal scale of `values`, or null for raw float64. */
  readonly scale: number | null
  readonly values: string
  readonly counts: string
}

export const DISTRIBUTION_ENCODING = 'varint-delta+deflate-raw+base64'

export function encodeDistribution(d: DistinctValues): EncodedDistribution {
  const scale = decimalScale(d.values)
  const values = scale == null ? rawBytes(d.values) : scaledVarints(d.values, scale)
  let counts = new Uint8Array(d.counts.length + 16)
  let at = 0
  for (let i = 0; i < d.counts.length; i++) {
    if (at + MAX_VARINT > counts.length) counts = grown(counts, at)
    at = putVarint(counts, at, d.counts[i]! - 1)
  }
  return {
    distinct: d.values.length,
    scale,
    values: pack(values),
    counts: pack(counts.subarray(0, at)),
  }
}

/** Throws an Error naming `where` when the streams do not hold `distinct` entries. */
export function decodeDistribution(e: EncodedDistribution, where: string): DistinctValues {
  const n = e.distinct
  const valueBytes = unpack(e.values, where)
  let values: Float64Array
  if (e.scale == null) {
    if (valueBytes.length !== n * 8) throw corrupt(where, `${n} float64 values`)
    values = new Float64Array(n)
    const view = new DataView(valueBytes.buffer, valueBytes.byteOffset, valueBytes.length)
    for (let i = 0; i < n; i++) values[i] = view.getFloat64(i * 8, true)
  } else {
    // The integers k in place: the first zigzagged, then each gap minus 1.
    values = readVarints(valueBytes, n, where, `${n} scaled values`)
    const power = 10 ** e.scale
    let k = 0
    for (let i = 0; i < n; i++) {
      k = i === 0 ? unzigzag(values[0]!) : k + values[i]! + 1
      values[i] = k / power
    }
  }
  const counts = readVarints(unpack(e.counts, where), n, where, `${n} counts`)
  for (let i = 0; i < n; i++) counts[i]! += 1
  return { values, counts }
}

/** A distribution as a profile file holds it, with what an error about it must say. */
export type StoredDistribution = {
  readonly encoded: EncodedDistribution
  /** The file and feature it belongs to. */
  readonly where: string
  /** How to rebuild the profile, appended to errors. */
  readonly rebuild: string
}

/** `decodeDistribution`, a damaged distribution being a ConfigError that says how to rebuild. */
export function decodeStored(d: StoredDistribution): DistinctValues {
  try {
    return decodeDistribution(d.encoded, d.where)
  } catch (error) {
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)} ${d.rebuild}`)
  }
}

// --- internal ---

/** Scales tried: up to 9 decimals, where scaled integers of typical data still fit in 2^53. */
const MAX_SCALE = 9

function decimalScale(values: Float64Array): number | null {
  for (let scale = 0; scale <= MAX_SCALE; scale++) {
    const power = 10 ** scale
    let ok = true
    for (let i = 0; i < values.length && ok; i++) {
      const v = values[i]!
      const k = Math.round(v * power)
      ok = Number.isSafeInteger(k) && k / power === v
    }
    if (ok) return scale
  }
  return null
}

function scaledVarints(values: Float64Array, scale: number): Uint8Array {
  const power = 10 ** scale
  let out = new Uint8Array(values.length * 2 + 16)
  let at = 0
  let previous = 0
  for (let i = 0; i < values.length; i++) {
    const k = Math.round(values[i]! * power)
    if (at + MAX_VARINT > out.length) out = grown(out, at)
    at = putVarint(out, at, i === 0 ? zigzag(k) : k - previous - 1)
    previous = k
  }
  return out.subarray(0, at)
}

function rawBytes(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length * 8)
  const view = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true)
  return out
}

/** Signed → unsigned so small magnitudes stay short: 0, −1, 1, −2 … → 0, 1, 2, 3 … */
function zigzag(k: number): number {
  return k < 0 ? -2 * k - 1 : 2 * k
}

function unzigzag(u: number): number {
  return u % 2 === 1 ? -(u + 1) / 2 : u / 2
}

function pack(bytes: Uint8Array): string {
  // Level 1: on the 1M-row reference workload's profile (32 distributions, 19.8 MB of varints)
  // 164 ms and 5.51 MB, against 326 ms and 5.18 MB at level 4 (level 6 takes three times as
  // long as level 4). A cold run builds the profile on its critical path; 6% more bytes cost
  // nothing there.
  return deflateRawSync(bytes, { level: 1 }).toString('base64')
}

function unpack(text: string, where: string): Uint8Array {
  try {
    return inflateRawSync(Buffer.from(text, 'base64'))
  } catch (error) {
    throw new Error(`${where}: the stored distribution does not inflate (${String(error)}).`, {
      cause: error,
    })
  }
}

function corrupt(where: string, expected: string): Error {
  return new Error(`${where}: the stored distribution is damaged; expected ${expected}.`)
}

/** Bytes of the longest varint `putVarint` writes (2^53 takes 8). */
const MAX_VARINT = 8

/**
 * Writes `value` (a whole number from 0 to 2^53) as a LEB128 varint at `at` and returns the
 * position after it. Values below 2^31, nearly all of them, take 32-bit shifts; larger ones
 * arithmetic, since JS bit operations are 32-bit.
 */
function putVarint(out: Uint8Array, at: number, value: number): number {
  let v = value
  while (v >= 0x8000_0000) {
    out[at++] = (v % 128) | 128
    v = Math.floor(v / 128)
  }
  while (v >= 128) {
    out[at++] = (v & 127) | 128
    v >>>= 7
  }
  out[at++] = v
  return at
}

/** A copy of `bytes`' first `used` bytes with twice the room. */
function grown(bytes: Uint8Array, used: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(bytes.length * 2)
  bigger.set(bytes.subarray(0, used))
  return bigger
}

/**
 * The `n` LEB128 varints (non-negative, up to 2^53: arithmetic, not 32-bit shifts) that `bytes`
 * must hold exactly, `what` naming them in the error otherwise. One loop without calls: decoding
 * is most of the work of reading a profile.
 */
function readVarints(bytes: Uint8Array, n: number, where: string, what: string): Float64Array {
  const out = new Float64Array(n)
  const end = bytes.length
  let at = 0
  for (let i = 0; i < n; i++) {
    if (at >= end) throw corrupt(where, 'more bytes')
    let b = bytes[at++]!
    if (b < 128) {
      out[i] = b
      continue
    }
    let value = b & 127
    let scale = 128
    for (;;) {
      if (at >= end) throw corrupt(where, 'more bytes')
      b = bytes[at++]!
      value += (b & 127) * scale
      if (b < 128) break
      scale *= 128
    }
    out[i] = value
  }
  if (at !== end) throw corrupt(where, `exactly ${what}`)
  return out
}
