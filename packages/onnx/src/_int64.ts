/**
 * Writes `Number(v)` of the first `rows` values of an int64 tensor's data into `target` from
 * `start`. Reading an element of a BigInt64Array makes a BigInt; classifiers' label outputs are
 * int64, so each batch would make one per row. The two 32-bit halves give the same number with no
 * BigInt while the value is within ±2^53, where hi·2^32 + lo is exact; beyond, `Number` rounds.
 */
export function int64ToNumbers(
  data: BigInt64Array | BigUint64Array,
  target: Float64Array,
  start: number,
  rows: number,
): void {
  const words = new Int32Array(data.buffer, data.byteOffset, 2 * rows)
  const unsigned = data instanceof BigUint64Array
  for (let r = 0; r < rows; r++) {
    const hi = words[2 * r + HIGH]!
    const lo = words[2 * r + LOW]! >>> 0
    // Within ±2^53 exactly when the high word is in [−2^21, 2^21) (unsigned: below 2^21).
    const exact = unsigned ? hi >>> 0 < SAFE_HIGH : hi >= -SAFE_HIGH && hi < SAFE_HIGH
    target[start + r] = exact ? hi * TWO_32 + lo : Number(data[r]!)
  }
}

// --- internal ---

const TWO_32 = 4_294_967_296
const SAFE_HIGH = 2 ** 21
/** Index of the high 32-bit word of an int64 in an Int32Array view (byte order of the host). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const LOW = 1 - HIGH
