/**
 * Kolmogorov's limiting distribution, Q(λ) = P(K > λ) = 2·Σ_{k≥1} (−1)^(k−1)·exp(−2k²λ²): the
 * asymptotic upper tail of √n·D. For λ < 1 the alternating series converges slowly, so there the
 * Jacobi theta form 1 − (√(2π)/λ)·Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)) is used instead (both series as
 * in scipy.special.kolmogorov).
 */
export function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0)) return 1
  if (lambda >= 1) {
    const alpha = -2 * lambda * lambda
    let sum = 0
    let sign = 1
    for (let k = 1; ; k++) {
      const term = Math.exp(alpha * k * k)
      sum += sign * term
      if (term === 0 || term <= sum * Number.EPSILON) break
      sign = -sign
    }
    return Math.min(1, Math.max(0, 2 * sum))
  }
  const alpha = (-Math.PI * Math.PI) / (8 * lambda * lambda)
  let sum = 0
  for (let k = 1; ; k += 2) {
    const term = Math.exp(alpha * k * k)
    sum += term
    if (term === 0 || term < sum * Number.EPSILON) break
  }
  return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum))
}
