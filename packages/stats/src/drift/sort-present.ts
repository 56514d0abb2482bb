import { bucketOffsets, sortUint32 } from './_radix32.ts'

/** A column's non-missing values in ascending order, and how many were missing (NaN). */
export type SortedPresent = { readonly sorted: Float64Array; readonly missing: number }

/**
 * Sorts the non-NaN values of `values` ascending (−0 before +0, as `Float64Array.prototype.sort`)
 * and counts the NaNs, which are dropped: the one sort a drift check needs per column.
 *
 * The same LSD radix sort on order-preserving 64-bit keys as `argsortFloat64` (six digits of 11,
 * 11, 11, 11, 11 and 9 bits, constant digits skipped), but keys only: no index travels with them
 * and no gather follows, so each pass moves 8 bytes per value instead of 12 and the result is
 * written in order. NaNs are left out while the keys are built.
 */
export function sortPresent(values: Float64Array): SortedPresent {
  return sortSinglePrecision(values) ?? sortDoubles(values)
}

// --- internal ---

/**
 * `sortPresent` of values that are all single-precision floats held as doubles (model scores:
 * ONNX models output float32), or undefined. Their float32 bit patterns order like the numbers
 * once mapped as the doubles' are (−0 before +0), so 32-bit keys in three passes (11, 11 and 10
 * bits) stand in for 64-bit ones in six, and each converts back to the very same double.
 */
function sortSinglePrecision(values: Float64Array): SortedPresent | undefined {
  const n = values.length
  let m = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (Math.fround(v) === v) m++
    else if (!Number.isNaN(v)) return undefined
  }
  const singles = new Float32Array(m)
  let keys = new Uint32Array(singles.buffer)
  for (let i = 0, j = 0; i < n; i++) {
    const v = values[i]!
    if (!Number.isNaN(v)) singles[j++] = v
  }
  for (let i = 0; i < m; i++) {
    const b = keys[i]!
    keys[i] = (b & 0x80000000) !== 0 ? ~b >>> 0 : (b | 0x80000000) >>> 0
  }
  keys = sortUint32(keys, false)
  for (let i = 0; i < m; i++) {
    const k = keys[i]!
    keys[i] = (k & 0x80000000) !== 0 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0
  }
  const sorted = Float64Array.from(new Float32Array(keys.buffer, keys.byteOffset, m))
  return { sorted, missing: n - m }
}

/** `sortPresent` on the doubles' 64-bit keys. */
function sortDoubles(values: Float64Array): SortedPresent {
  const n = values.length
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2)
  let hi = new Uint32Array(n)
  let lo = new Uint32Array(n)
  const counts = new Uint32Array(DIGITS * RADIX)
  let m = 0
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + HIGH_WORD]!
    let l = words[2 * i + LOW_WORD]!
    if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) !== 0 || l !== 0)) continue
    if ((h & 0x80000000) !== 0) {
      h = ~h >>> 0
      l = ~l >>> 0
    } else {
      h = (h | 0x80000000) >>> 0
    }
    hi[m] = h
    lo[m] = l
    m++
    counts[l & 0x7ff]!++
    counts[RADIX + ((l >>> 11) & 0x7ff)]!++
    counts[2 * RADIX + ((l >>> 22) | ((h & 1) << 10))]!++
    counts[3 * RADIX + ((h >>> 1) & 0x7ff)]!++
    counts[4 * RADIX + ((h >>> 12) & 0x7ff)]!++
    counts[5 * RADIX + (h >>> 23)]!++
  }
  let hi2 = new Uint32Array(m)
  let lo2 = new Uint32Array(m)
  for (let d = 0; d < DIGITS; d++) {
    const offsets = counts.subarray(d * RADIX, (d + 1) * RADIX)
    if (!bucketOffsets(offsets, m)) continue
    scatter(hi, lo, hi2, lo2, offsets, d, m)
    ;[hi, hi2] = [hi2, hi]
    ;[lo, lo2] = [lo2, lo]
  }
  const sorted = new Float64Array(m)
  const out = new Uint32Array(sorted.buffer)
  for (let i = 0; i < m; i++) {
    let h = hi[i]!
    let l = lo[i]!
    if ((h & 0x80000000) !== 0) h = (h & 0x7fffffff) >>> 0
    else {
      h = ~h >>> 0
      l = ~l >>> 0
    }
    out[2 * i + HIGH_WORD] = h
    out[2 * i + LOW_WORD] = l
  }
  return { sorted, missing: n - m }
}

const RADIX = 2048
const DIGITS = 6
/** Index of the high 32-bit word of a float64 in a Uint32Array view (byte order of the host). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const LOW_WORD = 1 - HIGH_WORD

/** One stable pass on digit `d` (0: lowest 11 bits of the low word … 5: top 9 bits of the high). */
function scatter(
  hi: Uint32Array,
  lo: Uint32Array,
  hiOut: Uint32Array,
  loOut: Uint32Array,
  offsets: Uint32Array,
  d: number,
  m: number,
) {
  if (d < 2) {
    const shift = d * 11
    for (let i = 0; i < m; i++) {
      const l = lo[i]!
      const p = offsets[(l >>> shift) & 0x7ff]!++
      hiOut[p] = hi[i]!
      loOut[p] = l
    }
  } else if (d === 2) {
    for (let i = 0; i < m; i++) {
      const h = hi[i]!
      const l = lo[i]!
      const p = offsets[(l >>> 22) | ((h & 1) << 10)]!++
      hiOut[p] = h
      loOut[p] = l
    }
  } else {
    const shift = 1 + (d - 3) * 11
    for (let i = 0; i < m; i++) {
      const h = hi[i]!
      const p = offsets[(h >>> shift) & 0x7ff]!++
      hiOut[p] = h
      loOut[p] = lo[i]!
    }
  }
}
