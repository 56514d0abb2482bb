import { binomialPmfRaw } from './_loader.ts'
import { StatsInputError } from './errors.ts'

/** P(X = k) for X ~ Binomial(n, p), accurate to a few ulps in relative terms (Loader's method). */
export function binomialPmf(k: number, n: number, p: number): number {
  checkParameters(n, p, 'binomialPmf')
  if (!Number.isInteger(k) || k < 0 || k > n) return 0
  return binomialPmfRaw(k, n, p)
}

/**
 * P(X ≤ k) for X ~ Binomial(n, p). The tail on the side of k away from the mean is summed term by
 * term from P(X = k) by the ratio P(X = i−1)/P(X = i) = i·q / ((n−i+1)·p), stopping once terms no
 * longer change the sum, so the cost is about √n terms and a small tail keeps its relative precision.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  checkParameters(n, p, 'binomialCdf')
  if (Number.isNaN(k)) throw new StatsInputError('binomialCdf: k is NaN.')
  const kk = Math.floor(k)
  if (kk < 0) return 0
  if (kk >= n) return 1
  if (p === 0) return 1
  if (p === 1) return 0
  const q = 1 - p
  if (kk <= n * p) {
    // Lower tail: terms shrink going down from k.
    let term = binomialPmfRaw(kk, n, p)
    let sum = term
    for (let i = kk; i > 0; i--) {
      term *= (i * q) / ((n - i + 1) * p)
      const next = sum + term
      if (next === sum) break
      sum = next
    }
    return Math.min(1, sum)
  }
  // Upper tail P(X > k), then the complement (the result is then above 1/2, so no precision is lost).
  let term = binomialPmfRaw(kk + 1, n, p)
  let sum = term
  for (let i = kk + 1; i < n; i++) {
    term *= ((n - i) * p) / ((i + 1) * q)
    const next = sum + term
    if (next === sum) break
    sum = next
  }
  return Math.max(0, 1 - sum)
}

// --- internal ---

function checkParameters(n: number, p: number, where: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new StatsInputError(`${where}: n must be a non-negative integer, got ${String(n)}.`)
  }
  if (!(p >= 0 && p <= 1)) {
    throw new StatsInputError(`${where}: p must be a probability in [0, 1], got ${String(p)}.`)
  }
}
