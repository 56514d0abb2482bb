import { errorResult } from '../error-result.ts'
import type { Column, Table } from '@mlgate/data'
import { PSI_EPSILON } from '@mlgate/stats'
import { fmt } from '../judge.ts'
import type { Check, Finding, GateResult, GateStatus, ResultTable } from '../result.ts'
import { worstStatus } from '../status.ts'
import { featureTable } from '../scoring.ts'
import { columnsToCheck } from './_checked.ts'
import { lentColumn } from './_transfer.ts'
import { binsTable, chartTable, displayName, driftTable } from './_tables.ts'
import type { StreamOptions } from './_stream.ts'
import { streamDrifts } from './_stream.ts'
import type { ScoreTask, ScoredDrift } from './_score-task.ts'
import type { CompareTask } from './_task.ts'
import { runTask } from './_task.ts'
import type { JudgedDrift } from './_verdicts.ts'
import { judgeDrift } from './_verdicts.ts'
import type { DriftWorkers, RunOptions } from './_workers.ts'
import type { DriftConfig } from './config.ts'
import { DEFAULT_FAIL } from './config.ts'
import type { FeatureDrift } from './feature-drift.ts'
import { labelCoverage } from './label-coverage.ts'
import type { CoverageReport } from './label-coverage.ts'
import type { DriftProfile } from './profile.ts'

export type DriftInputs = {
  readonly profile: DriftProfile
  /** Where the profile came from, e.g. `built from data/ref.csv` or `read from ref.profile.json`. */
  readonly profileSource: string
  readonly current: Table
  /** The model's scores on the current rows (a column named `prediction`), when a model is given. */
  readonly prediction?: Column
  /** Facts for the report's context (timings in ms, file hashes). */
  readonly context?: Readonly<Record<string, string | number | boolean>>
}

/**
 * Compares the current data with a reference profile: per column PSI (with the no-drift
 * expectation), KS and Jensen-Shannon distance, verdicts by PSI band, the share of drifted
 * features, prediction and label drift, and the label-coverage audit when asked.
 */
export function evaluateDrift(config: DriftConfig, inputs: DriftInputs): GateResult {
  const started = performance.now()
  if (inputs.current.rowCount === 0) return noRows(inputs.current.source)
  return reportDrift(
    config,
    inputs,
    comparisons(config, inputs).map((t) => runTask(t)),
    started,
  )
}

/**
 * `evaluateDrift` with the per-column comparisons run by `workers` (on worker threads when that
 * pays): the same result, number for number. With `handOver`, the current columns and the
 * profile's arrays move to the workers instead of being copied: the caller must not read them
 * afterwards (the label-coverage audit reads the current table, so it keeps them). `meanwhile`
 * and `spareCore`: see `RunOptions`.
 */
export async function evaluateDriftWith(
  workers: DriftWorkers,
  config: DriftConfig,
  inputs: DriftInputs,
  options: Pick<RunOptions, 'handOver' | 'meanwhile' | 'spareCore'> = {},
): Promise<GateResult> {
  const started = performance.now()
  if (inputs.current.rowCount === 0) return noRows(inputs.current.source)
  const handOver = handsOver(config, options)
  const drifts = await workers.run(comparisons(config, inputs), { ...options, handOver })
  return reportDrift(config, inputs, drifts, started)
}

/** `DriftInputs` of a run whose model is still scoring the current table. */
export type ScoringInputs = Omit<DriftInputs, 'prediction'> & {
  /** The model's scores on the current rows, when the scoring ends (`DriftInputs.prediction`). */
  readonly scoring: Promise<Column>
}

/**
 * `evaluateDriftWith` for a run whose model is still scoring the current table (on the main
 * thread): the features' comparisons go to the workers at once, as lent columns (`lentColumn`:
 * the model reads the same columns meanwhile), and the prediction's once its scores come, so the
 * workers compare while the model scores. The same result, and the same error first: the
 * scoring's, then the earliest failing column's in task order.
 */
