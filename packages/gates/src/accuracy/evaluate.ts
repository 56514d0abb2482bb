import type { Table } from '@mlgate/data'
import { getColumn } from '@mlgate/data'
import type { ModelInfo, Predictions } from '@mlgate/onnx'
import type { BinaryCurves, BootstrapInterval, MetricMap, ResamplerFactory } from '@mlgate/stats'
import {
  binaryMetricsWithCurves,
  bootstrapBinary,
  delongTest,
  mcnemarExact,
  multiclassMetrics,
  pairedBootstrapBinary,
  regressionMetrics,
} from '@mlgate/stats'
import type { BoundSpec } from '../bound-spec.ts'
import { describeBound } from '../bound-spec.ts'
import { ConfigError } from '../errors.ts'
import { fmt, judge } from '../judge.ts'
import { assertNoMissingLabels, binaryLabels, classIndices } from '../labels.ts'
import { HEADLINE_METRICS, LOWER_IS_BETTER, metricLabel } from '../metric-names.ts'
import type { Check, Finding, GateResult, Interval, ResultTable } from '../result.ts'
import { worstStatus } from '../status.ts'
import { noRowsResult, positiveScores } from '../positive-score.ts'
import type { AccuracyConfig } from './config.ts'
import type { AccuracyCurves } from './curves.ts'
import { modelCurves } from './curves.ts'

/** A model's predictions on the gate's rows, with what was learned from the model file. */
export type Scored = { readonly info: ModelInfo; readonly predictions: Predictions }

export type AccuracyInputs = {
  readonly table: Table
  readonly candidate: Scored
  readonly champion?: Scored
  /** Where the bootstrap's resamples are drawn (`resamplerFactory`); by default on this thread. */
  readonly resampler?: ResamplerFactory | undefined
}

/** Task-specific view of one model's predictions: metrics plus what the comparisons need. */
type Evaluation = {
  metrics: MetricMap
  /** Binary only: positive-class score and 0/1 labels, for intervals and paired tests. */
  score?: Float64Array
  y?: Uint8Array
  /** Binary only: ROC, precision-recall and calibration curves, from the metrics' sort. */
  curves?: BinaryCurves
}

/** What the accuracy gate reports progress on, besides scoring: its bootstrap intervals. */
export type BootstrapProgress = (
  what: 'bootstrap' | 'paired bootstrap',
  resamplesDone: number,
  resamplesTotal: number,
) => void

/**
 * Compute the accuracy gate's verdict from predictions already made. Scoring is separate so
 * that one scoring pass can serve several gates in the same run. `onProgress` hears how the
 * bootstrap intervals advance (seconds on a million rows).
 */
