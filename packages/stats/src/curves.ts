import { ECE_BINS, GROUP_END, LABEL, prepareBinary, type PreparedBinary } from './_binary-pass.ts'
import { checkBinaryLabels, checkNoNaN, checkSameLength, firstNonProbability } from './_validate.ts'
import { downsampleCurve } from './curve-downsample.ts'

/**
 * A ROC curve with one point per distinct score (scikit-learn's `roc_curve` with
 * `drop_intermediate=False`): point k counts the rows with score ≥ thresholds[k] as predicted
 * positive, so rows with equal scores enter together and a tie between classes is one diagonal
 * step. Point 0 is (0, 0) at threshold +∞; the last is (1, 1).
 */
export type RocCurve = {
  /** FP / negatives, non-decreasing. */
  readonly fpr: Float64Array
  /** TP / positives, non-decreasing. */
  readonly tpr: Float64Array
  /** +∞, then the distinct scores, descending. */
  readonly thresholds: Float64Array
}

/**
 * A precision-recall curve (scikit-learn's `precision_recall_curve`, in ascending recall): point 0
 * is (recall 0, precision 1) at threshold +∞, then one point per distinct score, descending, down
 * to the lowest score (recall 1, precision = positives / n). Ties enter together, as in ROC.
 */
export type PrecisionRecallCurve = {
  readonly recall: Float64Array
  /** TP / (TP + FP) at each threshold; 1 at the start point by convention. */
  readonly precision: Float64Array
  readonly thresholds: Float64Array
}

/** One calibration (reliability) bin: the rows whose score falls in (low, high] ([0, 0.1] for the first). */
export type CalibrationBin = {
  readonly low: number
  readonly high: number
  readonly count: number
  /** Mean score of the bin's rows; null when the bin is empty. */
  readonly meanScore: number | null
  /** Share of the bin's rows that are positive; null when the bin is empty. */
  readonly observedRate: number | null
}

/** The three curves of one model's scores; a curve that is undefined on these rows is null. */
export type BinaryCurves = {
  /** Null when a class is empty. */
  readonly roc: RocCurve | null
  /** Null without positives. */
  readonly pr: PrecisionRecallCurve | null
  /** Null when a score is outside [0, 1]: the bins are of probabilities. */
  readonly calibration: readonly CalibrationBin[] | null
}

/** Points a report draws per curve: more add bytes, not detail, at a chart's size. */
export const CURVE_POINTS = 200

/** ROC curve of `score` for 0/1 labels `y`; null when either class is empty. */
export function rocCurve(y: Uint8Array, score: Float64Array): RocCurve | null {
  return rocFromSteps(thresholdSteps(y, score, 'rocCurve'))
}

/** Precision-recall curve of `score` for 0/1 labels `y`; null without positives. */
export function precisionRecallCurve(
  y: Uint8Array,
  score: Float64Array,
): PrecisionRecallCurve | null {
  return prFromSteps(thresholdSteps(y, score, 'precisionRecallCurve'))
}

/**
 * Reliability bins: 10 equal-width bins of the score, right-closed like the ECE bins of
 * `binaryMetrics` ([0, 0.1], (0.1, 0.2], …, (0.9, 1], edges the doubles nearest b/10), each with
 * its row count, mean score and observed positive rate; Σ count/n · |observedRate − meanScore| is
 * the ECE. Null when a score is outside [0, 1]. scikit-learn's `calibration_curve(n_bins=10,
 * strategy="uniform")` returns the same rates and means for the non-empty bins.
 */
export function calibrationBins(y: Uint8Array, score: Float64Array): CalibrationBin[] | null {
  const where = 'calibrationBins'
  checkSameLength(where, ['y', y], ['score', score])
  checkBinaryLabels(y, where)
  checkNoNaN(score, 'score', where)
  return binsOf(y, score)
}

/**
 * ROC, precision-recall and calibration curves from one sort, each curve cut down to at most
 * `maxPoints` points by `downsampleCurve` (exact end points, corners first).
 */