export async function evaluateDriftWhileScoring(
  workers: DriftWorkers,
  config: DriftConfig,
  inputs: ScoringInputs,
  options: Pick<RunOptions, 'handOver' | 'meanwhile' | 'spareCore'> = {},
): Promise<GateResult> {
  const started = performance.now()
  const { scoring } = inputs
  if (inputs.current.rowCount === 0) {
    // Its error, if any, comes first, as it does for a table with rows.
    await scoring
    return noRows(inputs.current.source)
  }
  let tasks: CompareTask[]
  try {
    tasks = comparisons(config, { ...inputs, prediction: SCORES_TO_COME })
  } catch (error) {
    await scoring
    throw error
  }
  const handOver = handsOver(config, options)
  const features = tasks.slice(0, -1).map((t) => ({ ...t, column: lentColumn(t.column) }))
  const compared = workers.run(features, {
    handOver,
    allAtOnce: true,
    ...(options.spareCore === undefined ? {} : { spareCore: options.spareCore }),
  })
  compared.catch(() => undefined)
  const prediction = await scoring
  const last = { ...tasks[tasks.length - 1]!, column: prediction }
  const scored = workers.run([last], { ...options, handOver })
  scored.catch(() => undefined)
  const drifts = [...(await compared), ...(await scored)]
  return reportDrift(config, { ...inputs, prediction }, drifts, started)
}

/**
 * How the drift workers score the current table (`ScoreTask`, whose other fields the run fills):
 * `drop`, the columns the model must not read (the label).
 */
export type WorkerScoring = Pick<ScoreTask, 'model' | 'batchSize' | 'columns' | 'positive'> & {
  readonly drop: readonly string[]
}

/**
 * `evaluateDriftWith` for a run whose model scores the current table on a drift worker
 * (`ScoreTask`: the worker that loaded the profile has ONNX Runtime started by then), beside the
 * features' comparisons: the main thread only hands the tasks out and goes on with other work.
 * The same result as scoring on the main thread first; `score_current_ms` is the worker's scoring.
 */
export async function evaluateDriftScoredOnWorker(
  workers: DriftWorkers,
  config: DriftConfig,
  inputs: Omit<DriftInputs, 'prediction'>,
  scoring: WorkerScoring,
  timings: Record<string, number>,
  options: Pick<RunOptions, 'handOver' | 'meanwhile' | 'spareCore'> & {
    /** The scoring's rows so far, for progress lines. */
    readonly onScoring?: (done: number, total: number) => void
  } = {},
): Promise<GateResult> {
  const started = performance.now()
  if (inputs.current.rowCount === 0) return noRows(inputs.current.source)
  const tasks = comparisons(config, { ...inputs, prediction: SCORES_TO_COME })
  const prediction = tasks[tasks.length - 1]!
  const { drop, ...model } = scoring
  const score: ScoreTask = {
    ...model,
    kind: 'score',
    table: featureTable(inputs.current, drop),
    entry: prediction.entry,
    source: prediction.source,
    noiseLevel: prediction.noiseLevel,
  }
  const handOver = handsOver(config, options)
  const { onScoring, ...run } = options
  const last = tasks.length - 1
  const outputs = await workers.run([...tasks.slice(0, -1), score], {
    ...run,
    handOver,
    ...(onScoring ? { onProgress: (i, done, total) => i === last && onScoring(done, total) } : {}),
  })
  const scored = outputs[outputs.length - 1] as ScoredDrift
  timings['score_current_ms'] = Math.round(scored.scoringMs)
  const drifts = [...(outputs.slice(0, -1) as FeatureDrift[]), scored.drift]
  return reportDrift(config, inputs, drifts, started)
}

/**
 * Whether the tasks' arrays move to the workers: when the caller hands them over, unless the
 * label-coverage audit reads the current table after the comparisons.
 */
function handsOver(config: DriftConfig, options: Pick<RunOptions, 'handOver'>): boolean {
  return options.handOver === true && config.labelledColumn === undefined
}

/** Stands in for the scores while the tasks are made: the prediction's is the last task. */
const SCORES_TO_COME: Column = {
  name: 'prediction',
  type: 'number',
  values: new Float64Array(0),
  missing: null,
  nullCount: 0,
}