export function evaluateAccuracy(
  config: AccuracyConfig,
  inputs: AccuracyInputs,
  onProgress?: BootstrapProgress,
): GateResult {
  const { table, candidate, champion } = inputs
  if (table.rowCount === 0) return noRowsResult('accuracy', 'Accuracy gate', config.data, table)
  const labelColumn = getColumn(table, config.label)
  assertNoMissingLabels(labelColumn, table.source)
  const task = candidate.info.task
  if (champion && champion.info.task !== task) {
    throw new ConfigError(
      `The champion ${config.champion} is a ${champion.info.task} model but the candidate ${config.model} is ${task}: they cannot be compared.`,
    )
  }
  const findings: Finding[] = []
  const context: Record<string, string | number | boolean> = {
    model: config.model,
    model_sha256: candidate.info.sha256,
    data: config.data,
    rows: table.rowCount,
    task,
    label: config.label,
  }

  let positive: string | undefined
  const evaluate = (scored: Scored): Evaluation => {
    const p = scored.predictions
    if (task === 'regression') {
      return {
        metrics: regressionMetrics(labelValues(table, config.label), requireScores(p, scored)),
      }
    }
    const classes = scored.info.classes ?? p.classes
    if (classes == null)
      throw new ConfigError(`${scored.info.path} does not declare its class labels.`)
    if (task === 'multiclass') {
      const y = classIndices(labelColumn, table.rowCount, classes)
      return { metrics: multiclassMetrics(y, requireProbabilities(p, scored), classes.length) }
    }
    // The champion is judged on the candidate's positive class, whatever its own classes say.
    const labels = binaryLabels(labelColumn, table.rowCount, config.positive ?? positive, classes)
    if (positive == null) context.positive_class = `${labels.positive} (${labels.positiveSource})`
    positive = labels.positive
    const { scores: score } = positiveScores(scored, labels.positive, table, findings)
    const { metrics, curves } = binaryMetricsWithCurves(labels.y, score, config.threshold)
    return { metrics, score, y: labels.y, curves }
  }

  const cand = evaluate(candidate)
  const champ = champion ? evaluate(champion) : undefined
  if (champion) {
    context.champion = config.champion ?? champion.info.path
    context.champion_sha256 = champion.info.sha256
  }
  if (task === 'binary') context.threshold = config.threshold

  const bounded = config.bounds.map((b) => b.metric)
  const wanted = [...new Set([...HEADLINE_METRICS[task], ...bounded])]
  for (const m of bounded) {
    if (!(m in cand.metrics)) {
      throw new ConfigError(
        `Unknown metric "${m}" for a ${task} model. Known: ${Object.keys(cand.metrics).join(', ')}.`,
      )
    }
  }

  const bootstrap = (what: 'bootstrap' | 'paired bootstrap') => ({
    resamples: config.resamples,
    seed: config.seed,
    level: config.level,
    onProgress: onProgress && ((done: number, total: number) => onProgress(what, done, total)),
    resampler: inputs.resampler,
  })
  const intervals =
    cand.y && cand.score && config.resamples > 0
      ? bootstrapBinary(cand.y, cand.score, config.threshold, wanted, bootstrap('bootstrap'))
      : {}
  const changeIntervals =
    cand.y && cand.score && champ?.score && config.resamples > 0
      ? pairedBootstrapBinary(
          cand.y,
          cand.score,
          champ.score,
          config.threshold,
          config.bounds.filter((b) => b.kind === 'change').map((b) => b.metric),
          bootstrap('paired bootstrap'),
        )
      : {}
  if (config.resamples > 0) {
    context.bootstrap = `${config.resamples} resamples, seed ${config.seed}, ${Math.round(config.level * 100)}% percentile intervals`
  }

  const checks = config.bounds.map((bound) =>
    makeCheck(
      bound,
      cand.metrics,
      champ?.metrics,
      intervals,
      changeIntervals,
      config,
      table.rowCount,
    ),
  )
  const tables: ResultTable[] = [metricsTable(wanted, cand.metrics, intervals, champ?.metrics)]
  if (cand.y && cand.score) tables.push(confusionTable(cand.metrics))
  if (cand.y && cand.score && champ?.score) {
    tables.push(comparisonTable(cand.y, cand.score, champ.score, config.threshold))
  }
  tables.push(latencyTable(candidate, champion))

  if (table.rowCount < config.minRows) {
    findings.push({
      severity: 'warning',
      message: `Only ${table.rowCount} rows were evaluated; bounds need at least ${config.minRows} (min-rows) to be meaningful.`,
      file: config.data,
    })
  }
  const status = checks.length === 0 ? 'warn' : worstStatus(checks.map((c) => c.verdict))
  const curves = curvesOf(cand, champ, config.threshold)
  return {
    gate: 'accuracy',
    title: 'Accuracy gate',
    status,
    summary: summarize(status, checks, table.rowCount),
    checks,
    metrics: Object.fromEntries(wanted.map((m) => [m, cand.metrics[m]?.value ?? null])),
    tables,
    findings,
    context,
    policy: policySentence(config, champion != null),
    ...(curves ? { details: { curves } } : {}),
  }
}

// --- internal ---

