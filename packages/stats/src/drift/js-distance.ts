import { StatsInputError } from '../errors.ts'

/**
 * Jensen-Shannon distance with log base 2, so it lies in [0, 1] (statistics.md): the square root
 * of the mean Kullback-Leibler divergence of each distribution from their midpoint,
 * √(½·KL(p‖m) + ½·KL(q‖m)) with m = (p + q)/2. Each input is divided by its sum first (as
 * scipy.spatial.distance.jensenshannon does); a zero share contributes 0, so no ε is needed.
 */
export function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  if (p.length !== q.length) {
    throw new StatsInputError(
      `jensenShannonDistance: p has ${p.length} bins but q has ${q.length}; both must use the same bins.`,
    )
  }
  const sp = sum(p, 'p')
  const sq = sum(q, 'q')
  let divergence = 0
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp
    const b = q[i]! / sq
    const m = (a + b) / 2
    if (a > 0) divergence += a * Math.log(a / m)
    if (b > 0) divergence += b * Math.log(b / m)
  }
  // Rounding can leave a divergence of -1e-17 for identical inputs.
  return Math.sqrt(Math.max(0, divergence / Math.LN2 / 2))
}

// --- internal ---

function sum(values: Float64Array, name: string): number {
  let s = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!(v >= 0)) {
      throw new StatsInputError(
        `jensenShannonDistance: ${name}[${i}] is ${v}; shares must be non-negative numbers.`,
      )
    }
    s += v
  }
  if (s === 0) {
    throw new StatsInputError(`jensenShannonDistance: ${name} sums to 0; it needs some mass.`)
  }
  return s
}