/** `DriftInputs` with the current data as a CSV or Parquet file to read in chunks. */
export type StreamedInputs = Omit<DriftInputs, 'current' | 'prediction'> & {
  readonly path: string
}

/**
 * `evaluateDriftWith` on a current CSV or Parquet file read in chunks (`streamDrifts`): the same
 * result, in memory bounded by a chunk and the columns' summaries. Undefined when the file cannot
 * be summarised chunk by chunk with the same result; read it whole then. In a run with a model,
 * `options.score` gives each chunk's scores. Not for the label-coverage audit, which reads rows
 * across columns.
 */
export async function evaluateDriftStreamed(
  workers: DriftWorkers,
  config: DriftConfig,
  inputs: StreamedInputs,
  options: StreamOptions = {},
): Promise<GateResult | undefined> {
  if (config.labelledColumn !== undefined) {
    throw new Error('evaluateDriftStreamed: not for runs with a coverage audit')
  }
  if ((config.model !== undefined) !== (options.score !== undefined)) {
    throw new Error('evaluateDriftStreamed: a run with a model scores its chunks, and only then')
  }
  const started = performance.now()
  const streamed = await streamDrifts(workers, config, inputs.profile, inputs.path, options)
  if (streamed === undefined) return undefined
  if (streamed.rows === 0) return noRows(inputs.path)
  const current: Table = { source: inputs.path, rowCount: streamed.rows, columns: [] }
  return reportDrift(config, { ...inputs, current }, streamed.drifts, started)
}

/** The ids of the features that drifted significantly (verdict fail), for action outputs. */
export function driftedFeatures(result: GateResult): string[] {
  return result.checks
    .filter((c) => c.name.startsWith('psi.feature.') && c.verdict === 'fail')
    .map((c) => c.name.slice('psi.feature.'.length))
}

// --- internal ---

/** One comparison task per checked column, in the order the profile lists them. */
function comparisons(config: DriftConfig, inputs: DriftInputs): CompareTask[] {
  const { current } = inputs
  return columnsToCheck(config, inputs.profile, current, inputs.prediction).map(
    ({ entry, column }) => ({
      kind: 'compare',
      entry,
      column,
      source: current.source,
      noiseLevel: config.autoQuantile,
    }),
  )
}

