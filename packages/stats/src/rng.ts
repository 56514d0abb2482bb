import { createUint32Source } from './_xoshiro128.ts'

const TWO_TO_32 = 4_294_967_296

/**
 * A seeded, reproducible generator of numbers in [0, 1): each call takes the next 32-bit output u
 * of xoshiro128** (state seeded by SplitMix64, see `_xoshiro128.ts`) and returns u / 2^32.
 * The same seed gives the same sequence on every platform.
 */
export function createRng(seed: number): () => number {
  const next = createUint32Source(seed)
  return () => next() / TWO_TO_32
}
