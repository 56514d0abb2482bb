import type { Table } from '@mlgate/data'
import { getColumn, readTable } from '@mlgate/data'
import type { Model, Predictions } from '@mlgate/onnx'
import type { GateResult } from '../result.ts'
import { SCANNED_FILE, scoreInChunks, withOpenModels } from '../scored-chunks.ts'
import type { FairnessScoring } from './score.ts'
import { columnsRead, scoreForFairness } from './score.ts'
import type { FairnessConfig } from './config.ts'
import { evaluateFairness } from './evaluate.ts'

export type FairnessRunHooks = {
  /** Called as scoring advances, for progress bars. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void
  /** Called as the bootstrap intervals advance, for progress bars. */
  readonly onBootstrap?: (resamplesDone: number, resamplesTotal: number) => void
}

/**
 * Read the holdout, score the model once, and judge the fairness bounds. A CSV or Parquet
 * holdout is scored chunk by chunk, keeping only the label, the protected attributes and the
 * scores (`scoreInChunks`); any other, or one that cannot be, is read whole.
 */
export async function runFairnessGate(
  config: FairnessConfig,
  hooks: FairnessRunHooks = {},
): Promise<GateResult> {
  const scored = (await scoredInChunks(config, hooks)) ?? (await scoredWhole(config, hooks))
  return evaluateFairness(config, scored, hooks.onBootstrap)
}

// --- internal ---

type ScoredHoldout = { readonly table: Table } & FairnessScoring

async function scoredWhole(
  config: FairnessConfig,
  hooks: FairnessRunHooks,
): Promise<ScoredHoldout> {
  const table = await readTable(config.data)
  // Checked before scoring: a misspelt column would otherwise surface as a confusing shape error.
  getColumn(table, config.label)
  for (const name of config.sensitive) getColumn(table, name)
  const scoring = await scoreForFairness(config.model, table, config.label, config.sensitive, {
    columns: config.columns,
    batchSize: config.batchSize,
    onProgress: hooks.onProgress,
  })
  return { table, ...scoring }
}

async function scoredInChunks(
  config: FairnessConfig,
  hooks: FairnessRunHooks,
): Promise<ScoredHoldout | undefined> {
  if (!SCANNED_FILE.test(config.data)) return undefined
  return withOpenModels([config.model], async (open) => {
    const model = open.get(config.model) as Model
    const read = columnsRead(model.info, config.columns)
    const withheld = config.sensitive.filter((c) => !read.has(c))
    const scoring = {
      model,
      exclude: [config.label, ...withheld],
      options: {
        batchSize: config.batchSize,
        ...(config.columns ? { columns: config.columns } : {}),
      },
    }
    const keep = [...new Set([config.label, ...config.sensitive])]
    const onProgress = (_: number, done: number, total: number) => hooks.onProgress?.(done, total)
    const scored = await scoreInChunks(config.data, keep, [scoring], { onProgress })
    if (scored === undefined) return undefined
    const predictions = scored.predictions[0] as Predictions
    return { table: scored.table, scored: { info: model.info, predictions }, withheld }
  })
}
