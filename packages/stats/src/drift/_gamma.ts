/**
 * ln Γ(x) for x > 0: Stirling's series with terms to x⁻¹¹ for x ≥ 10 (the first omitted term,
 * 1/(156·x¹³), is below 1e-15 there; Abramowitz and Stegun 6.1.40), and below 10 the recurrence
 * Γ(x) = Γ(x + k) / (x·(x + 1)·…·(x + k − 1)) to move the argument up.
 */
export function logGamma(x: number): number {
  let product = 1
  let y = x
  while (y < STIRLING_FROM) {
    product *= y
    y += 1
  }
  const inv = 1 / y
  const inv2 = inv * inv
  let series = STIRLING[STIRLING.length - 1]!
  for (let i = STIRLING.length - 2; i >= 0; i--) series = series * inv2 + STIRLING[i]!
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series * inv - Math.log(product)
}

/**
 * The regularized lower and upper incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x),
 * each computed where it does not cancel: the power series for x < a + 1, Legendre's continued
 * fraction (modified Lentz) beyond (Numerical Recipes 3rd ed. §6.2, `gser` and `gcf`).
 */
export function regularizedGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 }
  if (!Number.isFinite(x)) return { p: 1, q: 0 }
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a))
  if (x < a + 1) {
    let term = 1 / a
    let sum = term
    for (let n = 1; n < MAX_TERMS; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * TOLERANCE) break
    }
    const p = Math.min(1, sum * front)
    return { p, q: 1 - p }
  }
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < TOLERANCE) break
  }
  const q = Math.min(1, front * h)
  return { p: 1 - q, q }
}

// --- internal ---

const STIRLING_FROM = 10
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI)
/** B_2k / (2k·(2k − 1)) for k = 1 … 6: 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360]
const MAX_TERMS = 10_000
const TOLERANCE = 1e-16
/** Keeps Lentz's method away from division by zero (Numerical Recipes' FPMIN). */
const TINY = 1e-300
