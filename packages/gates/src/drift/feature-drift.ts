import type { Column } from '@mlgate/data'
import { columnRows } from '@mlgate/data/decimal-column'
import type {
  CategoryCounts,
  ColumnDistribution,
  KeyedCounts,
  KsResult,
  NumericSummary,
  PsiNoise,
  PsiResult,
} from '@mlgate/stats'
import {
  alignCategories,
  binCountsWeighted,
  columnDistribution,
  distinctSummary,
  jensenShannonDistance,
  keyedBinCounts,
  keyedCounts,
  keyedColumnDistribution,
  keyedCountsOfKeys,
  keyedDistinct,
  keyedSummary,
  ksTwoSample,
  ksTwoSampleKeyed,
  populationStability,
  psiNoise,
  psiNoiseQuantile,
  psiPValue,
} from '@mlgate/stats'
import { ConfigError } from '../errors.ts'
import { fmt } from '../judge.ts'
import { categoryCounts } from './_columns.ts'
import type { FeatureProfile, FeatureRole, NumericProfile } from './profile.ts'
import { distinctForm, isKeyed } from './profile.ts'

/** Every measure of one column's drift, before any verdict. */
export type FeatureDrift = {
  readonly name: string
  readonly role: FeatureRole
  readonly kind: 'numeric' | 'categorical'
  /** Bin labels, aligned with `psi`'s arrays; the last is `missing`. */
  readonly bins: readonly string[]
  readonly psi: PsiResult
  readonly noise: PsiNoise
  /** The no-drift PSI quantile at the configured level (auto mode's noise threshold). */
  readonly noiseQuantile: number
  /** P(PSI at least this large | no drift), from the χ² approximation. */
  readonly psiPValue: number
  readonly js: number
  /** Numeric features with values on both sides only. */
  readonly ks: KsResult | null
  readonly refRows: number
  readonly curRows: number
  readonly refMissing: number
  readonly curMissing: number
  readonly refSummary: NumericSummary | null
  readonly curSummary: NumericSummary | null
  /** Categories the reference never saw (categorical only). */
  readonly unseen: readonly string[]
  readonly vanished: readonly string[]
}

/**
 * Compares one profiled column with the same column of the current data. A numeric profile needs
 * a numeric current column; a categorical one takes either (numbers read as their text).
 */
export function featureDrift(
  profile: FeatureProfile,
  current: Column,
  source: string,
  noiseLevel: number,
): FeatureDrift {
  return compareWithProfile(profile, summarizeCurrent(profile, current, source), noiseLevel)
}

/**
 * What a comparison needs of a current column, which is all it reads of it: the exact
 * distribution of a numeric column (as distinct values, or as counts on the reference's decimal
 * grid when both fit it), the counts per category of a categorical one. The summaries of
 * consecutive parts of a column merge into the summary of the whole (`_accumulate.ts`).
 */
export type CurrentSummary =
  | { readonly kind: 'numeric'; readonly rows: number; readonly distribution: ColumnDistribution }
  | {
      readonly kind: 'numeric'
      readonly rows: number
      readonly keyed: KeyedCounts
      readonly missing: number
    }
  | { readonly kind: 'categorical'; readonly counts: CategoryCounts }

/** The summary of `current` that its profile's comparison needs. */
export function summarizeCurrent(
  profile: FeatureProfile,
  current: Column,
  source: string,
): CurrentSummary {
  if (profile.kind === 'categorical')
    return { kind: 'categorical', counts: categoryCounts(current) }
  if (current.type === 'string') {
    const examples = current.dictionary
      .slice(0, 3)
      .map((t) => JSON.stringify(t))
      .join(', ')
    throw new ConfigError(
      `Column "${current.name}" is numeric in the reference but holds text in ${source} (for example ${examples}). Fix the values, or treat it as categorical in both (--categorical ${current.name}) and rebuild the profile.`,
    )
  }
  const rows = columnRows(current)
  const reference = profile.distribution
  const { decimal } = current
  if (isKeyed(reference)) {
    // Counted on the reference's grid, the keys cover the current values' own range.
    const grid = { scale: reference.scale, first: reference.first, width: reference.counts.length }
    const counted =
      decimal === undefined
        ? keyedCounts(current.values, grid)
        : keyedCountsOfKeys(
            decimal.keys,
            decimal.scale,
            current.missing,
            grid,
            () => current.values,
          )
    if (counted) return { kind: 'numeric', rows, ...counted }
  }
  const distribution =
    decimal === undefined
      ? columnDistribution(current.values)
      : keyedColumnDistribution(decimal.keys, decimal.scale, current.missing)
  return { kind: 'numeric', rows, distribution }
}

