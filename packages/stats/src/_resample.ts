import { checkSeed, seedXoshiro128 } from './_xoshiro128.ts'
import { quantileSorted } from './quantile.ts'
import { sortFloat64 } from './radix-sort.ts'
import { StatsInputError } from './errors.ts'
import type { BootstrapInterval, BootstrapOptions } from './bootstrap.ts'

/** Draws one resample's counts into `counts` per call (`createResampler`). */
export type Resampler = { draw(counts: Uint8Array): void }

/**
 * Makes the resampler of a bootstrap of `resamples` resamples over n indices: one that draws the
 * very counts `createResampler(n, seed)` draws, in the same order (the caller may draw them on
 * another thread). `close` is called when the bootstrap ends, or fails.
 */
export type ResamplerFactory = (
  n: number,
  seed: number,
  resamples: number,
) => Resampler & { close?(): void }

/**
 * The resampler every bootstrap in this package shares. Each `draw` is one resample: n indices,
 * independent and uniform on 0 … n−1, from the seeded xoshiro128** stream; `counts[i]` becomes the
 * number of times index i was drawn (a multinomial(n; 1/n, …, 1/n) vector). A 32-bit output u is
 * used when u < floor(2^32 / n)·n and maps to index floor(u / floor(2^32 / n)); larger outputs are
 * skipped, so every index is exactly equally likely. What an index means is the caller's choice
 * (a row, or a position in score order), see each bootstrap function.
 *
 * Counts are bytes, so the pass over them reads a quarter of the memory. A count above 255 is
 * impossible for n < 256 and has probability at most n/256! < 1e-497 per resample otherwise; it
 * throws rather than wraps.
 */
export function createResampler(n: number, seed: number): Resampler {
  if (!Number.isInteger(n) || n < 1 || n > 0xffff_ffff) {
    throw new StatsInputError(`bootstrap: need between 1 and 2^32 − 1 rows to resample, got ${n}.`)
  }
  const state = seedXoshiro128(seed)
  const bucket = Math.floor(TWO_TO_32 / n)
  const limit = bucket * n
  return {
    draw(counts: Uint8Array): void {
      counts.fill(0)
      let s0 = state[0]!
      let s1 = state[1]!
      let s2 = state[2]!
      let s3 = state[3]!
      for (let i = 0; i < n;) {
        // xoshiro128** step, inlined (same as createUint32Source).
        const u = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
        const t = s1 << 9
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        if (u >= limit) continue
        const index = Math.floor(u / bucket)
        const c = counts[index]! + 1
        if (c > 255)
          throw new Error(`bootstrap: row ${index} drawn more than 255 times in one resample`)
        counts[index] = c
        i++
      }
      state[0] = s0
      state[1] = s1
      state[2] = s2
      state[3] = s3
    },
  }
}

/** Resamples between two `onProgress` calls. */
const PROGRESS_EVERY = 25

/** Tells `options.onProgress` that resample `r` (0-based) is done, every 25 and at the last. */
export function reportProgress(options: BootstrapOptions, r: number): void {
  const done = r + 1
  if (done % PROGRESS_EVERY === 0 || done === options.resamples) {
    options.onProgress?.(done, options.resamples)
  }
}

export function checkBootstrapOptions(options: BootstrapOptions, where: string): void {
  const { resamples, seed, level } = options
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new StatsInputError(
      `${where}: resamples must be a positive integer, got ${String(resamples)}. 1000 is the usual choice.`,
    )
  }
  if (!(level > 0 && level < 1)) {
    throw new StatsInputError(
      `${where}: level must be strictly between 0 and 1, got ${String(level)}; e.g. 0.95 for a 95% interval.`,
    )
  }
  checkSeed(seed)
}

/**
 * Percentile interval from one value per resample (NaN = undefined in that resample): the
 * (1 − level)/2 and 1 − (1 − level)/2 quantiles of the defined values, numpy's linear method.
 * Null when the statistic was undefined in every resample.
 */
export function percentileInterval(
  values: Float64Array,
  options: BootstrapOptions,
  method: string,
): BootstrapInterval | null {
  const defined = values.filter((v) => !Number.isNaN(v))
  if (defined.length === 0) return null
  const sorted = sortFloat64(defined)
  const alpha = (1 - options.level) / 2
  return {
    low: quantileSorted(sorted, alpha),
    high: quantileSorted(sorted, 1 - alpha),
    level: options.level,
    resamples: options.resamples,
    seed: options.seed,
    undefinedResamples: values.length - defined.length,
    method,
  }
}

// --- internal ---

const TWO_TO_32 = 4_294_967_296

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
