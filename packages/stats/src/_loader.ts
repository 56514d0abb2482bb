/**
 * Binomial probabilities with full relative precision for large n, after C. Loader, "Fast and
 * accurate computation of binomial probabilities" (2000), the algorithm of R's dbinom:
 * P(X = x) = exp(stirlerr(n) − stirlerr(x) − stirlerr(n−x) − bd0(x, np) − bd0(n−x, nq))
 *            / sqrt(2π·x·(n−x)/n).
 */
export function binomialPmfRaw(x: number, n: number, p: number): number {
  const q = 1 - p
  if (p === 0) return x === 0 ? 1 : 0
  if (q === 0) return x === n ? 1 : 0
  if (x < 0 || x > n) return 0
  if (x === 0) {
    if (n === 0) return 1
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q))
  }
  if (x === n) {
    return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p))
  }
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n)
  return Math.exp(lc - 0.5 * lf)
}

// --- internal ---

const LN_2PI = 1.8378770664093453
const LN_SQRT_2PI = 0.9189385332046728
// Stirling series coefficients 1/12, 1/360, 1/1260, 1/1680, 1/1188 (Abramowitz and Stegun 6.1.41).
const S0 = 1 / 12
const S1 = 1 / 360
const S2 = 1 / 1260
const S3 = 1 / 1680
const S4 = 1 / 1188

/** stirlerr(n) = ln n! − (n + 1/2)·ln n + n − ln √(2π), for integer n ≥ 1. */
function stirlerr(n: number): number {
  if (n <= 15) {
    // n! is exact in a double up to 22!, so the logarithm is correctly rounded.
    let factorial = 1
    for (let i = 2; i <= n; i++) factorial *= i
    return Math.log(factorial) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI
  }
  const nn = n * n
  // Truncation points of the series as in R's stirlerr.c (each keeps the error below 1e-16).
  if (n > 500) return (S0 - S1 / nn) / n
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
}

/** bd0(x, m) = x·ln(x/m) + m − x, by a series when x is close to m (Loader 2000, eq. 5.2). */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m)
    let s = (x - m) * v
    let ej = 2 * x * v
    v *= v
    for (let j = 1; j < 1000; j++) {
      ej *= v
      const s1 = s + ej / (2 * j + 1)
      if (s1 === s) return s1
      s = s1
    }
    return s
  }
  return x * Math.log(x / m) + m - x
}
