import { openModel } from '@mlgate/onnx'
import { ConfigError } from '../errors.ts'
import { featureTable, labelsRead } from '../scoring.ts'
import type { ChunkScorer } from './_stream.ts'
import type { DriftConfig } from './config.ts'
import { predictionColumn } from './prediction-column.ts'
import type { DriftProfile } from './profile.ts'
import { fileSha256 } from './profile-file.ts'
import type { Timings } from './run.ts'

/**
 * Refuses a profile whose scores come from another model than the run's (`config.model`), by the
 * model file's SHA-256 (`hash_model_ms`): their drift would compare two models, not two datasets.
 */
export async function checkProfileModel(
  config: DriftConfig,
  timings: Timings,
  profile: DriftProfile,
): Promise<void> {
  const model = config.model!
  const started = performance.now()
  const sha = await fileSha256(model)
  timings['hash_model_ms'] = Math.round(performance.now() - started)
  if (profile.model && profile.model.sha256 !== sha) {
    throw new ConfigError(
      `The profile's scores come from a model with SHA-256 ${profile.model.sha256.slice(0, 12)}… (${profile.model.file}), not ${model} (${sha.slice(0, 12)}…). Give the reference data too so the profile is rebuilt, or rebuild it with mlgate drift profile --model ${model}.`,
    )
  }
}

/** The label a run's model must not read: the run's, else the one the profile names. */
export function labelOf(config: DriftConfig, profile: DriftProfile): string | undefined {
  return config.label ?? profile.features.find((f) => f.role === 'label')?.name
}

/**
 * The run's model, opened once, scoring the current data chunk by chunk (`streamDrifts`) with
 * one `Model.scoring` run: each chunk's scores, the label left out of the model's inputs, as the
 * column whose drift is checked, row for row those of scoring the whole table. It checks first
 * that the profile's scores come from this model. `score_current_ms` adds up the chunks' scoring.
 * The caller closes it.
 */
export async function chunkScorer(
  config: DriftConfig,
  timings: Timings,
  profile: DriftProfile,
): Promise<{ readonly score: ChunkScorer; close(): Promise<void> }> {
  await checkProfileModel(config, timings, profile)
  const label = labelOf(config, profile)
  const drop = label === undefined ? [] : [label]
  const model = await openModel(config.model!)
  try {
    const run = await model.scoring({
      ...labelsRead(model.info),
      batchSize: config.batchSize,
      ...(config.columns ? { columns: config.columns } : {}),
      keepOutputs: false,
    })
    let scoringMs = 0
    return {
      score: async (chunk) => {
        const started = performance.now()
        const predictions = await run.add(featureTable(chunk, drop))
        const { column } = predictionColumn({ info: model.info, predictions }, config.positive)
        scoringMs += performance.now() - started
        timings['score_current_ms'] = Math.round(scoringMs)
        return column
      },
      close: () => model.close(),
    }
  } catch (error) {
    await model.close()
    throw error
  }
}