export function binaryCurves(
  y: Uint8Array,
  score: Float64Array,
  maxPoints: number = CURVE_POINTS,
): BinaryCurves {
  return curvesFromSteps(thresholdSteps(y, score, 'binaryCurves'), y, score, maxPoints)
}

/**
 * `binaryCurves` of rows already laid out in descending score order by `prepareBinary` (which
 * checked them), so that metrics and curves share one sort.
 */
export function preparedCurves(
  prepared: PreparedBinary,
  y: Uint8Array,
  score: Float64Array,
  maxPoints: number,
): BinaryCurves {
  return curvesFromSteps(preparedSteps(prepared), y, score, maxPoints)
}

// --- internal ---

/**
 * The distinct scores, descending, with the true positives among the rows scored at or above
 * each: step k ends at position ends[k] of the descending order, so its threshold is
 * score[ends[k]] and its false positives ends[k] + 1 − tps[k]. Counts and positions are whole
 * numbers below 2^32, so 8 bytes a step rather than 24 as doubles.
 */
type Steps = {
  readonly score: Float64Array
  readonly ends: Uint32Array
  readonly tps: Uint32Array
}

function thresholdSteps(y: Uint8Array, score: Float64Array, where: string): Steps {
  // The decision threshold plays no part in the steps.
  return preparedSteps(prepareBinary(y, score, 0, where, 'score', false))
}

/**
 * The steps of rows in descending score order: a threshold closes at the last row of each run of
 * equal scores (`GROUP_END`), so that rows with equal scores enter together.
 */
function preparedSteps({ n, labels, score }: PreparedBinary): Steps {
  let k = 0
  for (let j = 0; j < n; j++) k += (labels[j]! & GROUP_END) >> 1
  const ends = new Uint32Array(k)
  const tps = new Uint32Array(k)
  let tp = 0
  k = 0
  for (let j = 0; j < n; j++) {
    tp += labels[j]! & LABEL
    if ((labels[j]! & GROUP_END) !== 0) {
      ends[k] = j
      tps[k] = tp
      k++
    }
  }
  return { score, ends, tps }
}

function curvesFromSteps(
  steps: Steps,
  y: Uint8Array,
  score: Float64Array,
  maxPoints: number,
): BinaryCurves {
  const points = steps.ends.length + 1
  // Curves longer than `maxPoints` are cut down from two arrays of coordinates that both fill in
  // turn, rather than from six full curves' arrays (48 MB of new memory for a million distinct
  // scores, of which `maxPoints` points are kept).
  const scratch =
    points > maxPoints ? { x: new Float64Array(points), y: new Float64Array(points) } : undefined
  return {
    roc: rocFromSteps(steps, maxPoints, scratch),
    pr: prFromSteps(steps, maxPoints, scratch),
    calibration: binsOf(y, score),
  }
}

/** Coordinate arrays a curve longer than its budget is drawn in before it is cut down. */
type Scratch = { readonly x: Float64Array; readonly y: Float64Array }

function rocFromSteps(steps: Steps, maxPoints = Infinity, scratch?: Scratch): RocCurve | null {
  const p = curvePoints(steps, fillRoc, maxPoints, scratch)
  return p && { fpr: p.x, tpr: p.y, thresholds: p.thresholds }
}

function prFromSteps(
  steps: Steps,
  maxPoints = Infinity,
  scratch?: Scratch,
): PrecisionRecallCurve | null {
  const p = curvePoints(steps, fillPr, maxPoints, scratch)
  return p && { recall: p.x, precision: p.y, thresholds: p.thresholds }
}

type Points = { x: Float64Array; y: Float64Array; thresholds: Float64Array }

/**
 * The points `fill` draws from the steps (null when it draws none), cut down to `maxPoints` by
 * `downsampleCurve`. `scratch`, given only for a curve longer than that, holds the coordinates
 * until they are cut down; a whole curve's arrays are its own.
 */
