import { argsortFloat64 } from './radix-sort.ts'

/**
 * Mann-Whitney ROC AUC of `score` for rows with positive[i] = 1 against rows with 0: the share of
 * (positive, negative) pairs where the positive scores higher, a tie counting 1/2. One radix sort
 * and one pass over tie groups. Null when either class is empty. Scores must not be NaN.
 */
export function rocAuc(positive: Uint8Array, score: Float64Array): number | null {
  const n = score.length
  const order = argsortFloat64(score)
  let negBelow = 0
  let groupPos = 0
  let groupNeg = 0
  let pairs = 0
  let positives = 0
  for (let j = 0; j < n; j++) {
    const row = order[j]!
    if (positive[row] === 1) groupPos++
    else groupNeg++
    if (j === n - 1 || score[order[j + 1]!] !== score[row]) {
      pairs += groupPos * (negBelow + 0.5 * groupNeg)
      negBelow += groupNeg
      positives += groupPos
      groupPos = 0
      groupNeg = 0
    }
  }
  const negatives = n - positives
  if (positives === 0 || negatives === 0) return null
  return pairs / (positives * negatives)
}
