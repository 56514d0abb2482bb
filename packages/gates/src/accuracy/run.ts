import { getColumn, readTable } from '@mlgate/data'
import type { Model, Predictions, ScoreOptions } from '@mlgate/onnx'
import type { GateResult } from '../result.ts'
import { SCANNED_FILE, scoreInChunks, withOpenModels } from '../scored-chunks.ts'
import { featureTable, scoreModel } from '../scoring.ts'
import type { AccuracyConfig } from './config.ts'
import type { AccuracyInputs, Scored } from './evaluate.ts'
import { evaluateAccuracy } from './evaluate.ts'
import { resamplerFactory } from '../bootstrap/threaded-resampler.ts'

export type RunHooks = {
  /**
   * Called as scoring (rows of each model) and the bootstrap intervals (resamples) advance, for
   * progress bars.
   */
  readonly onProgress?: (
    what: 'candidate' | 'champion' | 'bootstrap' | 'paired bootstrap',
    done: number,
    total: number,
  ) => void
}

/**
 * Read the holdout, score the candidate (and champion) once, and judge the bounds. A CSV or
 * Parquet holdout is scored chunk by chunk, keeping only the label and the scores
 * (`scoreInChunks`), so that its feature columns are never all in memory; any other, or one
 * that cannot be, is read whole.
 */
export async function runAccuracyGate(
  config: AccuracyConfig,
  hooks: RunHooks = {},
): Promise<GateResult> {
  const scored = (await scoredInChunks(config, hooks)) ?? (await scoredWhole(config, hooks))
  const resampler = config.resamples > 0 ? await resamplerFactory() : undefined
  return evaluateAccuracy(config, { ...scored, resampler }, hooks.onProgress)
}

// --- internal ---

type ScoredHoldout = Pick<AccuracyInputs, 'table' | 'candidate' | 'champion'>

async function scoredWhole(config: AccuracyConfig, hooks: RunHooks): Promise<ScoredHoldout> {
  const table = await readTable(config.data)
  // Checked before scoring: a misspelt label would otherwise surface as a confusing shape error.
  getColumn(table, config.label)
  const features = featureTable(table, [config.label])
  const options = (which: 'candidate' | 'champion') => ({
    ...scoreOptions(config),
    ...(hooks.onProgress
      ? { onProgress: (done: number, total: number) => hooks.onProgress?.(which, done, total) }
      : {}),
  })
  const candidate = await scoreModel(config.model, features, options('candidate'))
  let champion: Scored | undefined
  if (config.champion) champion = await scoreModel(config.champion, features, options('champion'))
  return { table, candidate, ...(champion ? { champion } : {}) }
}

async function scoredInChunks(
  config: AccuracyConfig,
  hooks: RunHooks,
): Promise<ScoredHoldout | undefined> {
  if (!SCANNED_FILE.test(config.data)) return undefined
  const paths = [config.model, config.champion ?? []].flat()
  return withOpenModels(paths, async (open) => {
    const models = paths.map((path) => open.get(path) as Model)
    const scorings = models.map((model) => ({
      model,
      exclude: [config.label],
      options: scoreOptions(config),
    }))
    const onProgress = (i: number, done: number, total: number) =>
      hooks.onProgress?.(i === 0 ? 'candidate' : 'champion', done, total)
    const scored = await scoreInChunks(config.data, [config.label], scorings, { onProgress })
    if (scored === undefined) return undefined
    const [candidate, champion] = models.map((model, i) => ({
      info: model.info,
      predictions: scored.predictions[i] as Predictions,
    }))
    return {
      table: scored.table,
      candidate: candidate as Scored,
      ...(champion ? { champion } : {}),
    }
  })
}

function scoreOptions(config: AccuracyConfig): ScoreOptions {
  return { batchSize: config.batchSize, ...(config.columns ? { columns: config.columns } : {}) }
}
