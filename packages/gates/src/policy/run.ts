import { getColumn } from '@mlgate/data'
import { fullCollection } from '@mlgate/data/collections'
import type { AccuracyConfig } from '../accuracy/config.ts'
import { evaluateAccuracy } from '../accuracy/evaluate.ts'
import type { DriftConfig } from '../drift/config.ts'
import { runDriftGate, type DriftRunHooks } from '../drift/run.ts'
import type { FairnessConfig } from '../fairness/config.ts'
import { evaluateFairness } from '../fairness/evaluate.ts'
import { columnsRead } from '../fairness/score.ts'
import { errorResult } from '../error-result.ts'
import type { GateResult } from '../result.ts'
import { runSchemaGate } from '../schema/run.ts'
import type { PolicyConfigs } from './configs.ts'
import { holdoutTail } from './holdout-tail.ts'
import type { PolicyGate } from './schema.ts'
import { resamplerFactory } from '../bootstrap/threaded-resampler.ts'
import type { HoldoutScoring, ScoreSpec, Workspace } from './workspace.ts'
import { workspace } from './workspace.ts'
import { SCANNED_FILE } from '../scored-chunks.ts'

export type PolicyRunHooks = {
  /** Called when a gate starts and when it has its result, for progress lines. */
  readonly onGate?: (gate: PolicyGate, result?: GateResult) => void
  /**
   * Called as a model scores a dataset (rows) and as the accuracy and fairness gates' bootstraps
   * advance (resamples: `what` then ends with "bootstrap").
   */
  readonly onProgress?: (what: string, done: number, total: number) => void
  /** Bytes per chunk when a CSV holdout is scored in chunks (csvChunks' default when omitted). */
  readonly blockBytes?: number
  /** Rows per chunk at least when a Parquet holdout is scored in chunks (scanParquet's default). */
  readonly minRows?: number
  /**
   * CSV holdouts scored in chunks from this size on have their last part read by the drift gate's
   * worker, before its comparisons (`holdoutTail`): `PARALLEL_ABOVE_BYTES` when omitted.
   */
  readonly helpAboveBytes?: number
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
  const chunked = holdoutInChunks(configs)
  // A drift gate that profiles the holdout needs its feature columns only until the profile is
  // built; the other gates need the scores, labels and protected attributes.
  let released = false
  const release =
    chunked &&
    (async () => {
      // A scoring that fails keeps the table whole; the gate that needs it reports the error.
      released = await work.release(chunked.path, chunked.scorings).then(
        () => true,
        () => false,
      )
    })
  let comparing = (): void => undefined
  const handedOut = new Promise<void>((resolve) => (comparing = resolve))
  const alongside = drift !== undefined && !holdouts.has(drift.current)
  // While the drift gate's worker has comparisons to run, it first reads the holdout's last part.
  const tail =
    alongside && chunked
      ? holdoutTail(chunked.path, chunked.scorings, () => !work.has(chunked.path), {
          above: hooks.helpAboveBytes,
          blockBytes: hooks.blockBytes,
        })
      : undefined
  const driftAlongside = alongside
    ? step('drift', 'Drift gate', () =>
        runDrift(work, drift, holdouts, release, {
          onComparing: comparing,
          beforeComparing: tail?.beforeComparing,
        }),
      )
    : undefined
  if (driftAlongside) await Promise.race([handedOut, driftAlongside])
  // Columns let go by then have been alive since the holdout was read, and only a full collection
  // frees them: 240 MB of the reference workload, free before the comparisons and the other
  // gates ask for memory.
  if (released) fullCollection()?.()
  // A cold drift gate has read the holdout whole by now when it is also the reference.
  if (chunked && !work.has(chunked.path)) {
    work.planChunks(chunked.path, chunked.scorings, tail?.scanTail())
  }
  if (accuracy)
    results.push(await step('accuracy', 'Accuracy gate', () => runAccuracy(work, accuracy)))
  if (fairness)
    results.push(await step('fairness', 'Fairness gate', () => runFairness(work, fairness)))
  if (driftAlongside) results.push(await driftAlongside)
  else if (drift)
    results.push(
      await step('drift', 'Drift gate', () => runDrift(work, drift, holdouts, release, {})),
    )
  return results
}

// --- internal ---

