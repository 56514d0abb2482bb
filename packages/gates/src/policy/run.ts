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

export type PolicyRunHooks = {
  /** Called when a gate starts and when it has its result, for progress lines. */
  readonly onGate?: (gate: PolicyGate, result?: GateResult) => void
  /** Called as a model scores a dataset. */
  readonly onProgress?: (what: string, rowsDone: number, rowsTotal: number) => void
}

/**
 * Runs every gate the policy declares, in a fixed order (schema, accuracy, fairness, drift), and
 * returns their results. Each dataset is read once and each model scores each dataset once: the
 * accuracy and fairness gates share the holdout and the candidate's scores on it, and the drift
 * gate reuses them when its current data is the holdout. A gate that cannot run (a missing file, a
 * column not in the data) gets an `error` result saying why, and the other gates still run.
 */
export async function runPolicy(
  configs: PolicyConfigs,
  hooks: PolicyRunHooks = {},
): Promise<GateResult[]> {
  const work = workspace(hooks)
  const results: GateResult[] = []
  const step = async (gate: PolicyGate, title: string, run: () => Promise<GateResult>) => {
    hooks.onGate?.(gate)
    const result = await run().catch((error: unknown) => couldNotRun(gate, title, error))
    hooks.onGate?.(gate, result)
    results.push(result)
  }
  const { schema, accuracy, fairness, drift } = configs
  if (schema) await step('schema', 'Schema gate', () => runSchemaGate(schema))
  if (accuracy) await step('accuracy', 'Accuracy gate', () => runAccuracy(work, accuracy))
  if (fairness) await step('fairness', 'Fairness gate', () => runFairness(work, fairness))
  if (drift) await step('drift', 'Drift gate', () => runDrift(work, drift))
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
  return evaluateAccuracy(config, { table, candidate, ...(champion ? { champion } : {}) })
}

async function runFairness(work: Workspace, config: FairnessConfig): Promise<GateResult> {
  const table = await work.table(config.data)
  getColumn(table, config.label)
  for (const name of config.sensitive) getColumn(table, name)
  const spec = { label: config.label, sensitive: config.sensitive, columns: config.columns }
  const scored = await work.score(config.model, config.data, spec, config.batchSize)
  const withheld = config.sensitive.filter((c) => !columnsRead(scored.info, config.columns).has(c))
  return evaluateFairness(config, { table, scored, withheld })
}

async function runDrift(work: Workspace, config: DriftConfig): Promise<GateResult> {
  // Only data another gate already read is reused; otherwise the drift gate reads its own.
  if (!work.has(config.current)) return runDriftGate(config, progress(work))
  const table = await work.table(config.current)
  if (!config.model) return runDriftGate(config, progress(work), { table })
  const spec = {
    label: config.label,
    sensitive: config.labelledColumn ? [config.labelledColumn] : [],
    columns: config.columns,
  }
  const scored = await work.score(config.model, config.current, spec, config.batchSize)
  return runDriftGate(config, progress(work), { table, scored })
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
