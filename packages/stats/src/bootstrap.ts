import type { PreparedBinary } from './_binary-pass.ts'
import { accumulateBinary, prepareBinary, rowTerms } from './_binary-pass.ts'
import {
  checkBootstrapOptions,
  createResampler,
  percentileInterval,
  reportProgress,
  type Resampler,
  type ResamplerFactory,
} from './_resample.ts'
import { checkSameLength } from './_validate.ts'
import { BINARY_METRIC_NAMES, binaryMetricFromSums } from './binary-metrics.ts'
import type { BinaryMetricName } from './binary-metrics.ts'
import { StatsInputError } from './errors.ts'

export type BootstrapOptions = {
  readonly resamples: number
  readonly seed: number
  /** Confidence level of the interval, e.g. 0.95. */
  readonly level: number
  /**
   * Called as resamples are done (resamples done, resamples in all): every 25 and after the
   * last, for progress bars. On a million rows a resample takes 15–20 ms.
   */
  readonly onProgress?: ((done: number, total: number) => void) | undefined
  /**
   * Where the resamples' counts come from: by default `createResampler` on this thread; a factory
   * must draw the very same counts (one that draws them on another thread while this one
   * evaluates the last, say), so that the intervals do not depend on it.
   */
  readonly resampler?: ResamplerFactory | undefined
}

/** A percentile bootstrap interval and everything needed to reproduce it. */
export type BootstrapInterval = {
  low: number
  high: number
  level: number
  resamples: number
  seed: number
  /** Resamples in which the statistic was undefined (e.g. no positives drawn); left out. */
  undefinedResamples: number
  method: string
}

/**
 * Percentile bootstrap intervals over rows for binary metrics (names as `binaryMetrics` returns).
 *
 * The rows are sorted by score once (descending; ties in the reverse of their input order, i.e.
 * a stable ascending sort reversed). Each resample is a multinomial vector of counts drawn by the
 * shared resampler (`_resample.ts`) directly over those sorted positions, so every metric of the
 * resample, AUC and average precision included, is one sequential weighted O(N) pass, with no
 * sort and no random access after the draw. A resample in which a metric is undefined (say, no
 * positives drawn) is left out of that metric's interval and counted in `undefinedResamples`;
 * the result is null when every resample left the metric undefined.
 */
export function bootstrapBinary(
  y: Uint8Array,
  score: Float64Array,
  threshold: number,
  metrics: readonly string[],
  options: BootstrapOptions,
): Record<string, BootstrapInterval | null> {
  const where = 'bootstrapBinary'
  const names = checkMetricNames(metrics, where)
  checkBootstrapOptions(options, where)
  const prepared = prepareBinary(y, score, threshold, where)
  const withProbabilities = names.some((name) => PROBABILITY_METRICS.has(name))
  const terms = withProbabilities ? rowTerms(prepared) : null
  const { resamples } = options
  const values = names.map(() => new Float64Array(resamples))
  const resampler = openResampler(prepared.n, options)
  try {
    const counts = new Uint8Array(prepared.n)
    for (let r = 0; r < resamples; r++) {
      resampler.draw(counts)
      const sums = accumulateBinary(prepared, counts, withProbabilities, terms)
      names.forEach((name, m) => {
        values[m]![r] = numeric(
          binaryMetricFromSums(name, sums, threshold, prepared.nonProbabilityReason),
        )
      })
      reportProgress(options, r)
    }
  } finally {
    resampler.close?.()
  }
  return intervals(names, values, options, 'percentile bootstrap')
}

/**
 * Paired percentile bootstrap of candidate − champion on the same rows: each resample draws one
 * set of row counts and evaluates both models on it, so row-level noise common to both cancels.
 * The counts are drawn over the candidate's sorted positions exactly as `bootstrapBinary` draws
 * them (so the candidate sees the same resamples there and here) and carried to the champion's
 * order row by row. A resample counts as undefined when the metric is undefined for either model.
 */
