/**
 * Exact two-sided p-values of the two-sample Kolmogorov-Smirnov statistic, P(D ≥ h / lcm(m, n)),
 * by counting lattice paths (Hodges 1958, "The significance probability of the Smirnov two-sample
 * test", Arkiv för Matematik 3(43)). Written as scipy 1.10 `ks_2samp(method='exact')` computes
 * them, so p-values agree to rounding.
 */

/**
 * Equal sample sizes n = m: P(D ≥ h/n) = 2·Σ_k (−1)^(k−1) C(2n, n − k·h) / C(2n, n), summed in the
 * Horner-like nested form P = 2·A1·(1 − A2·(1 − A3·(…))) where each ratio A_k has h factors, which
 * avoids the cancellation of the alternating sum.
 */
export function ksProbOutsideSquare(n: number, h: number): number {
  let p = 0
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let a = 1
    for (let j = 0; j < h; j++) a = ((n - k * h - j) * a) / (n + k * h + j + 1)
    p = a * (1 - p)
  }
  return 2 * p
}

/**
 * Unequal sizes: the share of monotone lattice paths from (0, 0) to (m, n) that leave the band
 * |x/m − y/n| < h/lcm(m, n), by the "inside" recursion run directly on the complement (Viehmann
 * 2021, "Numerically more stable computation of the p-values for the two-sample
 * Kolmogorov-Smirnov test", arXiv:2102.08037). One column of the path table is kept, and only the
 * window of rows inside the band, so the cost is O(m · window).
 */
export function ksProbOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0)
  const n = Math.min(m0, n0)
  const mg = m / g
  const ng = n / g
  let minj = 0
  let maxj = Math.min(Math.ceil(h / mg), n + 1)
  let curlen = maxj - minj
  // One slot per row of the path table plus a spare; slots outside the window hold 1.
  const a = new Float64Array(n + 2).fill(1)
  for (let j = minj; j < maxj; j++) a[j] = 0
  for (let i = 1; i <= m; i++) {
    const lastminj = minj
    const lastlen = curlen
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n)
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1)
    if (maxj <= minj) return 1
    let val = minj === 0 ? 0 : 1
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j)
      a[jj] = val
    }
    curlen = maxj - minj
    for (let k = curlen; k < lastlen; k++) a[k] = 1
  }
  return a[maxj - minj - 1]!
}
