/**
 * Unsigned 32-bit keys in ascending order by an LSD radix sort: two passes of 13-bit digits when
 * every key is below 2^26 (`below26`), else three of 11, 11 and 10 bits. A digit that is the same
 * for every key is skipped. Returns `keys` or a new array holding them sorted.
 */
export function sortUint32(
  keys: Uint32Array<ArrayBuffer>,
  below26: boolean,
): Uint32Array<ArrayBuffer> {
  const n = keys.length
  const bits = below26 ? 13 : 11
  const passes = below26 ? 2 : 3
  const radix = 1 << bits
  const mask = radix - 1
  const counts = new Uint32Array(passes * radix)
  if (below26) countDigits13(keys, counts)
  else countDigits11(keys, counts)
  let from = keys
  let to = new Uint32Array(n)
  for (let d = 0; d < passes; d++) {
    const offsets = counts.subarray(d * radix, (d + 1) * radix)
    if (!bucketOffsets(offsets, n)) continue
    scatter(from, to, offsets, bits * d, mask)
    ;[from, to] = [to, from]
  }
  return from
}

// One counting pass for every digit, written out per case: a loop over the digits inside would
// run per key. Each loop is a function of its own, as in distribution.ts, so that nothing after
// it lacks type feedback when V8 optimizes it in its first call.

/** Counts of the two 13-bit digits of keys below 2^26. */
function countDigits13(keys: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) {
    const u = keys[i]!
    counts[u & 0x1fff]!++
    counts[8192 + (u >>> 13)]!++
  }
}

/** Counts of the 11-, 11- and 10-bit digits of 32-bit keys. */
function countDigits11(keys: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) {
    const u = keys[i]!
    counts[u & 0x7ff]!++
    counts[2048 + ((u >>> 11) & 0x7ff)]!++
    counts[4096 + (u >>> 22)]!++
  }
}

/** One stable pass: each key of `from` to the next slot of its digit's bucket in `to`. */
function scatter(
  from: Uint32Array,
  to: Uint32Array,
  offsets: Uint32Array,
  shift: number,
  mask: number,
): void {
  for (let i = 0; i < from.length; i++) {
    const u = from[i]!
    to[offsets[(u >>> shift) & mask]!++] = u
  }
}

/**
 * Turns one digit's bucket counts into the buckets' start offsets, in place; false (the counts
 * left as they were) when one bucket holds all `n` keys, so the pass on that digit can be skipped.
 */
export function bucketOffsets(counts: Uint32Array, n: number): boolean {
  for (let b = 0; b < counts.length; b++) if (counts[b] === n) return false
  let sum = 0
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b]!
    counts[b] = sum
    sum += c
  }
  return true
}
