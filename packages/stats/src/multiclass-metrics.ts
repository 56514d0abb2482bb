import { LOG_LOSS_EPS } from './_binary-pass.ts'
import { rocAuc } from './_roc-auc.ts'
import { checkNoNaN, firstNonProbability } from './_validate.ts'
import { StatsInputError } from './errors.ts'
import { definedMetric, undefinedMetric } from './metric-value.ts'
import type { MetricMap } from './metric-value.ts'

/**
 * Multiclass metrics. y: class index 0 … k−1 per row; proba: row-major N·k scores, column c the
 * model's probability (or score) of class c. The predicted class is the column with the largest
 * value, the lowest index on ties (numpy's argmax).
 *
 * Keys: accuracy; per class `precision[c]`, `recall[c]`, `f1[c]`; macro_ and weighted_ precision,
 * recall, f1; log_loss; roc_auc_ovr.
 * - Per class: precision is undefined when class c is never predicted, recall when c has no rows,
 *   f1 = 2TP / (2TP + FP + FN) when c neither occurs nor is predicted (where scikit-learn warns).
 * - Macro averages are over the classes that occur in y or in the predictions (scikit-learn's
 *   default label set) and count an undefined per-class value as 0, as scikit-learn's default
 *   `zero_division` does. Weighted averages weight each class by its number of rows.
 * - log_loss: each probability clipped to [1e-15, 1 − 1e-15], each row then divided by its sum
 *   (as scikit-learn's `log_loss`), mean −ln p of the true class; undefined when any value is
 *   outside [0, 1].
 * - roc_auc_ovr: unweighted mean over all k classes of the one-vs-rest Mann-Whitney AUC of column c;
 *   undefined when some class has no rows. Rows need not sum to 1 (only the ranking matters).
 */
export function multiclassMetrics(y: Int32Array, proba: Float64Array, k: number): MetricMap {
  const n = checkInputs(y, proba, k)
  const predicted = new Int32Array(n)
  const support = new Float64Array(k)
  const predictedCount = new Float64Array(k)
  const truePositive = new Float64Array(k)
  let correct = 0
  for (let i = 0; i < n; i++) {
    let best = 0
    let bestValue = proba[i * k]!
    for (let c = 1; c < k; c++) {
      const v = proba[i * k + c]!
      if (v > bestValue) {
        best = c
        bestValue = v
      }
    }
    predicted[i] = best
    const label = y[i]!
    support[label]!++
    predictedCount[best]!++
    if (best === label) {
      truePositive[label]!++
      correct++
    }
  }

  const out: MetricMap = {}
  out.accuracy = n === 0 ? undefinedMetric('there are no rows') : definedMetric(correct / n)

  const perClass = {
    precision: new Float64Array(k),
    recall: new Float64Array(k),
    f1: new Float64Array(k),
  }
  let labelsSeen = 0
  for (let c = 0; c < k; c++) {
    const tp = truePositive[c]!
    const fp = predictedCount[c]! - tp
    const fn = support[c]! - tp
    if (support[c]! > 0 || predictedCount[c]! > 0) labelsSeen++
    out[`precision[${c}]`] =
      tp + fp === 0
        ? undefinedMetric(`class ${c} is never predicted, so its precision is 0/0`)
        : definedMetric((perClass.precision[c] = tp / (tp + fp)))
    out[`recall[${c}]`] =
      tp + fn === 0
        ? undefinedMetric(`class ${c} has no rows in y, so its recall is 0/0`)
        : definedMetric((perClass.recall[c] = tp / (tp + fn)))
    out[`f1[${c}]`] =
      2 * tp + fp + fn === 0
        ? undefinedMetric(`class ${c} neither occurs in y nor is predicted, so its F1 is 0/0`)
        : definedMetric((perClass.f1[c] = (2 * tp) / (2 * tp + fp + fn)))
  }
  for (const metric of ['precision', 'recall', 'f1'] as const) {
    const values = perClass[metric]
    let sum = 0
    let weighted = 0
    for (let c = 0; c < k; c++) {
      sum += values[c]!
      weighted += values[c]! * support[c]!
    }
    out[`macro_${metric}`] =
      labelsSeen === 0 ? undefinedMetric('there are no rows') : definedMetric(sum / labelsSeen)
    out[`weighted_${metric}`] =
      n === 0 ? undefinedMetric('there are no rows') : definedMetric(weighted / n)
  }

  out.log_loss = logLoss(y, proba, k)
  out.roc_auc_ovr = rocAucOvr(y, proba, k, support)
  return out
}

// --- internal ---

function checkInputs(y: Int32Array, proba: Float64Array, k: number): number {
  const where = 'multiclassMetrics'
  if (!Number.isInteger(k) || k < 2) {
    throw new StatsInputError(
      `${where}: k (number of classes) must be an integer ≥ 2, got ${String(k)}.`,
    )
  }
  const n = y.length
  if (proba.length !== n * k) {
    throw new StatsInputError(
      `${where}: proba has ${proba.length} values but y has ${n} rows and k = ${k}; ` +
        `expected ${n * k} values (row-major, one column per class).`,
    )
  }
  for (let i = 0; i < n; i++) {
    const label = y[i]!
    if (label < 0 || label >= k) {
      throw new StatsInputError(
        `${where}: y[${i}] is ${label}; class indices must be in 0 … ${k - 1}. ` +
          'Map each class to the index of its probability column.',
      )
    }
  }
  checkNoNaN(proba, 'proba', where)
  return n
}

function logLoss(y: Int32Array, proba: Float64Array, k: number) {
  const n = y.length
  if (n === 0) return undefinedMetric('there are no rows')
  const bad = firstNonProbability(proba)
  if (bad >= 0) {
    const row = Math.floor(bad / k)
    return undefinedMetric(
      `proba row ${row}, class ${bad - row * k} is ${proba[bad]}, outside [0, 1]; log loss needs probabilities`,
    )
  }
  let total = 0
  for (let i = 0; i < n; i++) {
    let rowSum = 0
    for (let c = 0; c < k; c++) rowSum += clip(proba[i * k + c]!)
    total -= Math.log(clip(proba[i * k + y[i]!]!) / rowSum)
  }
  return definedMetric(total / n)
}

function rocAucOvr(y: Int32Array, proba: Float64Array, k: number, support: Float64Array) {
  const n = y.length
  for (let c = 0; c < k; c++) {
    if (support[c] === 0) {
      return undefinedMetric(`class ${c} has no rows in y, so its one-vs-rest ROC AUC is undefined`)
    }
    if (support[c] === n) {
      return undefinedMetric(
        `every row is class ${c}; one-vs-rest ROC AUC needs at least two classes`,
      )
    }
  }
  const positive = new Uint8Array(n)
  const column = new Float64Array(n)
  let sum = 0
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      positive[i] = y[i] === c ? 1 : 0
      column[i] = proba[i * k + c]!
    }
    // Both classes are present (checked above), so the AUC is defined.
    sum += rocAuc(positive, column)!
  }
  return definedMetric(sum / k)
}

function clip(p: number): number {
  return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS)
}
