import { StatsInputError } from '../errors.ts'
import { checkBinaryLabels, checkSameLength } from '../_validate.ts'
import type { MetricValue } from '../metric-value.ts'
import { definedMetric, undefinedMetric } from '../metric-value.ts'

/** The per-group rates of statistics.md (Fairness), by their snake_case names. */
export const GROUP_RATE_NAMES = [
  'selection_rate',
  'tpr',
  'fpr',
  'fnr',
  'precision',
  'accuracy',
] as const
export type GroupRateName = (typeof GROUP_RATE_NAMES)[number]

/** One group's confusion counts and rates; an undefined rate carries its reason. */
export type GroupRates = {
  readonly n: number
  /** Rows with a positive label. */
  readonly positives: number
  /** Rows predicted positive. */
  readonly predictedPositives: number
  readonly tp: number
  readonly fp: number
  readonly tn: number
  readonly fn: number
  readonly rates: Readonly<Record<GroupRateName, MetricValue>>
}

/**
 * Confusion counts per group: group g's tp, fp, tn, fn sit at [4g], [4g + 1], [4g + 2], [4g + 3].
 * `groups[i]` is row i's group in 0 … groupCount − 1, or −1 to leave the row out. `y` is the
 * label (1 = positive class), `yhat` the decision (1 = predicted positive).
 */
export function groupConfusion(
  y: Uint8Array,
  yhat: Uint8Array,
  groups: Int32Array,
  groupCount: number,
): Float64Array {
  const where = 'groupConfusion'
  checkGroupInputs(where, y, yhat, groups, groupCount)
  const counts = new Float64Array(groupCount * 4)
  for (let i = 0; i < y.length; i++) {
    const g = groups[i]!
    if (g < 0) continue
    counts[g * 4 + confusionType(y[i]!, yhat[i]!)]! += 1
  }
  return counts
}

/** n, selection rate P(ŷ=1), TPR, FPR, FNR, precision and accuracy of every group. */
export function groupRates(
  y: Uint8Array,
  yhat: Uint8Array,
  groups: Int32Array,
  groupCount: number,
): GroupRates[] {
  const counts = groupConfusion(y, yhat, groups, groupCount)
  return Array.from({ length: groupCount }, (_, g) =>
    ratesFromCounts(counts[4 * g]!, counts[4 * g + 1]!, counts[4 * g + 2]!, counts[4 * g + 3]!),
  )
}

/**
 * The rates of one group from its confusion counts. A rate whose denominator is 0 is undefined
 * with the reason (Fairlearn, through scikit-learn's `confusion_matrix(normalize="true")`, reports
 * 0 there; statistics.md forbids a silent 0).
 */
export function ratesFromCounts(tp: number, fp: number, tn: number, fn: number): GroupRates {
  const n = tp + fp + tn + fn
  const positives = tp + fn
  const negatives = fp + tn
  const predictedPositives = tp + fp
  const ratio = (num: number, den: number, reason: string): MetricValue =>
    den > 0 ? definedMetric(num / den) : undefinedMetric(reason)
  return {
    n,
    positives,
    predictedPositives,
    tp,
    fp,
    tn,
    fn,
    rates: {
      selection_rate: ratio(predictedPositives, n, 'the group has no rows'),
      tpr: ratio(tp, positives, 'the group has no positive labels'),
      fpr: ratio(fp, negatives, 'the group has no negative labels'),
      fnr: ratio(fn, positives, 'the group has no positive labels'),
      precision: ratio(tp, predictedPositives, 'nobody in the group is predicted positive'),
      accuracy: ratio(tp + tn, n, 'the group has no rows'),
    },
  }
}

/** 0 tp, 1 fp, 2 tn, 3 fn: the slot of a (label, decision) pair in a group's four counts. */
export function confusionType(y: number, yhat: number): number {
  return (1 - yhat) * 2 + (y ^ yhat)
}

/** Throws unless y, yhat and groups describe the same rows and every group code is in range. */
export function checkGroupInputs(
  where: string,
  y: Uint8Array,
  yhat: Uint8Array,
  groups: Int32Array,
  groupCount: number,
): void {
  checkSameLength(where, ['y', y], ['yhat', yhat], ['groups', groups])
  checkBinaryLabels(y, where)
  for (let i = 0; i < yhat.length; i++) {
    if (yhat[i]! > 1) {
      throw new StatsInputError(
        `${where}: yhat[${i}] is ${yhat[i]}; decisions must be 1 (predicted positive) or 0.`,
      )
    }
  }
  if (!Number.isInteger(groupCount) || groupCount < 0) {
    throw new StatsInputError(`${where}: groupCount must be a whole number, got ${groupCount}.`)
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!
    if (g < -1 || g >= groupCount) {
      throw new StatsInputError(
        `${where}: groups[${i}] is ${g}; group codes run from 0 to ${groupCount - 1} (−1 leaves a row out).`,
      )
    }
  }
}
