import type { Table } from '@mlgate/data'
import { getColumn, readTable } from '@mlgate/data'
import type { ModelInfo } from '@mlgate/onnx'
import { openModel } from '@mlgate/onnx'
import type { AccuracyConfig } from '../accuracy/config.ts'
import type { Scored } from '../accuracy/evaluate.ts'
import { evaluateAccuracy } from '../accuracy/evaluate.ts'
import type { DriftConfig } from '../drift/config.ts'
import { runDriftGate } from '../drift/run.ts'
import type { FairnessConfig } from '../fairness/config.ts'
import { evaluateFairness } from '../fairness/evaluate.ts'
import { columnsRead } from '../fairness/score.ts'
import { errorResult } from '../error-result.ts'
import type { GateResult } from '../result.ts'
import { runSchemaGate } from '../schema/run.ts'
import { featureTable } from '../scoring.ts'
import type { PolicyConfigs } from './configs.ts'
import type { PolicyGate } from './schema.ts'
import { resamplerFactory } from '../bootstrap/threaded-resampler.ts'

export type PolicyRunHooks = {
  /** Called when a gate starts and when it has its result, for progress lines. */
  readonly onGate?: (gate: PolicyGate, result?: GateResult) => void
  /**
   * Called as a model scores a dataset (rows) and as the accuracy and fairness gates' bootstraps
   * advance (resamples: `what` then ends with "bootstrap").
   */
  readonly onProgress?: (what: string, done: number, total: number) => void
}

/**
 * Runs every gate the policy declares and returns their results in a fixed order (schema,
 * accuracy, fairness, drift). Each dataset is read once and each model scores each dataset once:
 * the accuracy and fairness gates share the holdout and the candidate's scores on it, and the
 * drift gate reuses them when its current data or its reference (to build a profile) is the
 * holdout. A gate that cannot run (a missing file, a column not in the data) gets an `error`
 * result saying why, and the other gates still run.
 */
export async function runPolicy(
  configs: PolicyConfigs,
  hooks: PolicyRunHooks = {},
): Promise<GateResult[]> {
  const work = workspace(hooks)
  const step = async (gate: PolicyGate, title: string, run: () => Promise<GateResult>) => {
    hooks.onGate?.(gate)
    const result = await run().catch((error: unknown) => couldNotRun(gate, title, error))
    hooks.onGate?.(gate, result)
    return result
  }
  const { schema, accuracy, fairness, drift } = configs
  const results: GateResult[] = []
  if (schema) results.push(await step('schema', 'Schema gate', () => runSchemaGate(schema)))
  // The drift gate compares distributions on worker threads. When its current data is not the
  // holdout (whose table and scores it would reuse), it goes first: once its comparisons are
  // handed to the workers, the main thread reads, scores and measures the holdout while they
  // compare.
  const holdouts = new Set([accuracy?.data, fairness?.data])
  let comparing = (): void => undefined
  const handedOut = new Promise<void>((resolve) => (comparing = resolve))
  const driftAlongside =
    drift && !holdouts.has(drift.current)
      ? step('drift', 'Drift gate', () => runDrift(work, drift, holdouts, comparing))
      : undefined
  if (driftAlongside) await Promise.race([handedOut, driftAlongside])
  if (accuracy)
    results.push(await step('accuracy', 'Accuracy gate', () => runAccuracy(work, accuracy)))
  if (fairness)
    results.push(await step('fairness', 'Fairness gate', () => runFairness(work, fairness)))
  if (driftAlongside) results.push(await driftAlongside)
  else if (drift)
    results.push(await step('drift', 'Drift gate', () => runDrift(work, drift, holdouts)))
  return results
}

// --- internal ---

async function runAccuracy(work: Workspace, config: AccuracyConfig): Promise<GateResult> {
  const table = await work.table(config.data)
  getColumn(table, config.label)
  const spec = { label: config.label, sensitive: [], columns: config.columns }
  const candidate = await work.score(config.model, config.data, spec, config.batchSize)
  const champion = config.champion
    ? await work.score(config.champion, config.data, spec, config.batchSize)
    : undefined
  const resampler = config.resamples > 0 ? await resamplerFactory() : undefined
  return evaluateAccuracy(
    config,
    { table, candidate, ...(champion ? { champion } : {}), resampler },
    (what, done, total) => work.progress(`accuracy ${what}`, done, total),
  )
}

async function runFairness(work: Workspace, config: FairnessConfig): Promise<GateResult> {
  const table = await work.table(config.data)
  getColumn(table, config.label)
  for (const name of config.sensitive) getColumn(table, name)
  const spec = { label: config.label, sensitive: config.sensitive, columns: config.columns }
  const scored = await work.score(config.model, config.data, spec, config.batchSize)
  const withheld = config.sensitive.filter((c) => !columnsRead(scored.info, config.columns).has(c))
  return evaluateFairness(config, { table, scored, withheld }, (done, total) =>
    work.progress('fairness bootstrap', done, total),
  )
}