/** Verdicts, checks, tables and findings from every column's measures. */
function reportDrift(
  config: DriftConfig,
  inputs: DriftInputs,
  drifts: readonly FeatureDrift[],
  started: number,
): GateResult {
  const { profile, current } = inputs
  const judged = judgeDrift(drifts, config).sort((a, b) => b.psi.psi - a.psi.psi)
  const score = profile.model?.score
  const features = judged.filter((d) => d.role === 'feature')
  const drifted = features.filter((d) => d.verdict === 'fail')
  const share = features.length === 0 ? 0 : drifted.length / features.length
  const shareVerdict: GateStatus =
    drifted.length === 0 ? 'pass' : share > config.maxDriftShare ? 'fail' : 'warn'

  const coverage =
    config.labelledColumn === undefined
      ? undefined
      : labelCoverage(
          current,
          features.map((d) => d.name),
          {
            column: config.labelledColumn,
            when: config.labelledWhen,
            warnAt: config.warnThreshold,
            categorical: new Set(config.categorical),
          },
        )

  const checks: Check[] = [
    shareCheck(features.length, drifted, share, shareVerdict, config.maxDriftShare),
    ...judged.map((d) => psiCheck(d, score)),
  ]
  const statuses: GateStatus[] = [
    shareVerdict,
    ...judged.map((d) => (d.role === 'feature' && d.verdict === 'fail' ? 'warn' : d.verdict)),
    ...(coverage?.partial ? (['warn'] as const) : []),
  ]
  const status = worstStatus(statuses)
  const tables: ResultTable[] = [driftTable(judged, score)]
  judged
    .filter((d) => d.verdict !== 'pass')
    .slice(0, config.top)
    .forEach((d, i) => tables.push(binsTable(d, 1 + i, score)))
  if (coverage) tables.push(coverage.table)
  const chart = chartTable(judged, score)
  if (chart) tables.push(chart)

  const prediction = judged.find((d) => d.role === 'prediction')
  const label = judged.find((d) => d.role === 'label')
  return {
    gate: 'drift',
    title: 'Drift gate',
    status,
    summary: summarize(features, drifted, prediction, label, coverage, score),
    checks,
    metrics: {
      drift_share: share,
      drifted_features: drifted.length,
      features_checked: features.length,
      max_psi: features.length > 0 ? Math.max(...features.map((d) => d.psi.psi)) : null,
      ...(prediction ? { prediction_psi: prediction.psi.psi } : {}),
      ...(label ? { label_psi: label.psi.psi } : {}),
      ...(coverage ? { label_coverage: coverage.labelledRows / Math.max(1, coverage.rows) } : {}),
    },
    tables,
    findings: findingsFor(judged, config, coverage, current.source, score),
    context: {
      current: current.source,
      rows_current: current.rowCount,
      reference: profile.reference.file,
      reference_sha256: profile.reference.sha256 || 'not computed (no profile was stored)',
      rows_reference: profile.reference.rows,
      profile: inputs.profileSource,
      ...(profile.model ? { model: profile.model.file, model_sha256: profile.model.sha256 } : {}),
      features_checked: features.length,
      bins: 'reference deciles (0.1 … 0.9 quantiles, numpy linear), right-closed, repeated edges collapsed; missing values are a bin of their own',
      epsilon: `${PSI_EPSILON} replaces a share of 0 before the logarithm`,
      thresholds:
        config.threshold === 'auto'
          ? `auto: warn ${config.warnThreshold}, fail ${DEFAULT_FAIL}, counted beyond the ${config.autoQuantile} no-drift quantile (Benjamini-Hochberg)`
          : `warn ${config.warnThreshold}, fail ${config.threshold}`,
      ...inputs.context,
      evaluate_ms: Math.round(performance.now() - started),
    },
    policy: policySentence(config),
  }
}

function shareCheck(
  n: number,
  drifted: readonly JudgedDrift[],
  share: number,
  verdict: GateStatus,
  max: number,
): Check {
  const names = drifted.map((d) => d.name)
  const which =
    names.length === 0
      ? ''
      : `: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`
  const reason =
    verdict === 'pass'
      ? `No feature drifted significantly (0 of ${n}).`
      : `${drifted.length} of ${n} features drifted significantly${which}; ${verdict === 'fail' ? `that is more than the ${fmt(max)} share allowed` : `the ${fmt(max)} share allowed is not exceeded, so the gate only warns`}.`
  return {
    name: 'drift_share',
    label: 'Share of drifted features',
    value: share,
    bound: { op: '<=', value: max, kind: 'value' },
    verdict,
    reason,
  }
}

function psiCheck(d: JudgedDrift, score: string | undefined): Check {
  return {
    name: `psi.${d.role}.${d.name}`,
    label: `PSI · ${displayName(d, score)}`,
    value: d.psi.psi,
    bound: { op: '<=', value: d.failAt, kind: 'value' },
    verdict: d.verdict,
    reason: d.reason,
  }
}

