import { sortUint32 } from './drift/_radix32.ts'

/**
 * Indices that sort `values` ascending, stable (equal values keep their input order), with -0
 * before +0 and every NaN last, which is the order of `Float64Array.prototype.sort`.
 *
 * LSD radix sort on the 64-bit IEEE-754 pattern mapped to an unsigned key that orders like the
 * numbers (negative: all bits flipped; positive: sign bit set; NaN: the largest key), in six
 * digits of 11, 11, 11, 11, 11 and 9 bits from the lowest. A digit whose value is the same for
 * every key is skipped. O(n) time, no comparator. Keys travel with their indices in one
 * interleaved array ([high word, low word, index] while low-word digits remain, then [high word,
 * index]), so each pass writes one stream per bucket. Values that are all single-precision (model
 * scores) take 32-bit keys instead (`argsortSingles`), for the same order.
 */
export function argsortFloat64(values: Float64Array): Uint32Array {
  return argsortSingles(values, false)?.order ?? argsortDoubles(values)
}

/** Row order and values of a sort (`sortWithOrder`). */
export type SortedWithOrder = { readonly order: Uint32Array; readonly sorted: Float64Array }

/**
 * `argsortFloat64`, and the values in that order; `descending`: both reversed (equal values then
 * in descending row order). Model scores are single-precision floats (ONNX models output
 * float32) held as doubles: their order then comes from 32-bit keys, and the sorted values from
 * the keys themselves rather than from a gather at random rows.
 */
export function sortWithOrder(values: Float64Array, descending = false): SortedWithOrder {
  const singles = argsortSingles(values, descending)
  if (singles) {
    // float32 to float64 is exact: the very values, in order.
    const sorted = new Float64Array(singles.sorted.length)
    sorted.set(singles.sorted)
    return { order: singles.order, sorted }
  }
  const n = values.length
  const ascending = argsortDoubles(values)
  const order = descending ? ascending.reverse() : ascending
  const sorted = new Float64Array(n)
  for (let i = 0; i < n; i++) sorted[i] = values[order[i]!]!
  return { order, sorted }
}

/**
 * Scores and their 0/1 labels in descending score order, without the rows' order, when every
 * score is a non-negative single-precision float (probabilities from an ONNX model's float32
 * output), else undefined. Such a float's bit pattern orders like the number and leaves the top
 * bit free, so the label rides in the lowest bit of a 32-bit key: one array of keys sorted by
 * three passes instead of [key, row] pairs, and no gather of labels at random rows. Among equal
 * scores positives come first (the pairs' order puts equal scores in descending row order);
 * metrics that take tied scores together, as every binary metric here does, are the same.
 */
export function sortLabelledScores(
  values: Float64Array,
  labels: Uint8Array,
): { readonly sorted: Float64Array; readonly labels: Uint8Array } | undefined {
  const n = values.length
  const single = new Float32Array(1)
  const bits = new Uint32Array(single.buffer)
  const keys = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    // NaN and negative scores fail the first test, -0 the sign bit below.
    if (!(v >= 0) || Math.fround(v) !== v) return undefined
    single[0] = v
    const b = bits[0]!
    if (b >= 0x80000000) return undefined
    keys[i] = ((b << 1) | labels[i]!) >>> 0
  }
  const ascending = sortUint32(keys, false)
  const sorted = new Float64Array(n)
  const sortedLabels = new Uint8Array(n)
  for (let j = 0; j < n; j++) {
    const key = ascending[n - 1 - j]!
    sortedLabels[j] = key & 1
    bits[0] = key >>> 1
    sorted[j] = single[0]!
  }
  return { sorted, labels: sortedLabels }
}

/** A sorted copy of `values` in the order of `Float64Array.prototype.sort` (radix, see above). */
export function sortFloat64(values: Float64Array): Float64Array {
  return sortWithOrder(values).sorted
}

// --- internal ---

/**
 * The order of values that are all single-precision floats (no NaN), and the values in that order
 * as float32, else undefined. A float32's bit pattern, mapped as the doubles' are (negative: all
 * bits flipped; else the sign bit set), orders like the number (−0 before +0), so [key, index]
 * pairs take three stable passes of 11, 11 and 10 bits instead of six on 64-bit keys, constant
 * digits skipped: the same order.
 */
function argsortSingles(
  values: Float64Array,
  descending: boolean,
): { readonly order: Uint32Array; readonly sorted: Float32Array } | undefined {
  const n = values.length
  const singles = new Float32Array(n)
  const bits = new Uint32Array(singles.buffer)
  let a = new Uint32Array(2 * n)
  const counts = new Uint32Array(3 * RADIX)
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    // NaN fails this too: NaNs are sorted on 64-bit keys.
    if (Math.fround(v) !== v) return undefined
    singles[i] = v
    const b = bits[i]!
    const key = (b & 0x80000000) !== 0 ? ~b >>> 0 : (b | 0x80000000) >>> 0
    a[2 * i] = key
    a[2 * i + 1] = i
    counts[key & 0x7ff]!++
    counts[RADIX + ((key >>> 11) & 0x7ff)]!++
    counts[2 * RADIX + (key >>> 22)]!++
  }
  let b = new Uint32Array(2 * n)
  for (let d = 0; d < 3; d++) {
    const offsets = counts.subarray(d * RADIX, (d + 1) * RADIX)
    if (!toOffsets(offsets, n)) continue
    passPairs(a, b, offsets, 11 * d, n)
    ;[a, b] = [b, a]
  }
  const order = new Uint32Array(n)
  // Position i of the ascending order goes to `at + step · i`.
  const at = descending ? n - 1 : 0
  const step = descending ? -1 : 1
  for (let i = 0; i < n; i++) {
    const key = a[2 * i]!
    bits[at + step * i] = (key & 0x80000000) !== 0 ? (key & 0x7fffffff) >>> 0 : ~key >>> 0
    order[at + step * i] = a[2 * i + 1]!
  }
  return { order, sorted: singles }
}

