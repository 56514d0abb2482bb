import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { MetricValue } from '../src/index.ts'

type Expected = Record<string, number | null>
type Interval = { low: number; high: number; undefinedResamples: number } | null

/** The shape of fixtures/reference.json, written by scripts/oracle/stats_reference.py. */
export type Reference = {
  binary: { name: string; y: number[]; score: number[]; threshold: number; expected: Expected }[]
  multiclass: { name: string; y: number[]; proba: number[]; k: number; expected: Expected }[]
  regression: { name: string; y: number[]; pred: number[]; expected: Expected }[]
  delong: {
    name: string
    y: number[]
    a: number[]
    b: number[]
    aucA: number
    aucB: number
    difference: number
    se: number
    z: number
    pValue: number
  }[]
  mcnemar: {
    counts: { b: number; c: number; concordant: number; pValue: number }[]
    rows: {
      name: string
      candidateCorrect: number[]
      championCorrect: number[]
      b: number
      c: number
      pValue: number
    }[]
  }
  distributions: {
    normal: { x: number; cdf: number }[]
    binomial: { k: number; n: number; p: number; cdf: number; pmf: number }[]
  }
  quantile: { sorted: number[]; q: number[]; expected: number[] }[]
  rng: { seed: number; uint32: number[] }[]
  bootstrap: {
    y: number[]
    candidate: number[]
    champion: number[]
    threshold: number
    metrics: string[]
    options: { resamples: number; seed: number; level: number }
    firstCounts: number[]
    single: Record<string, Interval>
    paired: Record<string, Interval>
  }
}

/** Values from scikit-learn, scipy, numpy and mpmath (see the script for each). */
export const reference = JSON.parse(
  readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'),
) as Reference

/**
 * |actual − expected| ≤ tol · max(1, |expected|). 1e-9 leaves room for nothing but summation
 * order (numpy sums pairwise, these functions left to right); observed errors are below 2e-15.
 */
export function expectClose(actual: number, expected: number, tol = 1e-9, label = ''): void {
  const error = Math.abs(actual - expected)
  if (!(error <= tol * Math.max(1, Math.abs(expected)))) {
    expect.fail(`${label}: got ${actual}, expected ${expected} (error ${error}, tolerance ${tol})`)
  }
}

/** Relative comparison for probabilities that may be tiny (tail p-values). */
export function expectRelative(actual: number, expected: number, tol: number, label = ''): void {
  if (actual === 0 && expected === 0) return
  const error = Math.abs(actual - expected)
  if (!(error <= tol * Math.abs(expected))) {
    expect.fail(
      `${label}: got ${actual}, expected ${expected} (relative error ${error / Math.abs(expected)})`,
    )
  }
}

/** A metric against a reference number, or null meaning "undefined, with a reason". */
export function expectMetric(
  actual: MetricValue | undefined,
  expected: number | null,
  label: string,
): void {
  if (actual === undefined) return expect.fail(`${label}: missing from the result`)
  if (expected == null) {
    if (actual.value != null) expect.fail(`${label}: expected undefined, got ${actual.value}`)
    else expect(actual.reason.length, label).toBeGreaterThan(10)
    return
  }
  if (actual.value == null)
    return expect.fail(`${label}: undefined (${actual.reason}), expected ${expected}`)
  expectClose(actual.value, expected, 1e-9, label)
}
