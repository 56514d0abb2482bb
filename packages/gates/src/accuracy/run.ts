import { getColumn, readTable } from '@mlgate/data'
import type { GateResult } from '../result.ts'
import { featureTable, scoreModel } from '../scoring.ts'
import type { AccuracyConfig } from './config.ts'
import type { Scored } from './evaluate.ts'
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

/** Read the holdout, score the candidate (and champion) once, and judge the bounds. */
export async function runAccuracyGate(
  config: AccuracyConfig,
  hooks: RunHooks = {},
): Promise<GateResult> {
  const table = await readTable(config.data)
  // Checked before scoring: a misspelt label would otherwise surface as a confusing shape error.
  getColumn(table, config.label)
  const features = featureTable(table, [config.label])
  const options = (which: 'candidate' | 'champion') => ({
    batchSize: config.batchSize,
    ...(config.columns ? { columns: config.columns } : {}),
    ...(hooks.onProgress
      ? { onProgress: (done: number, total: number) => hooks.onProgress?.(which, done, total) }
      : {}),
  })
  const candidate = await scoreModel(config.model, features, options('candidate'))
  let champion: Scored | undefined
  if (config.champion) champion = await scoreModel(config.champion, features, options('champion'))
  const resampler = config.resamples > 0 ? await resamplerFactory() : undefined
  return evaluateAccuracy(
    config,
    { table, candidate, ...(champion ? { champion } : {}), resampler },
    hooks.onProgress,
  )
}
