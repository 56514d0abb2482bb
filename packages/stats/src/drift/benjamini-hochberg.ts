import { argsortFloat64 } from '../radix-sort.ts'
import { StatsInputError } from '../errors.ts'

/**
 * Benjamini-Hochberg adjusted p-values ("q-values"): with the m defined p-values ranked
 * p_(1) ≤ … ≤ p_(m), q_(i) = min over j ≥ i of m·p_(j)/j, capped at 1. Rejecting every hypothesis
 * with q ≤ α controls the false discovery rate at α (Benjamini and Hochberg, JRSS B 57, 1995).
 * NaN marks an undefined p-value: it is left out of m and stays NaN.
 */
export function benjaminiHochberg(pValues: Float64Array): Float64Array {
  const out = new Float64Array(pValues.length).fill(NaN)
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i]!
    if (!Number.isNaN(p) && !(p >= 0 && p <= 1)) {
      throw new StatsInputError(`benjaminiHochberg: p-value ${i} is ${p}; it must be in [0, 1].`)
    }
  }
  // NaN sorts last, so the defined p-values are the first m of the order.
  const order = argsortFloat64(pValues)
  let m = 0
  while (m < order.length && !Number.isNaN(pValues[order[m]!]!)) m++
  let running = 1
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!
    running = Math.min(running, (m * pValues[i]!) / rank)
    out[i] = running
  }
  return out
}
