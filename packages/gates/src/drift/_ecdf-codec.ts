import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { DistinctValues, KeyedCounts } from '@mlgate/stats'
import { keyedWidthLimit } from '@mlgate/stats'
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
  return decodeStreams(e, where, unpack(e.values, where), unpack(e.counts, where))
}

/**
 * A distribution kept as its two streams, inflated and checked: `unpackDistribution` gives its
 * distinct values and counts, and cannot fail. A profile's widest distributions are kept so
 * until their comparison, which takes them one at a time while the whole profile waits: in the
 * reference workload's profile their streams take 2 bytes a distinct value (the five price
 * columns) and 9 (the scores, raw doubles), the decoded arrays 16 (15 MB held instead of 68).
 */
export type PackedDistribution = {
  readonly packed: true
  readonly distinct: number
  /** Decimal scale of `values`, or null for raw float64 (as in `EncodedDistribution`). */
  readonly scale: number | null
  readonly values: Uint8Array
  readonly counts: Uint8Array
}

/** The distinct values and counts of a packed distribution. */
export function unpackDistribution(p: PackedDistribution): DistinctValues {
  return decodeStreams(p, 'a packed distribution', p.values, p.counts)
}

/**
 * The stored distribution as counts on the decimal grid of the stored scale when the values
 * are on one and their keys span no more than `keyedWidthLimit` slots (then a comparison walks
 * the keys instead of merging distinct values); otherwise packed (`PackedDistribution`): the same
 * values and counts either way, and the same errors for damaged streams, all found here. The
 * counts go straight from the streams into their slots.
 */
export function decodeReference(
  e: EncodedDistribution,
  where: string,
): KeyedCounts | PackedDistribution | DistinctValues {
  if (e.distinct === 0) return decodeDistribution(e, where)
  if (e.scale == null) {
    const values = unpack(e.values, where)
    if (values.length !== e.distinct * 8) throw corrupt(where, `${e.distinct} float64 values`)
    return packed(e, values, unpack(e.counts, where), where)
  }
  const valueBytes = unpack(e.values, where)
  const n = e.distinct
  // First the keys' span, to size the slots.
  const { first, last } = keySpan(valueBytes, n, where)
  const width = last - first + 1
  const countBytes = unpack(e.counts, where)
  if (width > keyedWidthLimit(n)) return packed(e, valueBytes, countBytes, where)
  const slots = new Uint32Array(width)
  const present = scatterCounts(valueBytes, countBytes, n, slots, where)
  return present < 0
    ? packed(e, valueBytes, countBytes, where)
    : { scale: e.scale, first, counts: slots, present }
}

/**
 * The packed form of streams whose values are checked already: its counts are checked here, so
 * that unpacking cannot fail. Each stream gets an ArrayBuffer of its own (a small inflated one
 * may be a slice of a shared pool), which a worker can hand over.
 */
function packed(
  e: EncodedDistribution,
  values: Uint8Array,
  counts: Uint8Array,
  where: string,
): PackedDistribution {
  checkVarints(counts, e.distinct, where, `${e.distinct} counts`)
  return {
    packed: true,
    distinct: e.distinct,
    scale: e.scale,
    values: ownBuffer(values),
    counts: ownBuffer(counts),
  }
}

/** A plain Uint8Array (not a Buffer, as a worker's reply would hold) over a buffer of its own. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  // `new Uint8Array(bytes)` copies.
  return whole ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes)
}

/** A distribution as a profile file holds it, with what an error about it must say. */
export type StoredDistribution = {
  readonly encoded: EncodedDistribution
  /** The file and feature it belongs to. */
  readonly where: string
  /** How to rebuild the profile, appended to errors. */
  readonly rebuild: string
}