/** Every measure of one column's drift, from its profile and its current summary. */
export function compareWithProfile(
  profile: FeatureProfile,
  summary: CurrentSummary,
  noiseLevel: number,
): FeatureDrift {
  if (profile.kind === 'categorical') {
    if (summary.kind !== 'categorical') throw new Error('compareWithProfile: kinds differ')
    const aligned = alignCategories(profile.categories, summary.counts)
    const psi = populationStability(aligned.refCounts, aligned.curCounts)
    return finish(profile, psi, [...aligned.names, 'missing'], noiseLevel, {
      ks: null,
      curRows: count(aligned.curCounts),
      curMissing: aligned.curCounts[aligned.names.length] ?? 0,
      curSummary: null,
      unseen: aligned.unseen,
      vanished: aligned.vanished,
    })
  }
  if (summary.kind !== 'numeric') throw new Error('compareWithProfile: kinds differ')
  const reference = profile.distribution
  if ('keyed' in summary && isKeyed(reference) && reference.scale === summary.keyed.scale) {
    return compareKeyed(profile, reference, summary.keyed, summary, noiseLevel)
  }
  const cur =
    'keyed' in summary ? keyedColumn(summary.keyed, summary.missing) : summary.distribution
  const ref = distinctForm(reference)
  const curCounts = new Float64Array(profile.edges.length + 2)
  curCounts.set(binCountsWeighted(cur.distinct.values, cur.distinct.counts, profile.edges))
  curCounts[profile.edges.length + 1] = cur.missing
  const psi = populationStability(profile.counts, curCounts)
  const ks = ref.values.length > 0 && cur.present > 0 ? ksTwoSample(ref, cur.distinct) : null
  return finish(profile, psi, numericBins(profile.edges), noiseLevel, {
    ks,
    curRows: summary.rows,
    curMissing: cur.missing,
    curSummary: distinctSummary(cur.distinct),
    unseen: [],
    vanished: [],
  })
}

/** `(−∞, e0]`, `(e0, e1]`, …, `(e_last, ∞)`, `missing`. */
export function numericBins(edges: Float64Array): string[] {
  const shown = [...edges].map(fmt)
  const bins = [...shown, '∞'].map((upper, i) => {
    const lower = i === 0 ? '−∞' : shown[i - 1]
    return upper === '∞' ? `(${lower}, ∞)` : `(${lower}, ${upper}]`
  })
  return [...bins, 'missing']
}

// --- internal ---

/**
 * The numeric comparison of a reference and a current column counted on one decimal grid: the
 * same bins, KS test and summary as from their distinct values, by walks over the keys.
 */
function compareKeyed(
  profile: NumericProfile,
  ref: KeyedCounts,
  cur: KeyedCounts,
  summary: { readonly rows: number; readonly missing: number },
  noiseLevel: number,
): FeatureDrift {
  const curCounts = new Float64Array(profile.edges.length + 2)
  curCounts.set(keyedBinCounts(cur, profile.edges))
  curCounts[profile.edges.length + 1] = summary.missing
  const psi = populationStability(profile.counts, curCounts)
  const ks = ref.present > 0 && cur.present > 0 ? ksTwoSampleKeyed(ref, cur) : null
  return finish(profile, psi, numericBins(profile.edges), noiseLevel, {
    ks,
    curRows: summary.rows,
    curMissing: summary.missing,
    curSummary: keyedSummary(cur),
    unseen: [],
    vanished: [],
  })
}

/** A keyed current column as `columnDistribution` gives it. */
function keyedColumn(keyed: KeyedCounts, missing: number): ColumnDistribution {
  return { distinct: keyedDistinct(keyed), present: keyed.present, missing }
}

function finish(
  profile: FeatureProfile,
  psi: PsiResult,
  bins: readonly string[],
  noiseLevel: number,
  rest: Pick<FeatureDrift, 'ks' | 'curRows' | 'curMissing' | 'curSummary' | 'unseen' | 'vanished'>,
): FeatureDrift {
  const noise = psiNoise(profile.rows, rest.curRows, Math.max(1, psi.occupiedBins))
  return {
    name: profile.name,
    role: profile.role,
    kind: profile.kind,
    bins,
    psi,
    noise,
    noiseQuantile: psiNoiseQuantile(noise, noiseLevel),
    psiPValue: psiPValue(noise, psi.psi),
    js: jensenShannonDistance(psi.refShare, psi.curShare),
    refRows: profile.rows,
    refMissing: profile.missing,
    refSummary: profile.kind === 'numeric' ? profile.summary : null,
    ...rest,
  }
}

function count(counts: Float64Array): number {
  let n = 0
  for (let i = 0; i < counts.length; i++) n += counts[i]!
  return n
}
