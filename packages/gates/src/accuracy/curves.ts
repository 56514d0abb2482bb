import type { BinaryCurves, MetricMap } from '@mlgate/stats'

/**
 * One binary model's curves in the accuracy gate's `details.curves` (JSON). Rates are rounded to
 * 6 decimals and each curve has at most 200 points (stats' `downsampleCurve`: exact end points,
 * corners first), which keeps a result with a champion under about 20 KB more.
 */
export type ModelCurves = {
  /** One point per distinct score (ties are one step), from (0, 0) to (1, 1). */
  readonly roc: {
    readonly fpr: number[]
    readonly tpr: number[]
    readonly auc: number | null
  } | null
  /** From (recall 0, precision 1) to (recall 1, precision = prevalence), scikit-learn's order reversed. */
  readonly pr: {
    readonly recall: number[]
    readonly precision: number[]
    readonly average_precision: number | null
    /** Share of positive rows: the precision of a model that guesses. */
    readonly prevalence: number
  } | null
  /** 10 equal-width score bins, right-closed ([0, 0.1], (0.1, 0.2], …) as the ECE; empty bins have nulls. */
  readonly calibration: {
    readonly bins: {
      readonly low: number
      readonly high: number
      readonly count: number
      readonly mean_score: number | null
      readonly observed_rate: number | null
    }[]
    readonly ece: number | null
  } | null
  /** The gate's decision threshold on these curves: P(positive) ≥ threshold is predicted positive. */
  readonly operating_point: {
    readonly threshold: number
    readonly fpr: number | null
    readonly tpr: number | null
    readonly precision: number | null
  }
  /** Why a curve is null (a class is missing, or the scores are not probabilities). */
  readonly undefined?: Readonly<Record<string, string>>
}

/** `details.curves` of a binary accuracy result: the candidate's, and the champion's when given. */
export type AccuracyCurves = {
  readonly candidate: ModelCurves
  readonly champion?: ModelCurves
}

/**
 * The curves of one model's positive-class scores on `rows` rows (stats' `binaryCurves`), with its
 * metrics for legends and marks.
 */
export function modelCurves(
  curves: BinaryCurves,
  rows: number,
  metrics: MetricMap,
  threshold: number,
): ModelCurves {
  const value = (name: string): number | null => metrics[name]?.value ?? null
  const why = (name: string): string => {
    const m = metrics[name]
    return m != null && m.value == null ? m.reason : 'not computed'
  }
  const undefinedCurves: Record<string, string> = {}
  if (curves.roc == null) undefinedCurves['roc'] = why('roc_auc')
  if (curves.pr == null) undefinedCurves['pr'] = why('average_precision')
  if (curves.calibration == null) undefinedCurves['calibration'] = why('ece')
  const positives = value('positives') ?? 0
  const specificity = value('specificity')
  return {
    roc: curves.roc && {
      fpr: rounded(curves.roc.fpr),
      tpr: rounded(curves.roc.tpr),
      auc: value('roc_auc'),
    },
    pr: curves.pr && {
      recall: rounded(curves.pr.recall),
      precision: rounded(curves.pr.precision),
      average_precision: value('average_precision'),
      prevalence: round6(positives / rows),
    },
    calibration: curves.calibration && {
      bins: curves.calibration.map((b) => ({
        low: b.low,
        high: b.high,
        count: b.count,
        mean_score: b.meanScore == null ? null : round6(b.meanScore),
        observed_rate: b.observedRate == null ? null : round6(b.observedRate),
      })),
      ece: value('ece'),
    },
    operating_point: {
      threshold,
      fpr: specificity == null ? null : round6(1 - specificity),
      tpr: nullable(value('recall')),
      precision: nullable(value('precision')),
    },
    ...(Object.keys(undefinedCurves).length > 0 ? { undefined: undefinedCurves } : {}),
  }
}

// --- internal ---

/** Six decimals: a millionth of a chart's side, and about 8 characters a number in JSON. */
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6
}

function rounded(values: Float64Array): number[] {
  return Array.from(values, round6)
}

function nullable(v: number | null): number | null {
  return v == null ? null : round6(v)
}
