import { StatsInputError } from '../errors.ts'
import { logGamma, regularizedGamma } from './_gamma.ts'

/** P(X > x) for X ~ χ²(df): Q(df/2, x/2). */
export function chiSquareSf(x: number, df: number): number {
  checkDf(df, 'chiSquareSf')
  if (Number.isNaN(x)) throw new StatsInputError('chiSquareSf: x is NaN.')
  return regularizedGamma(df / 2, x / 2).q
}

/**
 * The p-quantile of χ²(df): the x with P(X ≤ x) = p. Found by Newton's method on whichever of
 * P or Q is the smaller tail (so p near 1 keeps its precision), inside a bracket that bisection
 * shrinks whenever a Newton step would leave it; stops at a relative change of 1e-15.
 */
export function chiSquareQuantile(p: number, df: number): number {
  checkDf(df, 'chiSquareQuantile')
  if (!(p >= 0 && p <= 1)) {
    throw new StatsInputError(`chiSquareQuantile: p must be in [0, 1], got ${String(p)}.`)
  }
  if (p === 0) return 0
  if (p === 1) return Infinity
  const a = df / 2
  const upper = p > 0.5
  const target = upper ? 1 - p : p
  // f(y) = tail(y) − target in the gamma variable y = x/2; the lower tail rises with y, the upper
  // falls, and both have |f'(y)| = y^(a−1)·e^(−y)/Γ(a).
  const tail = (y: number): number => {
    const g = regularizedGamma(a, y)
    return upper ? g.q : g.p
  }
  const rising = !upper
  let lo = 0
  let hi = Math.max(1, a)
  while (tail(hi) < target === rising) hi *= 2
  let y = (lo + hi) / 2
  const lnGammaA = logGamma(a)
  for (let i = 0; i < 200; i++) {
    const f = tail(y) - target
    if (f === 0) break
    if (f < 0 === rising) lo = y
    else hi = y
    const slope = Math.exp((a - 1) * Math.log(y) - y - lnGammaA) * (rising ? 1 : -1)
    let next = y - f / slope
    if (!(next > lo && next < hi)) next = (lo + hi) / 2
    if (Math.abs(next - y) <= 1e-15 * y) {
      y = next
      break
    }
    y = next
  }
  return 2 * y
}

// --- internal ---

function checkDf(df: number, where: string): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new StatsInputError(`${where}: degrees of freedom must be a positive number, got ${df}.`)
  }
}