export function pairedBootstrapBinary(
  y: Uint8Array,
  candidate: Float64Array,
  champion: Float64Array,
  threshold: number,
  metrics: readonly string[],
  options: BootstrapOptions,
): Record<string, BootstrapInterval | null> {
  const where = 'pairedBootstrapBinary'
  checkSameLength(where, ['y', y], ['candidate', candidate], ['champion', champion])
  const names = checkMetricNames(metrics, where)
  checkBootstrapOptions(options, where)
  const a = prepareBinary(y, candidate, threshold, where, 'candidate')
  const b = prepareBinary(y, champion, threshold, where, 'champion')
  const withProbabilities = names.some((name) => PROBABILITY_METRICS.has(name))
  const termsA = withProbabilities ? rowTerms(a) : null
  const termsB = withProbabilities ? rowTerms(b) : null
  const n = a.n
  // fromA[j] = the candidate position of the row at champion position j.
  const positionA = new Uint32Array(n)
  const orderA = rowOrder(a)
  const orderB = rowOrder(b)
  for (let j = 0; j < n; j++) positionA[orderA[j]!] = j
  const fromA = new Uint32Array(n)
  for (let j = 0; j < n; j++) fromA[j] = positionA[orderB[j]!]!
  const { resamples } = options
  const values = names.map(() => new Float64Array(resamples))
  const resampler = openResampler(n, options)
  try {
    const countsA = new Uint8Array(n)
    const countsB = new Uint8Array(n)
    for (let r = 0; r < resamples; r++) {
      resampler.draw(countsA)
      for (let j = 0; j < n; j++) countsB[j] = countsA[fromA[j]!]!
      const sumsA = accumulateBinary(a, countsA, withProbabilities, termsA)
      const sumsB = accumulateBinary(b, countsB, withProbabilities, termsB)
      names.forEach((name, m) => {
        const va = numeric(binaryMetricFromSums(name, sumsA, threshold, a.nonProbabilityReason))
        const vb = numeric(binaryMetricFromSums(name, sumsB, threshold, b.nonProbabilityReason))
        values[m]![r] = va - vb
      })
      reportProgress(options, r)
    }
  } finally {
    resampler.close?.()
  }
  return intervals(names, values, options, 'paired percentile bootstrap of candidate − champion')
}

/**
 * Percentile bootstrap interval of any statistic of n rows. `statistic` receives the row counts of
 * one resample (weights[i] = times row i was drawn, from the shared resampler with index = row)
 * and returns the value, or null when it is undefined for that resample. The weights array is
 * reused between calls; copy it to keep it.
 */
export function bootstrapStatistic(
  n: number,
  statistic: (weights: Uint32Array) => number | null,
  options: BootstrapOptions,
): BootstrapInterval | null {
  checkBootstrapOptions(options, 'bootstrapStatistic')
  const resampler = openResampler(n, options)
  const values = new Float64Array(options.resamples)
  try {
    const counts = new Uint8Array(n)
    const weights = new Uint32Array(n)
    for (let r = 0; r < options.resamples; r++) {
      resampler.draw(counts)
      weights.set(counts)
      const v = statistic(weights)
      values[r] = v ?? Number.NaN
      reportProgress(options, r)
    }
  } finally {
    resampler.close?.()
  }
  return percentileInterval(values, options, 'percentile bootstrap')
}

// --- internal ---

/** The rows' order of rows prepared with it (`prepareBinary`'s default). */
function rowOrder(p: PreparedBinary): Uint32Array {
  if (p.order == null) throw new Error('pairedBootstrapBinary: rows prepared without their order')
  return p.order
}

/** The resampler of a bootstrap over n indices: the options' factory's, or `createResampler`. */
function openResampler(n: number, options: BootstrapOptions): Resampler & { close?(): void } {
  return options.resampler
    ? options.resampler(n, options.seed, options.resamples)
    : createResampler(n, options.seed)
}

const PROBABILITY_METRICS: ReadonlySet<string> = new Set(['log_loss', 'brier', 'ece'])

function checkMetricNames(metrics: readonly string[], where: string): BinaryMetricName[] {
  const known: readonly string[] = BINARY_METRIC_NAMES
  for (const name of metrics) {
    if (!known.includes(name)) {
      throw new StatsInputError(
        `${where}: unknown metric "${name}". Known binary metrics: ${BINARY_METRIC_NAMES.join(', ')}.`,
      )
    }
  }
  return metrics as BinaryMetricName[]
}

function numeric(v: { value: number | null }): number {
  return v.value ?? Number.NaN
}

function intervals(
  names: readonly BinaryMetricName[],
  values: readonly Float64Array[],
  options: BootstrapOptions,
  method: string,
): Record<string, BootstrapInterval | null> {
  const out: Record<string, BootstrapInterval | null> = {}
  names.forEach((name, m) => {
    out[name] = percentileInterval(values[m]!, options, method)
  })
  return out
}