function makeCheck(
  bound: BoundSpec,
  metrics: MetricMap,
  championMetrics: MetricMap | undefined,
  intervals: Record<string, BootstrapInterval | null>,
  changeIntervals: Record<string, BootstrapInterval | null>,
  config: AccuracyConfig,
  rows: number,
): Check {
  const label = metricLabel(bound.metric)
  const name = `${bound.metric}.${bound.kind}`
  const b = { op: bound.op, value: bound.value, kind: bound.kind, relative: bound.relative }
  const mine = metrics[bound.metric]
  if (mine == null || mine.value == null) {
    const reason = mine && mine.value == null ? mine.reason : 'not computed'
    return {
      name,
      label,
      value: null,
      bound: b,
      verdict: 'error',
      reason: `${label} is undefined: ${reason}.`,
    }
  }
  if (bound.kind === 'value') {
    const interval = toInterval(intervals[bound.metric])
    const j = judge(mine.value, b, interval, config.uncertainty, rows, config.minRows)
    return {
      name,
      label,
      value: mine.value,
      bound: b,
      verdict: j.verdict,
      reason: j.reason,
      ...(interval ? { interval } : {}),
    }
  }
  if (championMetrics == null) {
    return {
      name,
      label: `${label} vs champion`,
      value: null,
      bound: b,
      verdict: 'pass',
      reason: `Skipped: no champion model was given, so ${describeBound(bound)} was not checked.`,
    }
  }
  const theirs = championMetrics[bound.metric]
  if (theirs == null || theirs.value == null) {
    const reason = theirs && theirs.value == null ? theirs.reason : 'not computed'
    return {
      name,
      label: `${label} vs champion`,
      value: null,
      bound: b,
      verdict: 'error',
      reason: `Champion's ${label} is undefined: ${reason}.`,
    }
  }
  const base = bound.relative ? Math.abs(theirs.value) : 1
  if (base === 0) {
    return {
      name,
      label: `${label} vs champion`,
      value: null,
      bound: b,
      verdict: 'error',
      reason: `A relative change from a champion ${label} of 0 is undefined; use an absolute change bound.`,
    }
  }
  const change = (mine.value - theirs.value) / base
  const raw = toInterval(changeIntervals[bound.metric])
  const interval =
    raw && bound.relative
      ? {
          ...raw,
          low: raw.low / base,
          high: raw.high / base,
          method: `${raw.method}, divided by the champion's value`,
        }
      : raw
  const j = judge(change, b, interval, config.uncertainty, rows, config.minRows)
  return {
    name,
    label: `${label} vs champion`,
    value: change,
    bound: b,
    verdict: j.verdict,
    reason: `${label} ${fmt(mine.value)} vs champion ${fmt(theirs.value)}: change ${j.reason}`,
    ...(interval ? { interval } : {}),
  }
}

/** ROC, precision-recall and calibration curves of a binary task, for the HTML report. */
function curvesOf(
  cand: Evaluation,
  champ: Evaluation | undefined,
  threshold: number,
): AccuracyCurves | undefined {
  if (cand.y == null || cand.curves == null) return undefined
  const rows = cand.y.length
  const candidate = modelCurves(cand.curves, rows, cand.metrics, threshold)
  if (champ?.curves == null) return { candidate }
  return { candidate, champion: modelCurves(champ.curves, rows, champ.metrics, threshold) }
}

function toInterval(b: BootstrapInterval | null | undefined): Interval | undefined {
  if (b == null) return undefined
  return { low: b.low, high: b.high, level: b.level, method: b.method }
}

function requireProbabilities(p: Predictions, scored: Scored): Float64Array {
  if (p.probabilities == null) {
    throw new ConfigError(
      `${scored.info.path} has no probability output; multiclass metrics need one.`,
    )
  }
  return p.probabilities
}

function requireScores(p: Predictions, scored: Scored): Float64Array {
  if (p.scores == null)
    throw new ConfigError(
      `${scored.info.path} has no numeric output to use as a regression prediction.`,
    )
  return p.scores
}

function labelValues(table: Table, label: string): Float64Array {
  const column = getColumn(table, label)
  if (column.type === 'string') {
    throw new ConfigError(
      `Regression target "${label}" in ${table.source} holds text; it must be numeric.`,
    )
  }
  return column.values
}

function metricsTable(
  names: readonly string[],
  metrics: MetricMap,
  intervals: Record<string, BootstrapInterval | null>,
  champion: MetricMap | undefined,
): ResultTable {
  const columns = ['metric', 'value', 'interval', ...(champion ? ['champion', 'change'] : [])]
  const rows = names.map((name) => {
    const m = metrics[name]
    const value = m?.value ?? null
    const iv = intervals[name]
    const row: (string | number | null)[] = [
      metricLabel(name),
      value ?? `undefined: ${m && m.value == null ? m.reason : 'not computed'}`,
      iv ? `[${fmt(iv.low)}, ${fmt(iv.high)}]` : '',
    ]
    if (champion) {
      const c = champion[name]?.value ?? null
      row.push(c, value != null && c != null ? signed(value - c, LOWER_IS_BETTER.has(name)) : '')
    }
    return row
  })
  return { title: 'Metrics', columns, rows, priority: 0 }
}

