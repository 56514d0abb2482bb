import { StatsInputError } from '../errors.ts'
import { chiSquareQuantile, chiSquareSf } from './chi-square.ts'

/**
 * What PSI looks like when nothing drifted (statistics.md, "Sample-size awareness"): with B
 * occupied bins and samples of n_ref and n_cur rows, PSI ≈ (1/n_ref + 1/n_cur)·X with
 * X ~ χ²(B − 1). PSI is the symmetrised Kullback-Leibler divergence, whose second-order expansion
 * is Pearson's χ² divergence; with one bin (a constant feature) PSI is exactly 0.
 */
export type PsiNoise = {
  /** The scale factor 1/n_ref + 1/n_cur. */
  readonly scale: number
  /** B − 1. */
  readonly degreesOfFreedom: number
  /** Mean PSI under no drift: scale·(B − 1). */
  readonly expected: number
}

export function psiNoise(nRef: number, nCur: number, bins: number): PsiNoise {
  if (!(nRef > 0 && nCur > 0)) {
    throw new StatsInputError(
      `psiNoise: both samples need rows, got n_ref = ${nRef} and n_cur = ${nCur}.`,
    )
  }
  if (!(Number.isInteger(bins) && bins >= 1)) {
    throw new StatsInputError(`psiNoise: bins must be a whole number ≥ 1, got ${bins}.`)
  }
  const scale = 1 / nRef + 1 / nCur
  return { scale, degreesOfFreedom: bins - 1, expected: scale * (bins - 1) }
}

/** The q-quantile of PSI under no drift: scale·χ²_(B−1)(q); 0 for a single bin. */
export function psiNoiseQuantile(noise: PsiNoise, q: number): number {
  if (noise.degreesOfFreedom === 0) return 0
  return noise.scale * chiSquareQuantile(q, noise.degreesOfFreedom)
}

/** P(PSI ≥ psi) under no drift: the χ²(B − 1) upper tail at psi / scale; 1 for a single bin. */
export function psiPValue(noise: PsiNoise, psi: number): number {
  if (noise.degreesOfFreedom === 0) return 1
  return chiSquareSf(psi / noise.scale, noise.degreesOfFreedom)
}
