import { sortLabelledScores, sortWithOrder } from './radix-sort.ts'
import { checkBinaryLabels, checkNoNaN, checkSameLength, firstNonProbability } from './_validate.ts'
import { StatsInputError } from './errors.ts'

/**
 * Rows of a binary problem laid out once in descending score order, so that every metric of any
 * row weighting (all ones for the point estimate, bootstrap counts for a resample) is one
 * sequential pass: ranks need no sort after this.
 */
export type PreparedBinary = {
  readonly n: number
  /**
   * order[j] = original row at position j of the descending score order (stable ascending,
   * reversed); null when the rows were prepared for point estimates only (`prepareBinary`'s
   * `withOrder`), which need no row order.
   */
  readonly order: Uint32Array | null
  /** Bit 0: the label; bit 1: set at the last position of each run of equal scores (tie group). */
  readonly labels: Uint8Array
  readonly score: Float64Array
  /** Rows with score ≥ threshold: exactly positions 0 … predictedPositives − 1. */
  readonly predictedPositives: number
  /**
   * Positions split into runs that share a calibration bin and a side of the threshold:
   * run r covers segmentEnd[r − 1] … segmentEnd[r] − 1 (the first run starts at 0).
   */
  readonly segmentEnd: Uint32Array
  readonly segmentBin: Uint8Array
  /** Why log loss, Brier and ECE are undefined, or null when the scores are probabilities. */
  readonly nonProbabilityReason: string | null
}

/**
 * Each position's log-loss term and squared error (score − y)², for passes that weight the same
 * rows many times (the bootstrap): `rowTerms` computes them once. A single pass computes each term
 * as it goes, with the same expressions, so its sums are the same doubles without 16 bytes a row.
 */
export type RowTerms = { readonly logLoss: Float64Array; readonly squaredError: Float64Array }

/** Bits of `PreparedBinary.labels`. */
export const LABEL = 1
export const GROUP_END = 2

/** Weighted sums from which every binary metric follows (weights are row multiplicities). */
export type BinarySums = {
  n: number
  positives: number
  negatives: number
  tp: number
  fp: number
  /** Σ over (positive, negative) pairs of 1 if the positive scores higher, 1/2 if tied. */
  pairs: number
  /** Σ over tie groups of (positive weight in group) × precision at that group's threshold. */
  apSum: number
  logLoss: number
  brier: number
  /** Σ over calibration bins of |Σ y − Σ score| (ECE = this / n). */
  eceAbs: number
}

/**
 * Log-loss clipping bound, as the design specifies and as scikit-learn's `log_loss(eps=1e-15)`
 * (its default up to 1.2): probabilities are clipped to [1e-15, 1 − 1e-15].
 */
export const LOG_LOSS_EPS = 1e-15
/** Expected calibration error uses 10 equal-width bins (design: statistics.md). */
export const ECE_BINS = 10

/**
 * `withOrder`: keep the rows' order (`order`), which resampling needs to weight rows. Without it,
 * scores that are all non-negative single-precision floats are sorted with their labels packed
 * into one 32-bit key (`sortLabelledScores`: on a million rows about a third of the time and
 * memory of sorting [key, row] pairs); rows with equal scores then lie in another order, which
 * no metric sees beyond the rounding of log loss and Brier sums.
 */
export function prepareBinary(
  y: Uint8Array,
  score: Float64Array,
  threshold: number,
  where: string,
  scoreName = 'score',
  withOrder = true,
): PreparedBinary {
  checkSameLength(where, ['y', y], [scoreName, score])
  checkBinaryLabels(y, where)
  checkNoNaN(score, scoreName, where)
  if (Number.isNaN(threshold)) {
    throw new StatsInputError(`${where}: threshold is NaN; pass the decision threshold, e.g. 0.5.`)
  }
  const n = y.length
  const packed = withOrder ? undefined : sortLabelledScores(score, y)
  const { order, sorted, labels } = packed ? { ...packed, order: null } : ordered(y, score)
  let predictedPositives = 0
  for (let j = 0; j < n; j++) {
    const s = sorted[j]!
    if (j === n - 1 || sorted[j + 1] !== s) labels[j] = labels[j]! | GROUP_END
    if (s >= threshold) predictedPositives = j + 1
  }
  const bad = firstNonProbability(score)
  const probabilities = bad < 0
  const ends: number[] = []
  const bins: number[] = []
  if (probabilities) {
    // Scores descend, so the calibration bin only ever steps down: track it instead of searching.
    let bin = ECE_BINS - 1
    for (let j = 0; j < n; j++) {
      const s = sorted[j]!
      let b = bin
      while (b > 0 && s <= EDGES[b]!) b--
      if (j > 0 && (b !== bin || j === predictedPositives)) {
        ends.push(j)
        bins.push(bin)
      }
      bin = b
    }
    if (n > 0) {
      ends.push(n)
      bins.push(bin)
    }
  } else {
    if (predictedPositives > 0 && predictedPositives < n) {
      ends.push(predictedPositives)
      bins.push(0)
    }
    if (n > 0) {
      ends.push(n)
      bins.push(0)
    }
  }
  return {
    n,
    order,
    labels,
    score: sorted,
    predictedPositives,
    segmentEnd: Uint32Array.from(ends),
    segmentBin: Uint8Array.from(bins),
    nonProbabilityReason: probabilities
      ? null
      : `score[${bad}] is ${score[bad]}, outside [0, 1]; log loss, Brier score and calibration ` +
        'error need probabilities of the positive class',
  }
}