function signed(delta: number, lowerIsBetter: boolean): string {
  const better = lowerIsBetter ? delta < 0 : delta > 0
  const sign = delta > 0 ? '+' : ''
  return delta === 0 ? '0' : `${sign}${fmt(delta)} (${better ? 'better' : 'worse'})`
}

function confusionTable(metrics: MetricMap): ResultTable {
  const v = (k: string): number => metrics[k]?.value ?? 0
  return {
    title: 'Confusion matrix (rows: actual, columns: predicted)',
    columns: ['', 'predicted positive', 'predicted negative'],
    rows: [
      ['actual positive', v('tp'), v('fn')],
      ['actual negative', v('fp'), v('tn')],
    ],
    priority: 1,
  }
}

function comparisonTable(
  y: Uint8Array,
  cand: Float64Array,
  champ: Float64Array,
  threshold: number,
): ResultTable {
  const correct = (s: Float64Array): Uint8Array => {
    const out = new Uint8Array(y.length)
    for (let i = 0; i < y.length; i++) out[i] = ((s[i] ?? 0) >= threshold ? 1 : 0) === y[i] ? 1 : 0
    return out
  }
  const mc = mcnemarExact(correct(cand), correct(champ))
  const rows: (string | number | null)[][] = [
    [
      'McNemar exact (accuracy)',
      `candidate right, champion wrong: ${mc.b}; the reverse: ${mc.c}`,
      mc.pValue,
    ],
  ]
  let positives = 0
  for (let i = 0; i < y.length; i++) positives += y[i] ?? 0
  // DeLong's variance needs at least two rows of each class.
  if (positives >= 2 && y.length - positives >= 2) {
    const d = delongTest(y, cand, champ)
    rows.push([
      'DeLong (ROC AUC)',
      `AUC ${fmt(d.aucA)} vs ${fmt(d.aucB)}, difference ${fmt(d.difference)}, z ${fmt(d.z)}`,
      d.pValue,
    ])
  }
  return {
    title: 'Candidate vs champion on the same rows',
    columns: ['test', 'observed', 'p-value'],
    rows,
    priority: 2,
  }
}

function latencyTable(candidate: Scored, champion: Scored | undefined): ResultTable {
  const row = (name: string, s: Scored): (string | number)[] => {
    const l = s.predictions.latency
    return [
      name,
      l.batches,
      l.batchSize,
      l.perBatchMs.p50,
      l.perBatchMs.p99,
      l.perRowMs.p50 * 1000,
      l.perRowMs.p99 * 1000,
      l.totalMs,
    ]
  }
  return {
    title: 'Scoring latency',
    columns: [
      'model',
      'batches',
      'batch size',
      'p50 ms/batch',
      'p99 ms/batch',
      'p50 µs/row',
      'p99 µs/row',
      'total ms',
    ],
    rows: [row('candidate', candidate), ...(champion ? [row('champion', champion)] : [])],
    priority: 3,
  }
}

function summarize(status: string, checks: readonly Check[], rows: number): string {
  if (checks.length === 0)
    return `No bounds were configured: ${rows} rows scored and metrics reported, nothing gated.`
  const bad = checks.filter((c) => c.verdict !== 'pass')
  if (bad.length === 0) return `All ${checks.length} bound(s) hold on ${rows} rows.`
  const first = bad[0]
  return `${bad.length} of ${checks.length} bound(s) ${status === 'warn' ? 'need attention' : 'failed'} on ${rows} rows; first: ${first?.label}: ${first?.reason}`
}

function policySentence(config: AccuracyConfig, hasChampion: boolean): string {
  const parts = [
    config.uncertainty === 'interval' && config.resamples > 0
      ? `A bound fails when the whole ${Math.round(config.level * 100)}% bootstrap interval misses it and warns when only the point estimate does (${config.resamples} resamples, seed ${config.seed}).`
      : 'Point estimates decide each bound; intervals, where shown, are for information.',
    `Passing bounds on fewer than ${config.minRows} rows are reported as warnings.`,
  ]
  if (!hasChampion && config.bounds.some((b) => b.kind === 'change')) {
    parts.push('No champion was given, so change bounds were skipped.')
  }
  return parts.join(' ')
}
