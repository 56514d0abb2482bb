import { getColumn, readTable } from '@mlgate/data'
import type { GateResult } from '../result.ts'
import { scoreForFairness } from './score.ts'
import type { FairnessConfig } from './config.ts'
import { evaluateFairness } from './evaluate.ts'

export type FairnessRunHooks = {
  /** Called as scoring advances, for progress bars. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void
  /** Called as the bootstrap intervals advance, for progress bars. */
  readonly onBootstrap?: (resamplesDone: number, resamplesTotal: number) => void
}

/** Read the holdout, score the model once, and judge the fairness bounds. */
export async function runFairnessGate(
  config: FairnessConfig,
  hooks: FairnessRunHooks = {},
): Promise<GateResult> {
  const table = await readTable(config.data)
  // Checked before scoring: a misspelt column would otherwise surface as a confusing shape error.
  getColumn(table, config.label)
  for (const name of config.sensitive) getColumn(table, name)
  const { scored, withheld } = await scoreForFairness(
    config.model,
    table,
    config.label,
    config.sensitive,
    { columns: config.columns, batchSize: config.batchSize, onProgress: hooks.onProgress },
  )
  return evaluateFairness(config, { table, scored, withheld }, hooks.onBootstrap)
}
