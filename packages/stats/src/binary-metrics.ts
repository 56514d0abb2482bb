import { accumulateBinary, prepareBinary } from './_binary-pass.ts'
import type { BinarySums, PreparedBinary } from './_binary-pass.ts'
import { CURVE_POINTS, preparedCurves, type BinaryCurves } from './curves.ts'
import { definedMetric, undefinedMetric } from './metric-value.ts'
import type { MetricMap, MetricValue } from './metric-value.ts'

/** Every key `binaryMetrics` returns, in report order. */
export const BINARY_METRIC_NAMES = [
  'accuracy',
  'precision',
  'recall',
  'specificity',
  'f1',
  'balanced_accuracy',
  'mcc',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier',
  'ece',
  'tp',
  'fp',
  'tn',
  'fn',
  'n',
  'positives',
] as const

export type BinaryMetricName = (typeof BINARY_METRIC_NAMES)[number]

/**
 * Binary classification metrics (definitions: design/statistics.md).
 *
 * - y: 1 = positive class, 0 = negative; score: P(positive) or any score where higher means more
 *   positive. A row is predicted positive when score ≥ threshold.
 * - roc_auc: exact Mann-Whitney statistic, a tied (positive, negative) pair counts 1/2.
 * - average_precision: Σ (R_k − R_{k−1})·P_k over thresholds at the distinct scores, as
 *   scikit-learn's `average_precision_score` (no interpolation).
 * - log_loss: mean −ln p of the true class, p clipped to [1e-15, 1 − 1e-15]. brier: mean (score − y)².
 *   ece: Σ_b (n_b/n)·|mean y − mean score| over 10 bins [0, 0.1], (0.1, 0.2], …, (0.9, 1]
 *   (right-closed, like the PSI bins). These three need scores in [0, 1] and are undefined otherwise.
 * - f1 = 2TP / (2TP + FP + FN), undefined only when that denominator is 0 (scikit-learn warns in
 *   exactly that case; with no predicted positives but some positives it is 0, not undefined).
 * - balanced_accuracy and mcc are undefined when a class or a prediction side is empty (scikit-learn
 *   returns a number there: the recall of the one class, and 0).
 * - tp, fp, tn, fn, n, positives: counts.
 * Undefined values carry the reason. Throws `StatsInputError` on labels other than 0/1, NaN scores
 * or a length mismatch.
 */
export function binaryMetrics(y: Uint8Array, score: Float64Array, threshold: number): MetricMap {
  return metricsOf(prepareBinary(y, score, threshold, 'binaryMetrics', 'score', false), threshold)
}

/**
 * `binaryMetrics` and `binaryCurves` of the same rows from one sort of the scores (the sort is
 * most of the cost of either).
 */
export function binaryMetricsWithCurves(
  y: Uint8Array,
  score: Float64Array,
  threshold: number,
  maxPoints: number = CURVE_POINTS,
): { metrics: MetricMap; curves: BinaryCurves } {
  const prepared = prepareBinary(y, score, threshold, 'binaryMetricsWithCurves', 'score', false)
  return {
    metrics: metricsOf(prepared, threshold),
    curves: preparedCurves(prepared, y, score, maxPoints),
  }
}

/** One binary metric from weighted sums; shared by point estimates and bootstrap resamples. */
export function binaryMetricFromSums(
  name: BinaryMetricName,
  s: BinarySums,
  threshold: number,
  nonProbabilityReason: string | null,
): MetricValue {
  const { n, positives, negatives, tp, fp } = s
  const fn = positives - tp
  const tn = negatives - fp
  switch (name) {
    case 'tp':
      return definedMetric(tp)
    case 'fp':
      return definedMetric(fp)
    case 'tn':
      return definedMetric(tn)
    case 'fn':
      return definedMetric(fn)
    case 'n':
      return definedMetric(n)
    case 'positives':
      return definedMetric(positives)
    case 'accuracy':
      return n === 0 ? undefinedMetric(NO_ROWS) : definedMetric((tp + tn) / n)
    case 'precision':
      return tp + fp === 0
        ? undefinedMetric(
            `no row is predicted positive (score ≥ ${threshold}), so precision = TP / (TP + FP) is 0/0`,
          )
        : definedMetric(tp / (tp + fp))
    case 'recall':
      return positives === 0 ? undefinedMetric(NO_POSITIVES) : definedMetric(tp / positives)
    case 'specificity':
      return negatives === 0 ? undefinedMetric(NO_NEGATIVES) : definedMetric(tn / negatives)
    case 'f1': {
      const denominator = 2 * tp + fp + fn
      return denominator === 0
        ? undefinedMetric(
            'there are no positive rows and no positive predictions, so F1 = 2TP / (2TP + FP + FN) is 0/0',
          )
        : definedMetric((2 * tp) / denominator)
    }
    case 'balanced_accuracy':
      if (positives === 0)
        return undefinedMetric(`${NO_POSITIVES}, and balanced accuracy averages it`)
      if (negatives === 0)
        return undefinedMetric(`${NO_NEGATIVES}, and balanced accuracy averages it`)
      return definedMetric((tp / positives + tn / negatives) / 2)
    case 'mcc': {
      const empty = emptyMarginal(positives, negatives, tp + fp, tn + fn)
      if (empty != null) return undefinedMetric(`MCC has a zero denominator: ${empty}`)
      const denominator = Math.sqrt((tp + fp) * positives * negatives * (tn + fn))
      return definedMetric((tp * tn - fp * fn) / denominator)
    }
    case 'roc_auc':
      if (positives === 0) return undefinedMetric(`${NO_POSITIVES}; ROC AUC needs both classes`)
      if (negatives === 0) return undefinedMetric(`${NO_NEGATIVES}; ROC AUC needs both classes`)
      return definedMetric(s.pairs / (positives * negatives))
    case 'average_precision':
      return positives === 0
        ? undefinedMetric(`${NO_POSITIVES}, so recall and average precision are 0/0`)
        : definedMetric(s.apSum / positives)
    case 'log_loss':
    case 'brier':
    case 'ece': {
      if (nonProbabilityReason != null) return undefinedMetric(nonProbabilityReason)
      if (n === 0) return undefinedMetric(NO_ROWS)
      const total = name === 'log_loss' ? s.logLoss : name === 'brier' ? s.brier : s.eceAbs
      return definedMetric(total / n)
    }
  }
}

// --- internal ---

function metricsOf(prepared: PreparedBinary, threshold: number): MetricMap {
  const ones = new Uint8Array(prepared.n).fill(1)
  const sums = accumulateBinary(prepared, ones, true)
  const out: MetricMap = {}
  for (const name of BINARY_METRIC_NAMES) {
    out[name] = binaryMetricFromSums(name, sums, threshold, prepared.nonProbabilityReason)
  }
  return out
}

const NO_ROWS = 'there are no rows'
const NO_POSITIVES = 'y has no positive rows (label 1)'
const NO_NEGATIVES = 'y has no negative rows (label 0)'

function emptyMarginal(
  positives: number,
  negatives: number,
  predictedPositive: number,
  predictedNegative: number,
): string | null {
  if (positives === 0) return NO_POSITIVES
  if (negatives === 0) return NO_NEGATIVES
  if (predictedPositive === 0) return 'no row is predicted positive'
  if (predictedNegative === 0) return 'every row is predicted positive'
  return null
}