function curvePoints(
  steps: Steps,
  fill: (steps: Steps, x: Float64Array, y: Float64Array) => boolean,
  maxPoints: number,
  scratch: Scratch | undefined,
): Points | null {
  const points = steps.ends.length + 1
  const x = scratch?.x ?? new Float64Array(points)
  const y = scratch?.y ?? new Float64Array(points)
  if (!fill(steps, x, y)) return null
  if (points <= maxPoints) return { x, y, thresholds: pointThresholds(steps) }
  const keep = downsampleCurve(x, y, maxPoints)
  const { score, ends } = steps
  return {
    x: Float64Array.from(keep, (i) => x[i]!),
    y: Float64Array.from(keep, (i) => y[i]!),
    thresholds: Float64Array.from(keep, (i) => (i === 0 ? Infinity : score[ends[i - 1]!]!)),
  }
}

/** Each point's threshold: +∞ for the start point, then the steps' scores. */
function pointThresholds({ score, ends }: Steps): Float64Array {
  const at = new Float64Array(ends.length + 1)
  at[0] = Infinity
  for (let i = 0; i < ends.length; i++) at[i + 1] = score[ends[i]!]!
  return at
}

/** The ROC curve's points into `fpr` and `tpr`; false, filling nothing, when a class is empty. */
function fillRoc({ ends, tps }: Steps, fpr: Float64Array, tpr: Float64Array): boolean {
  const k = tps.length
  const positives = k > 0 ? tps[k - 1]! : 0
  const negatives = k > 0 ? ends[k - 1]! + 1 - positives : 0
  if (positives === 0 || negatives === 0) return false
  fpr[0] = 0
  tpr[0] = 0
  for (let i = 0; i < k; i++) {
    fpr[i + 1] = (ends[i]! + 1 - tps[i]!) / negatives
    tpr[i + 1] = tps[i]! / positives
  }
  return true
}

/** The precision-recall curve's points; false, filling nothing, without positives. */
function fillPr({ ends, tps }: Steps, recall: Float64Array, precision: Float64Array): boolean {
  const k = tps.length
  const positives = k > 0 ? tps[k - 1]! : 0
  if (positives === 0) return false
  recall[0] = 0
  precision[0] = 1
  for (let i = 0; i < k; i++) {
    recall[i + 1] = tps[i]! / positives
    // TP + FP is the rows at or above the threshold, at least one.
    precision[i + 1] = tps[i]! / (ends[i]! + 1)
  }
  return true
}

/** Bin edges, the doubles nearest b/10 (as the ECE of `binaryMetrics`). */
const EDGES = Float64Array.from({ length: ECE_BINS + 1 }, (_, b) => b / ECE_BINS)

function binsOf(y: Uint8Array, score: Float64Array): CalibrationBin[] | null {
  if (firstNonProbability(score) >= 0) return null
  const count = new Float64Array(ECE_BINS)
  const sumScore = new Float64Array(ECE_BINS)
  const sumY = new Float64Array(ECE_BINS)
  for (let i = 0; i < score.length; i++) {
    const s = score[i]!
    // A first guess from the arithmetic, then settled against the edges themselves.
    let b = Math.min(Math.max(Math.ceil(s * ECE_BINS) - 1, 0), ECE_BINS - 1)
    while (b > 0 && s <= EDGES[b]!) b--
    while (b < ECE_BINS - 1 && s > EDGES[b + 1]!) b++
    count[b]!++
    sumScore[b]! += s
    sumY[b]! += y[i]!
  }
  return Array.from({ length: ECE_BINS }, (_, b) => {
    const c = count[b]!
    return {
      low: EDGES[b]!,
      high: EDGES[b + 1]!,
      count: c,
      meanScore: c === 0 ? null : sumScore[b]! / c,
      observedRate: c === 0 ? null : sumY[b]! / c,
    }
  })
}