/** The scores in descending order with the rows' order, and each position's label. */
function ordered(y: Uint8Array, score: Float64Array) {
  const { order, sorted } = sortWithOrder(score, true)
  const labels = new Uint8Array(y.length)
  for (let j = 0; j < y.length; j++) labels[j] = y[order[j]!]!
  return { order, sorted, labels }
}

/** `RowTerms` of the prepared rows; null when the scores are not probabilities. */
export function rowTerms(p: PreparedBinary): RowTerms | null {
  if (p.nonProbabilityReason != null) return null
  const logLoss = new Float64Array(p.n)
  const squaredError = new Float64Array(p.n)
  for (let j = 0; j < p.n; j++) {
    const s = p.score[j]!
    const label = p.labels[j]! & LABEL
    logLoss[j] = logLossTerm(s, label)
    squaredError[j] = (s - label) * (s - label)
  }
  return { logLoss, squaredError }
}

/**
 * One pass over the rows in descending score order with per-position weights `w` (row
 * multiplicities). Ties are handled per group of equal scores: a positive and a negative in the
 * same group count 1/2 towards AUC, and average precision takes precision only at group ends
 * (scikit-learn's thresholds at distinct scores). `withProbabilities` adds log loss, Brier and
 * ECE (ignored when the scores are not probabilities); without it those sums are 0. `terms`
 * (`rowTerms`) spares a pass that is one of many the work of the logarithms.
 */
export function accumulateBinary(
  p: PreparedBinary,
  w: Uint8Array,
  withProbabilities: boolean,
  terms: RowTerms | null = null,
): BinarySums {
  const { labels, score, segmentEnd, segmentBin, predictedPositives } = p
  const probabilities = withProbabilities && p.nonProbabilityReason == null
  const logLoss = terms?.logLoss ?? null
  const squaredError = terms?.squaredError ?? null
  // Cumulative weight, positives, score, log loss and squared error up to the current position.
  let cw = 0
  let cy = 0
  let cs = 0
  let cll = 0
  let cse = 0
  // Cumulative positives and negatives at the end of the previous tie group.
  let py = 0
  let pn = 0
  let pairs = 0
  let apSum = 0
  let tp = 0
  let fp = 0
  const binGap = new Float64Array(ECE_BINS)
  let start = 0
  for (let g = 0; g < segmentEnd.length; g++) {
    const end = segmentEnd[g]!
    const y0 = cy
    const s0 = cs
    if (probabilities) {
      for (let j = start; j < end; j++) {
        const wj = w[j]!
        const lg = labels[j]!
        const s = score[j]!
        const label = lg & LABEL
        cw += wj
        cy += wj * label
        cs += wj * s
        if (logLoss != null && squaredError != null) {
          cll += wj * logLoss[j]!
          cse += wj * squaredError[j]!
        } else {
          cll += wj * logLossTerm(s, label)
          cse += wj * ((s - label) * (s - label))
        }
        if ((lg & GROUP_END) !== 0) {
          const groupPos = cy - py
          const negatives = cw - cy
          pairs += (negatives - pn) * (py + 0.5 * groupPos)
          // cw ≥ 1 whenever groupPos > 0; the max only keeps 0·(0/0) out of the sum.
          apSum += groupPos * (cy / Math.max(cw, 1))
          py = cy
          pn = negatives
        }
      }
      binGap[segmentBin[g]!]! += cy - y0 - (cs - s0)
    } else {
      for (let j = start; j < end; j++) {
        const wj = w[j]!
        const lg = labels[j]!
        cw += wj
        cy += wj * (lg & LABEL)
        if ((lg & GROUP_END) !== 0) {
          const groupPos = cy - py
          const negatives = cw - cy
          pairs += (negatives - pn) * (py + 0.5 * groupPos)
          apSum += groupPos * (cy / Math.max(cw, 1))
          py = cy
          pn = negatives
        }
      }
    }
    if (end === predictedPositives) {
      tp = cy
      fp = cw - cy
    }
    start = end
  }
  let eceAbs = 0
  for (let b = 0; b < ECE_BINS; b++) eceAbs += Math.abs(binGap[b]!)
  return {
    n: cw,
    positives: cy,
    negatives: cw - cy,
    tp,
    fp,
    pairs,
    apSum,
    logLoss: cll,
    brier: cse,
    eceAbs,
  }
}

// --- internal ---

/** A row's log-loss term, its probability clipped to [LOG_LOSS_EPS, 1 − LOG_LOSS_EPS]. */
function logLossTerm(score: number, label: number): number {
  const p = Math.min(Math.max(score, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS)
  return label === 1 ? -Math.log(p) : -Math.log(1 - p)
}

/**
 * Calibration bin edges, the doubles nearest to b/10. Bins are right-closed like the PSI bins of
 * the design: [0, 0.1], (0.1, 0.2], …, (0.9, 1].
 */
const EDGES = Float64Array.from({ length: ECE_BINS + 1 }, (_, b) => b / ECE_BINS)