/**
 * `shared`: the datasets the other gates of this run read. The drift gate takes those from the
 * workspace (the reference only when its profile must be built), so no file is read twice.
 */
async function runDrift(
  work: Workspace,
  config: DriftConfig,
  shared: ReadonlySet<string | undefined>,
  onComparing?: () => void,
): Promise<GateResult> {
  // A core is kept for the main thread while another gate's dataset is still to be read.
  const sparesCore = () => [...shared].some((path) => path !== undefined && !work.has(path))
  const hooks = { ...progress(work), ...(onComparing ? { onComparing, sparesCore } : {}) }
  const spec = {
    label: config.label,
    sensitive: config.labelledColumn ? [config.labelledColumn] : [],
    columns: config.columns,
  }
  const { reference, model } = config
  const lent =
    reference !== undefined && shared.has(reference)
      ? {
          reference: {
            table: () => work.table(reference),
            ...(model
              ? { scored: () => work.score(model, reference, spec, config.batchSize) }
              : {}),
          },
        }
      : {}
  // Only current data another gate already read is reused; otherwise the drift gate reads its own.
  if (!work.has(config.current)) return runDriftGate(config, hooks, lent)
  const table = await work.table(config.current)
  if (!model) return runDriftGate(config, hooks, { ...lent, table })
  const scored = await work.score(model, config.current, spec, config.batchSize)
  return runDriftGate(config, hooks, { ...lent, table, scored })
}

function progress(work: Workspace) {
  return {
    onProgress: (what: string, d: number, t: number) => work.progress(`drift ${what}`, d, t),
  }
}

type ScoreSpec = {
  readonly label: string | undefined
  /** Columns the gates keep from the model unless it reads them (protected attributes). */
  readonly sensitive: readonly string[]
  readonly columns: readonly string[] | undefined
}

/** Datasets read and models scored so far in this run, so none is read or scored twice. */
type Workspace = {
  /** Whether another gate already read `path`. */
  has(path: string): boolean
  table(path: string): Promise<Table>
  /**
   * The model's predictions on a dataset. Columns it does not read are kept from it; when that
   * matters to a model fed by position (one [N, F] tensor with no column names), each set of
   * kept columns is scored on its own, as the single gates would.
   */
  score(model: string, data: string, spec: ScoreSpec, batchSize: number): Promise<Scored>
  progress(what: string, done: number, total: number): void
}

function workspace(hooks: PolicyRunHooks): Workspace {
  const tables = new Map<string, Promise<Table>>()
  const scores = new Map<string, Promise<Scored>>()
  const infos = new Map<string, ModelInfo>()
  const progress = (what: string, done: number, total: number) =>
    hooks.onProgress?.(what, done, total)
  const table = (path: string): Promise<Table> => {
    let read = tables.get(path)
    if (!read) {
      read = readTable(path)
      tables.set(path, read)
    }
    return read
  }
  const score = async (model: string, data: string, spec: ScoreSpec, batchSize: number) => {
    const known = infos.get(model)
    const cached = known && scores.get(scoreKey(known, model, data, spec))
    if (cached) return cached
    const opened = await openModel(model)
    try {
      infos.set(model, opened.info)
      const key = scoreKey(opened.info, model, data, spec)
      const again = scores.get(key)
      if (again) return await again
      const rows = await table(data)
      const scored = opened
        .predict(featureTable(rows, dropped(opened.info, spec)), {
          batchSize,
          ...(spec.columns ? { columns: spec.columns } : {}),
          onProgress: (d, t) => progress(`scoring ${model}`, d, t),
        })
        .then((predictions) => ({ info: opened.info, predictions }))
      scores.set(key, scored)
      return await scored
    } finally {
      await opened.close()
    }
  }
  return { has: (path) => tables.has(path), table, score, progress }
}

/** The label, and the kept columns the model does not read. */
function dropped(info: ModelInfo, spec: ScoreSpec): string[] {
  const read = columnsRead(info, spec.columns)
  return [...(spec.label ? [spec.label] : []), ...spec.sensitive.filter((c) => !read.has(c))]
}

/** Scores are shared unless the model is fed by position and sees other columns. */
function scoreKey(info: ModelInfo, model: string, data: string, spec: ScoreSpec): string {
  const seen = byPosition(info, spec.columns) ? dropped(info, spec) : [spec.label ?? '']
  return [model, data, ...seen].join('\0')
}

/** A model fed one [N, F] tensor of "the numeric columns": which columns it is given matters. */
function byPosition(info: ModelInfo, columns: readonly string[] | undefined): boolean {
  return columns == null && info.columns == null && info.inputs.length === 1
}

function couldNotRun(gate: string, title: string, error: unknown): GateResult {
  const message = error instanceof Error ? error.message : String(error)
  return errorResult({
    gate,
    title,
    summary: `Could not run: ${message}`,
    finding: { message },
    policy: 'A gate that could not run counts as an error, never as a pass.',
  })
}
