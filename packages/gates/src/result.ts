/**
 * The one result shape every gate returns. Renderers and publishers work on this alone, so a
 * new gate needs no new reporting code and one comment can gather several gates.
 */
export type GateStatus = 'pass' | 'warn' | 'fail' | 'error'

/** A bound a check was held to, e.g. `roc_auc >= 0.8` or `change in f1 >= -0.01`. */
export type Bound = {
  readonly op: '>=' | '<='
  readonly value: number
  /** `value`: the metric itself; `change`: candidate minus champion (absolute or relative). */
  readonly kind: 'value' | 'change'
  readonly relative?: boolean
}

export type Interval = {
  readonly low: number
  readonly high: number
  /** e.g. 0.95 */
  readonly level: number
  /** e.g. "percentile bootstrap, 1000 resamples, seed 42" */
  readonly method: string
}

export type Check = {
  /** Stable id, e.g. `roc_auc.value` or `f1.change`. */
  readonly name: string
  /** What a person reads, e.g. "ROC AUC". */
  readonly label: string
  /** The measured value; null when the metric is undefined (see `reason`). */
  readonly value: number | null
  readonly bound?: Bound
  readonly verdict: GateStatus
  readonly interval?: Interval
  /** Why the verdict is what it is, in one sentence a person can act on. */
  readonly reason: string
}

/** A finding points at a place: a file, row, column or feature. */
export type Finding = {
  readonly severity: 'error' | 'warning' | 'notice'
  readonly message: string
  readonly file?: string
  readonly line?: number
  readonly row?: number
  readonly column?: string
}

/** A table for the report. Cells are plain values; renderers escape and format them. */
export type ResultTable = {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly (string | number | null)[])[]
  /** Lower numbers are kept first when a report must be trimmed to fit a size limit. */
  readonly priority?: number
  /**
   * How a report charts the table: `bars` (and `line`, or several `lines`) name numeric columns drawn against the
   * first column, `false` draws no chart. Absent: the report's default chart, if any.
   */
  readonly chart?:
    false | { readonly bars: string; readonly line?: string; readonly lines?: readonly string[] }
}

export type GateResult = {
  /** Gate id: `accuracy`, `drift`, `fairness`, `schema`, ... */
  readonly gate: string
  /** Human title, e.g. "Accuracy gate". */
  readonly title: string
  readonly status: GateStatus
  /** One sentence: the verdict and the main reason. */
  readonly summary: string
  readonly checks: readonly Check[]
  /** Metrics keyed by statistics.md snake_case names; null where undefined. */
  readonly metrics: Readonly<Record<string, number | null>>
  readonly tables: readonly ResultTable[]
  readonly findings: readonly Finding[]
  /** Facts about the run: model path and hash, data file, row count, seed, timings. */
  readonly context: Readonly<Record<string, string | number | boolean>>
  /** How uncertainty entered the verdict, in words. */
  readonly policy: string
  /**
   * Structured data for machine readers (`--json`, the report artifact) that tables flatten:
   * - fairness: `groups` and `disparities` (keyed by attribute, see fairness/_details.ts);
   * - accuracy, binary task: `curves` = `{ candidate, champion? }`, each a `ModelCurves`
   *   (accuracy/curves.ts): `roc` `{ fpr[], tpr[], auc }`, `pr` `{ recall[], precision[],
   *   average_precision, prevalence }`, `calibration` `{ bins: [{ low, high, count, mean_score,
   *   observed_rate }], ece }` (10 right-closed score bins) and `operating_point` `{ threshold, fpr,
   *   tpr, precision }`; a curve is null when undefined, with the reason under `undefined`. At most
   *   200 points a curve, rates rounded to 6 decimals.
   * Only the HTML report reads it (curves and fairness groups, for its charts); the other
   * renderers draw from tables alone.
   */
  readonly details?: Readonly<Record<string, unknown>>
}