function argsortDoubles(values: Float64Array): Uint32Array {
  const n = values.length
  const out = new Uint32Array(n)
  if (n < 2) {
    if (n === 1) out[0] = 0
    return out
  }
  let a = new Uint32Array(3 * n)
  let b = new Uint32Array(3 * n)
  const counts = new Uint32Array(DIGITS * RADIX)
  fillKeys(values, a, counts)
  const active = [0, 1, 2, 3, 4, 5].map((d) =>
    toOffsets(counts.subarray(d * RADIX, (d + 1) * RADIX), n),
  )

  for (let d = 0; d < 2; d++) {
    if (!active[d]) continue
    passTriples(a, b, counts.subarray(d * RADIX, (d + 1) * RADIX), d * 11)
    ;[a, b] = [b, a]
  }
  if (!active.slice(2).some(Boolean)) {
    for (let i = 0; i < n; i++) out[i] = a[3 * i + 2]!
    return out
  }
  passTriplesToPairs(a, b, active[2] ? counts.subarray(2 * RADIX, 3 * RADIX) : null)
  ;[a, b] = [b, a]
  for (let d = 3; d < DIGITS; d++) {
    if (!active[d]) continue
    passPairs(a, b, counts.subarray(d * RADIX, (d + 1) * RADIX), 1 + (d - 3) * 11, n)
    ;[a, b] = [b, a]
  }
  for (let i = 0; i < n; i++) out[i] = a[2 * i + 1]!
  return out
}

const RADIX = 2048
const DIGITS = 6
/** Index of the high 32-bit word of a float64 in a Uint32Array view (byte order of the host). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

/** Writes [high, low, index] triples of the order-preserving keys and the six digit histograms. */
function fillKeys(values: Float64Array, keys: Uint32Array, counts: Uint32Array) {
  const n = values.length
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2)
  const lowWord = 1 - HIGH_WORD
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + HIGH_WORD]!
    let l = words[2 * i + lowWord]!
    if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) !== 0 || l !== 0)) {
      h = 0xffffffff
      l = 0xffffffff
    } else if ((h & 0x80000000) !== 0) {
      h = ~h >>> 0
      l = ~l >>> 0
    } else {
      h = (h | 0x80000000) >>> 0
    }
    keys[3 * i] = h
    keys[3 * i + 1] = l
    keys[3 * i + 2] = i
    counts[l & 0x7ff]!++
    counts[RADIX + ((l >>> 11) & 0x7ff)]!++
    counts[2 * RADIX + ((l >>> 22) | ((h & 1) << 10))]!++
    counts[3 * RADIX + ((h >>> 1) & 0x7ff)]!++
    counts[4 * RADIX + ((h >>> 12) & 0x7ff)]!++
    counts[5 * RADIX + (h >>> 23)]!++
  }
}

/** Turns bucket counts into start offsets; false when one bucket holds every key (skip digit). */
function toOffsets(count: Uint32Array, n: number): boolean {
  let sum = 0
  for (let b = 0; b < RADIX; b++) {
    const c = count[b]!
    if (c === n) return false
    count[b] = sum
    sum += c
  }
  return true
}

function passTriples(src: Uint32Array, dst: Uint32Array, offsets: Uint32Array, shift: number) {
  const len = src.length
  for (let i = 0; i < len; i += 3) {
    const l = src[i + 1]!
    const p = 3 * offsets[(l >>> shift) & 0x7ff]!++
    dst[p] = src[i]!
    dst[p + 1] = l
    dst[p + 2] = src[i + 2]!
  }
}

/** The digit straddling both words (or, when it is skipped, a plain copy): triples in, pairs out. */
function passTriplesToPairs(src: Uint32Array, dst: Uint32Array, offsets: Uint32Array | null) {
  const len = src.length
  if (offsets == null) {
    for (let i = 0, p = 0; i < len; i += 3, p += 2) {
      dst[p] = src[i]!
      dst[p + 1] = src[i + 2]!
    }
    return
  }
  for (let i = 0; i < len; i += 3) {
    const h = src[i]!
    const p = 2 * offsets[(src[i + 1]! >>> 22) | ((h & 1) << 10)]!++
    dst[p] = h
    dst[p + 1] = src[i + 2]!
  }
}

function passPairs(
  src: Uint32Array,
  dst: Uint32Array,
  offsets: Uint32Array,
  shift: number,
  n: number,
) {
  const len = 2 * n
  for (let i = 0; i < len; i += 2) {
    const h = src[i]!
    const p = 2 * offsets[(h >>> shift) & 0x7ff]!++
    dst[p] = h
    dst[p + 1] = src[i + 1]!
  }
}
