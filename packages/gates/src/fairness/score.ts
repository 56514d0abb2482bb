import type { ModelInfo } from '@mlgate/onnx'
import { openModel } from '@mlgate/onnx'
import type { Table } from '@mlgate/data'
import type { Scored } from '../accuracy/evaluate.ts'
import { featureTable, labelsRead } from '../scoring.ts'

export type FairnessScoring = {
  readonly scored: Scored
  /** Sensitive columns kept from the model because it does not read them. */
  readonly withheld: readonly string[]
}

/**
 * Open the model once, withhold from it the sensitive columns it does not read (a protected
 * attribute the model takes as a feature, such as age, stays), score, and close. `scoreModel`
 * cannot be used as is: which columns the model may see depends on its inputs, known only once it
 * is open, and opening it twice would pay for two sessions.
 */
export async function scoreForFairness(
  path: string,
  table: Table,
  label: string,
  sensitive: readonly string[],
  options: {
    readonly columns?: readonly string[] | undefined
    readonly batchSize: number
    readonly onProgress?: ((done: number, total: number) => void) | undefined
  },
): Promise<FairnessScoring> {
  const model = await openModel(path)
  try {
    const read = columnsRead(model.info, options.columns)
    const withheld = sensitive.filter((c) => !read.has(c))
    const predictions = await model.predict(featureTable(table, [label, ...withheld]), {
      ...labelsRead(model.info),
      batchSize: options.batchSize,
      ...(options.columns ? { columns: options.columns } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    })
    return { scored: { info: model.info, predictions }, withheld }
  } finally {
    await model.close()
  }
}

/**
 * Columns a model reads by name: its graph inputs (one per column), the feature order it
 * declares for a single [N, F] input, and the order the user gave. A single [N, F] input that
 * declares nothing reads "the numeric columns", which names none: a sensitive column is then
 * withheld, and `columns` must list the features if the model needs it.
 */
export function columnsRead(
  info: Pick<ModelInfo, 'inputs' | 'columns'>,
  columns: readonly string[] | undefined,
): Set<string> {
  return new Set([...info.inputs.map((i) => i.name), ...(info.columns ?? []), ...(columns ?? [])])
}