function findingsFor(
  judged: readonly JudgedDrift[],
  config: DriftConfig,
  coverage: CoverageReport | undefined,
  source: string,
  score: string | undefined,
): Finding[] {
  const findings: Finding[] = []
  for (const d of judged) {
    const name = displayName(d, score)
    if (d.unseen.length > 0) {
      findings.push({
        severity: 'warning',
        message: `"${name}" has ${d.unseen.length} categor${d.unseen.length === 1 ? 'y' : 'ies'} the reference never saw: ${d.unseen.slice(0, 10).join(', ')}${d.unseen.length > 10 ? ' …' : ''}.`,
        file: source,
        column: d.name,
      })
    }
    if (d.vanished.length > 0) {
      findings.push({
        severity: 'notice',
        message: `"${name}" no longer holds ${d.vanished.length} reference categor${d.vanished.length === 1 ? 'y' : 'ies'}: ${d.vanished.slice(0, 10).join(', ')}${d.vanished.length > 10 ? ' …' : ''}.`,
        file: source,
        column: d.name,
      })
    }
    if (
      config.threshold !== 'auto' &&
      d.verdict !== 'pass' &&
      d.psiPValue > 1 - config.autoQuantile
    ) {
      findings.push({
        severity: 'notice',
        message: `PSI ${fmt(d.psi.psi)} of "${name}" is within sampling noise at ${d.refRows} and ${d.curRows} rows (no-drift ${config.autoQuantile} quantile ${fmt(d.noiseQuantile)}); threshold: auto would not count it.`,
        column: d.name,
      })
    }
  }
  const noisy = judged.filter((d) => d.noise.expected >= d.warnAt / 2)
  if (noisy.length > 0 && config.threshold !== 'auto') {
    const d = noisy[0]!
    findings.push({
      severity: 'warning',
      message: `Samples are small for fixed bands: with ${d.refRows} reference and ${d.curRows} current rows, sampling noise alone gives PSI ${fmt(d.noise.expected)} on average for "${displayName(d, score)}" (warn band ${fmt(d.warnAt)}). Use threshold: auto, or more rows.`,
    })
  }
  if (coverage) findings.push(...coverage.findings)
  return findings
}

function summarize(
  features: readonly JudgedDrift[],
  drifted: readonly JudgedDrift[],
  prediction: JudgedDrift | undefined,
  label: JudgedDrift | undefined,
  coverage: CoverageReport | undefined,
  score: string | undefined,
): string {
  const moderate = features.filter((d) => d.verdict === 'warn').length
  const parts = [
    drifted.length === 0
      ? `No feature drifted significantly (${features.length} checked${moderate > 0 ? `, ${moderate} moderately` : ''})`
      : `${drifted.length} of ${features.length} features drifted significantly (${drifted
          .slice(0, 5)
          .map((d) => `${d.name} PSI ${fmt(d.psi.psi)}`)
          .join(', ')}${drifted.length > 5 ? ', …' : ''})`,
  ]
  if (prediction) {
    parts.push(
      `prediction drift (${score ?? 'score'}): PSI ${fmt(prediction.psi.psi)}, ${prediction.verdict}`,
    )
  }
  if (label) parts.push(`label drift: PSI ${fmt(label.psi.psi)}, ${label.verdict}`)
  if (coverage?.partial) parts.push('labelled rows cover only part of the inputs')
  return `${parts.join('; ')}.`
}

function policySentence(config: DriftConfig): string {
  const fail = config.threshold === 'auto' ? DEFAULT_FAIL : config.threshold
  const parts = [
    `PSI bands decide each column: below ${fmt(config.warnThreshold)} stable, from ${fmt(config.warnThreshold)} moderate (warn), from ${fmt(fail)} significant (fail)${Object.keys(config.featureThresholds).length > 0 ? ', with per-column overrides' : ''}.`,
  ]
  if (config.threshold === 'auto') {
    parts.push(
      `threshold auto: a band counts only when sampling noise cannot explain the PSI; each column's no-drift p-value, from (1/n_ref + 1/n_cur)·χ²(B − 1), is adjusted by Benjamini-Hochberg across columns and must be at most ${fmt(1 - config.autoQuantile)} (the false discovery rate).`,
    )
  }
  parts.push(
    config.maxDriftShare === 0
      ? 'Any significantly drifted feature fails the gate; moderate drift warns.'
      : `The gate fails when more than ${fmt(config.maxDriftShare)} of the features drift significantly; fewer warn.`,
  )
  parts.push(
    `KS p-values (exact up to 10,000 rows a side, asymptotic beyond) and JS distances are reported, not gated; KS p-values are also shown Benjamini-Hochberg adjusted. A share of 0 is replaced by ${PSI_EPSILON} before the logarithm.`,
  )
  return parts.join(' ')
}

function noRows(source: string): GateResult {
  return errorResult({
    gate: 'drift',
    title: 'Drift gate',
    summary: `${source} has no data rows: the gate compared nothing, so it cannot pass.`,
    finding: { message: 'The current data has a header but no data rows.', file: source },
    context: { current: source, rows_current: 0 },
    policy: 'A gate that compared no rows is an error.',
  })
}
