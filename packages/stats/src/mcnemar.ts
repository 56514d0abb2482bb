import { binomialCdf } from './binomial.ts'
import { checkSameLength } from './_validate.ts'
import { StatsInputError } from './errors.ts'

/**
 * McNemar's exact test on paired correctness (1 = the model got the row right, 0 = wrong).
 * b = rows the candidate got right and the champion wrong, c = the reverse (the off-diagonal cells
 * of the usual 2×2 table with the candidate as rows). Under H0 b ~ Binomial(b + c, 1/2), and the
 * two-sided p-value is min(1, 2·P(X ≤ min(b, c))), which equals scipy.stats.binomtest(b, b + c,
 * 0.5).pvalue for this symmetric case. With no discordant rows p = 1.
 */
export function mcnemarExact(
  candidateCorrect: Uint8Array,
  championCorrect: Uint8Array,
): { b: number; c: number; pValue: number } {
  const where = 'mcnemarExact'
  checkSameLength(
    where,
    ['candidateCorrect', candidateCorrect],
    ['championCorrect', championCorrect],
  )
  let b = 0
  let c = 0
  for (let i = 0; i < candidateCorrect.length; i++) {
    const x = candidateCorrect[i]!
    const z = championCorrect[i]!
    if (x > 1 || z > 1) {
      const [name, v] = x > 1 ? ['candidateCorrect', x] : ['championCorrect', z]
      throw new StatsInputError(
        `${where}: ${name}[${i}] is ${v}; use 1 for a correct prediction, 0 for wrong.`,
      )
    }
    if (x === 1 && z === 0) b++
    else if (x === 0 && z === 1) c++
  }
  const discordant = b + c
  const pValue =
    discordant === 0 ? 1 : Math.min(1, 2 * binomialCdf(Math.min(b, c), discordant, 0.5))
  return { b, c, pValue }
}
