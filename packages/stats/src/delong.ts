import { argsortFloat64 } from './radix-sort.ts'
import { checkBinaryLabels, checkNoNaN, checkSameLength } from './_validate.ts'
import { StatsInputError } from './errors.ts'
import { normalCdf } from './normal.ts'

export type DelongResult = {
  aucA: number
  aucB: number
  /** aucA − aucB */
  difference: number
  se: number
  z: number
  /** Two-sided, from the normal distribution. */
  pValue: number
}

/**
 * DeLong's test for two correlated ROC AUCs on the same rows (DeLong, DeLong and Clarke-Pearson,
 * Biometrics 44, 1988), computed with midranks as in Sun and Xu (IEEE Signal Processing Letters
 * 21, 2014): for model X the structural components are V10(x_i) = (negatives scoring below
 * positive i + ½·tied)/n and V01(y_j) = (positives scoring above negative j + ½·tied)/m;
 * Var(AUC_A − AUC_B) = Var_i(V10_A − V10_B)/m + Var_j(V01_A − V01_B)/n with sample variances
 * (divisor m − 1, n − 1); z = (AUC_A − AUC_B)/se; p = 2·Φ(−|z|).
 * When se = 0 (e.g. the two models rank the rows identically), z = 0 and p = 1 if the AUCs are
 * equal, else z = ±∞ and p = 0. Needs at least 2 positive and 2 negative rows.
 */
export function delongTest(
  y: Uint8Array,
  scoreA: Float64Array,
  scoreB: Float64Array,
): DelongResult {
  const where = 'delongTest'
  checkSameLength(where, ['y', y], ['scoreA', scoreA], ['scoreB', scoreB])
  checkBinaryLabels(y, where)
  checkNoNaN(scoreA, 'scoreA', where)
  checkNoNaN(scoreB, 'scoreB', where)
  let m = 0
  for (let i = 0; i < y.length; i++) m += y[i]!
  const n = y.length - m
  if (m < 2 || n < 2) {
    throw new StatsInputError(
      `${where}: needs at least 2 positive and 2 negative rows to estimate the variance, ` +
        `got ${m} positive and ${n} negative.`,
    )
  }
  const a = components(y, scoreA, m, n)
  const b = components(y, scoreB, m, n)
  const aucA = a.pairs / (m * n)
  const aucB = b.pairs / (m * n)
  const difference = aucA - aucB
  const variance =
    sampleVarianceOfDifference(a.v10, b.v10) / m + sampleVarianceOfDifference(a.v01, b.v01) / n
  const se = Math.sqrt(Math.max(0, variance))
  if (se === 0) {
    return difference === 0
      ? { aucA, aucB, difference, se, z: 0, pValue: 1 }
      : { aucA, aucB, difference, se, z: difference > 0 ? Infinity : -Infinity, pValue: 0 }
  }
  const z = difference / se
  return { aucA, aucB, difference, se, z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) }
}

// --- internal ---

/**
 * Structural components of one model. v10 is indexed by the positive rows in row order, v01 by
 * the negative rows in row order, so the two models' components pair up row by row.
 */
function components(y: Uint8Array, score: Float64Array, m: number, n: number) {
  const total = y.length
  const rankInClass = new Uint32Array(total)
  let p = 0
  let q = 0
  for (let i = 0; i < total; i++) rankInClass[i] = y[i] === 1 ? p++ : q++
  const v10 = new Float64Array(m)
  const v01 = new Float64Array(n)
  const order = argsortFloat64(score)
  let negBelow = 0
  let posBelow = 0
  let pairs = 0
  let start = 0
  for (let j = 0; j < total; j++) {
    const row = order[j]!
    if (j + 1 < total && score[order[j + 1]!] === score[row]) continue
    // Rows start … j share one score.
    let groupPos = 0
    for (let t = start; t <= j; t++) groupPos += y[order[t]!]!
    const groupNeg = j + 1 - start - groupPos
    const positiveComponent = (negBelow + 0.5 * groupNeg) / n
    const negativeComponent = (m - posBelow - groupPos + 0.5 * groupPos) / m
    for (let t = start; t <= j; t++) {
      const r = order[t]!
      if (y[r] === 1) v10[rankInClass[r]!] = positiveComponent
      else v01[rankInClass[r]!] = negativeComponent
    }
    pairs += groupPos * (negBelow + 0.5 * groupNeg)
    negBelow += groupNeg
    posBelow += groupPos
    start = j + 1
  }
  return { v10, v01, pairs }
}

/** Sample variance (divisor length − 1) of a − b, two-pass for accuracy. */
function sampleVarianceOfDifference(a: Float64Array, b: Float64Array): number {
  const len = a.length
  let mean = 0
  for (let i = 0; i < len; i++) mean += a[i]! - b[i]!
  mean /= len
  let sum = 0
  for (let i = 0; i < len; i++) {
    const d = a[i]! - b[i]! - mean
    sum += d * d
  }
  return sum / (len - 1)
}
