import type { Table } from '@mlgate/data'
import { receivedColumn } from '@mlgate/data/decimal-column'
import { scoreModel } from '../scoring.ts'
import type { FeatureDrift } from './feature-drift.ts'
import { featureDrift } from './feature-drift.ts'
import { predictionColumn } from './prediction-column.ts'
import type { FeatureProfile } from './profile.ts'

/**
 * Scoring the current table with the run's model and comparing the scores with the profile's
 * (`entry`, role `prediction`), on the thread that runs it: a drift worker, whose ONNX Runtime
 * the profile's load started, while the main thread reads and scores the other gates' data. The
 * same scores and comparison as the main thread makes them (`scoreTable` in run.ts).
 */
export type ScoreTask = {
  readonly kind: 'score'
  readonly model: string
  /** The current table without the columns the model must not read (the label). */
  readonly table: Table
  readonly batchSize: number
  readonly columns: readonly string[] | undefined
  readonly positive: string | undefined
  readonly entry: FeatureProfile
  readonly source: string
  readonly noiseLevel: number
}

/** The prediction's drift, and how long the scoring took (`score_current_ms`). */
export type ScoredDrift = { readonly drift: FeatureDrift; readonly scoringMs: number }

/** Runs a `ScoreTask`; `onProgress` hears the rows scored so far, batch by batch. */
export async function runScoreTask(
  task: ScoreTask,
  onProgress?: (done: number, total: number) => void,
): Promise<ScoredDrift> {
  const started = performance.now()
  const table = { ...task.table, columns: task.table.columns.map(receivedColumn) }
  const scored = await scoreModel(task.model, table, {
    batchSize: task.batchSize,
    ...(task.columns ? { columns: [...task.columns] } : {}),
    ...(onProgress ? { onProgress } : {}),
  })
  const { column } = predictionColumn(scored, task.positive)
  const scoringMs = performance.now() - started
  return { drift: featureDrift(task.entry, column, task.source, task.noiseLevel), scoringMs }
}
