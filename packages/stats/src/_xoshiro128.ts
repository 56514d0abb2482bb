import { StatsInputError } from './errors.ts'

/**
 * xoshiro128** 1.1 (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2018;
 * reference code at https://prng.di.unimi.it/xoshiro128starstar.c). Returns a function producing
 * the next 32-bit output as an unsigned integer. Hot loops inline the same step on a state from
 * `seedXoshiro128` (see `_resample.ts`); tests hold both to the same reference outputs.
 */
export function createUint32Source(seed: number): () => number {
  const s = seedXoshiro128(seed)
  return () => {
    const s0 = s[0]!
    const s1 = s[1]!
    const s2 = s[2]! ^ s0
    const s3 = s[3]! ^ s1
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    s[0] = s0 ^ s3
    s[1] = s1 ^ s2
    s[2] = s2 ^ (s1 << 9)
    s[3] = rotl(s3, 11)
    return result
  }
}

/**
 * The 128-bit state for `seed`, filled by two SplitMix64 outputs (the seeding the generator's
 * authors recommend): s0 = low 32 bits of the first output, s1 = its high 32 bits, s2 and s3
 * likewise from the second. Kept in an Int32Array because plain variables captured by a closure
 * would box values beyond the small-integer range on every update.
 */
export function seedXoshiro128(seed: number): Int32Array {
  checkSeed(seed)
  let sm = BigInt(seed)
  const splitMix64 = (): bigint => {
    // SplitMix64 constants from Steele, Lea and Flood, "Fast splittable pseudorandom number
    // generators" (OOPSLA 2014), as in https://prng.di.unimi.it/splitmix64.c
    sm = (sm + 0x9e37_79b9_7f4a_7c15n) & MASK64
    let z = sm
    z = ((z ^ (z >> 30n)) * 0xbf58_476d_1ce4_e5b9n) & MASK64
    z = ((z ^ (z >> 27n)) * 0x94d0_49bb_1331_11ebn) & MASK64
    return z ^ (z >> 31n)
  }
  const a = splitMix64()
  const b = splitMix64()
  const s = Int32Array.of(
    Number(a & 0xffff_ffffn),
    Number(a >> 32n),
    Number(b & 0xffff_ffffn),
    Number(b >> 32n),
  )
  // The all-zero state is the generator's one fixed point; SplitMix64 never yields two zero
  // outputs in a row, but keep the guard so the invariant does not rest on that argument.
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1
  return s
}

/** Seeds are non-negative safe integers so that every seed the report prints can be re-entered. */
export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new StatsInputError(
      `Seed must be an integer in [0, 2^53 - 1], got ${String(seed)}. Pass a whole number such as 1.`,
    )
  }
}

// --- internal ---

const MASK64 = 0xffff_ffff_ffff_ffffn

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