/** `decodeReference`, a damaged distribution being a ConfigError that says how to rebuild. */
export function decodeStored(
  d: StoredDistribution,
): KeyedCounts | PackedDistribution | DistinctValues {
  try {
    return decodeReference(d.encoded, d.where)
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

/**
 * The two streams decoded: the values (raw float64 when there is no scale, else each integer key,
 * the first unzigzagged and then each gap plus 1 added on, over 10^scale) and the counts.
 */
function decodeStreams(
  e: { readonly distinct: number; readonly scale: number | null },
  where: string,
  valueBytes: Uint8Array,
  countBytes: Uint8Array,
): DistinctValues {
  const n = e.distinct
  let values: Float64Array
  if (e.scale == null) {
    if (valueBytes.length !== n * 8) throw corrupt(where, `${n} float64 values`)
    values = new Float64Array(n)
    const view = new DataView(valueBytes.buffer, valueBytes.byteOffset, valueBytes.length)
    for (let i = 0; i < n; i++) values[i] = view.getFloat64(i * 8, true)
  } else {
    values = readVarints(valueBytes, n, where, `${n} scaled values`, 10 ** e.scale)
  }
  const counts = readVarints(countBytes, n, where, `${n} counts`, COUNTS)
  return { values, counts }
}

/** `readVarints`' form for counts, each stored as count − 1. */
const COUNTS = 0

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

/*
 * The loops below decode LEB128 varints inline, the common one-byte varint first, and check the
 * stream's length once at the end: a read past the end of a Uint8Array gives undefined, which
 * ends a varint and decodes as 0 or NaN, and moves the position on, so a stream that is too
 * short ends past its length and one with bytes left over ends before it. On the reference
 * workload's profile, read and decoded in a fresh process: 93–99 ms against 104–114 ms with a
 * call and two bounds checks per varint, and its five packed distributions unpacked in 52–53 ms
 * against 55–57 ms. A reader object with one copy of the loop (`next()`) took 4–5 ms more of
 * each: its position lives in the object rather than in a local.
 */

/**
 * The first and last keys of a scaled-values stream of `n` ≥ 1 varints; throws when it does not
 * hold exactly that.
 */
function keySpan(bytes: Uint8Array, n: number, where: string): { first: number; last: number } {
  let at = 0
  let first = 0
  let key = 0
  for (let i = 0; i < n; i++) {
    let b = bytes[at++]!
    let value = b & 127
    for (let scale = 128; b >= 128; scale *= 128) {
      b = bytes[at++]!
      value += (b & 127) * scale
    }
    if (i === 0) first = key = unzigzag(value)
    else key += value + 1
  }
  endOfStream(bytes, at, where, `exactly ${n} scaled values`)
  return { first, last: key }
}

/**
 * Writes each key's count into its slot (the key less the first key) from a checked
 * scaled-values stream (`keySpan`) and its counts stream, and returns the counts' total; −1 when
 * a count does not fit 32 bits. Throws when the counts stream does not hold exactly `n` varints.
 */
function scatterCounts(
  valueBytes: Uint8Array,
  countBytes: Uint8Array,
  n: number,
  slots: Uint32Array,
  where: string,
): number {
  let at = 0
  let countAt = 0
  let slot = 0
  let present = 0
  let wide = false
  for (let i = 0; i < n; i++) {
    let b = valueBytes[at++]!
    let gap = b & 127
    for (let scale = 128; b >= 128; scale *= 128) {
      b = valueBytes[at++]!
      gap += (b & 127) * scale
    }
    if (i > 0) slot += gap + 1
    b = countBytes[countAt++]!
    let count = (b & 127) + 1
    for (let scale = 128; b >= 128; scale *= 128) {
      b = countBytes[countAt++]!
      count += (b & 127) * scale
    }
    // A count beyond 32 bits would wrap in its slot: such a distribution stays packed.
    if (count > 0xffff_ffff) wide = true
    slots[slot] = count
    present += count
  }
  endOfStream(countBytes, countAt, where, `exactly ${n} counts`)
  return wide ? -1 : present
}

/** Throws the stream's error when a decoding loop did not end exactly at its end. */
function endOfStream(bytes: Uint8Array, at: number, where: string, exactly: string): void {
  if (at > bytes.length) throw corrupt(where, 'more bytes')
  if (at < bytes.length) throw corrupt(where, exactly)
}

/** Throws `readVarints`' errors when `bytes` does not hold exactly `n` varints; reads nothing out. */
function checkVarints(bytes: Uint8Array, n: number, where: string, what: string): void {
  let at = 0
  // A varint ends at its first byte below 128 (or past the end: see above).
  for (let i = 0; i < n; i++) while (bytes[at++]! >= 128);
  endOfStream(bytes, at, where, `exactly ${what}`)
}

/**
 * The `n` LEB128 varints (non-negative, up to 2^53: arithmetic, not 32-bit shifts) that `bytes`
 * must hold exactly, `what` naming them in the error otherwise, each written in its decoded form:
 * with `power` COUNTS the count (the varint plus 1); else the scaled value, key / power, the key
 * being the first varint unzigzagged and then the last key plus the varint plus 1. One loop
 * without calls, writing each element once: decoding is most of the work of reading a profile.
 */
function readVarints(
  bytes: Uint8Array,
  n: number,
  where: string,
  what: string,
  power: number,
): Float64Array {
  const out = new Float64Array(n)
  let at = 0
  let key = 0
  for (let i = 0; i < n; i++) {
    let b = bytes[at++]!
    let value = b & 127
    for (let scale = 128; b >= 128; scale *= 128) {
      b = bytes[at++]!
      value += (b & 127) * scale
    }
    if (power === COUNTS) {
      out[i] = value + 1
    } else {
      key = i === 0 ? unzigzag(value) : key + value + 1
      out[i] = key / power
    }
  }
  endOfStream(bytes, at, where, `exactly ${what}`)
  return out
}