/**
 * The holdout and its scorings, when it is a CSV or Parquet file that the accuracy and fairness
 * gates read and the drift gate does not compare: those gates need only the scores, the label and
 * the protected attributes, so the file is scored chunk by chunk (`planChunks`) rather than held
 * whole, unless the drift gate has read it already to build its profile.
 */
function holdoutInChunks(
  configs: PolicyConfigs,
): { path: string; scorings: HoldoutScoring[] } | undefined {
  const { accuracy, fairness, drift } = configs
  const path = accuracy?.data ?? fairness?.data
  if (path === undefined || !SCANNED_FILE.test(path)) return undefined
  if (fairness && fairness.data !== path) return undefined
  if (drift?.current === path) return undefined
  const scorings: HoldoutScoring[] = []
  if (accuracy) {
    const spec = accuracySpec(accuracy)
    scorings.push({ model: accuracy.model, spec, batchSize: accuracy.batchSize })
    if (accuracy.champion) {
      scorings.push({ model: accuracy.champion, spec, batchSize: accuracy.batchSize })
    }
  }
  if (fairness) {
    scorings.push({
      model: fairness.model,
      spec: fairnessSpec(fairness),
      batchSize: fairness.batchSize,
    })
  }
  return { path, scorings }
}

/** The accuracy gate's scores: its candidate's (and champion's) on the holdout, label left out. */
function accuracySpec(config: AccuracyConfig): ScoreSpec {
  return { label: config.label, sensitive: [], columns: config.columns }
}

/** The fairness gate's scores: the protected attributes are kept from the model unless it reads them. */
function fairnessSpec(config: FairnessConfig): ScoreSpec {
  return { label: config.label, sensitive: config.sensitive, columns: config.columns }
}

async function runAccuracy(work: Workspace, config: AccuracyConfig): Promise<GateResult> {
  const table = await work.table(config.data)
  getColumn(table, config.label)
  const spec = accuracySpec(config)
  const candidate = await work.score(config.model, config.data, spec, config.batchSize)
  const champion = config.champion
    ? await work.score(config.champion, config.data, spec, config.batchSize)
    : undefined
  const resampler = config.resamples > 0 ? await resamplerFactory() : undefined
  const result = evaluateAccuracy(
    config,
    { table, candidate, ...(champion ? { champion } : {}), resampler },
    (what, done, total) => work.progress(`accuracy ${what}`, done, total),
  )
  return withReadFact(work, config.data, result)
}

async function runFairness(work: Workspace, config: FairnessConfig): Promise<GateResult> {
  const table = await work.table(config.data)
  getColumn(table, config.label)
  for (const name of config.sensitive) getColumn(table, name)
  const spec = fairnessSpec(config)
  const scored = await work.score(config.model, config.data, spec, config.batchSize)
  const withheld = config.sensitive.filter((c) => !columnsRead(scored.info, config.columns).has(c))
  const result = evaluateFairness(config, { table, scored, withheld }, (done, total) =>
    work.progress('fairness bootstrap', done, total),
  )
  return withReadFact(work, config.data, result)
}

/** The result, saying so when another thread read part of its data (`holdoutTail`). */
function withReadFact(work: Workspace, path: string, result: GateResult): GateResult {
  if (!work.readInPart(path)) return result
  return {
    ...result,
    context: { ...result.context, data_read: 'in part by the drift gate’s worker' },
  }
}

/**
 * `shared`: the datasets the other gates of this run read. The drift gate takes those from the
 * workspace (the reference only when its profile must be built), so no file is read twice.
 * `release`: lets go of the holdout's feature columns once its profile is built from it.
 * `alongside`: the other gates' work while the drift gate's workers compare (`DriftRunHooks`).
 */
async function runDrift(
  work: Workspace,
  config: DriftConfig,
  shared: ReadonlySet<string | undefined>,
  release: (() => Promise<void>) | undefined,
  alongside: Pick<DriftRunHooks, 'onComparing' | 'beforeComparing'>,
): Promise<GateResult> {
  const { onComparing, beforeComparing } = alongside
  // A core is kept for the main thread while another gate's dataset is still to be read.
  const sparesCore = () => [...shared].some((path) => path !== undefined && !work.has(path))
  const hooks = {
    ...progress(work),
    ...(onComparing ? { onComparing, sparesCore } : {}),
    ...(beforeComparing ? { beforeComparing } : {}),
  }
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
            ...(release ? { release } : {}),
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
