import type { Table } from '@mlgate/data'
import type { ModelInfo, ScoreOptions } from '@mlgate/onnx'
import { openModel } from '@mlgate/onnx'
import type { Scored } from './accuracy/evaluate.ts'

/** The table a model sees: everything but the columns it must not read (the label). */
export function featureTable(table: Table, exclude: readonly string[]): Table {
  const drop = new Set(exclude)
  return {
    source: table.source,
    rowCount: table.rowCount,
    columns: table.columns.filter((c) => !drop.has(c.name)),
  }
}

/**
 * Whether a gate reads a model's labels: not a binary classifier's, whose decisions are the gate's
 * threshold on its probabilities (ONNX Runtime then leaves them out when it gives those, sparing a
 * million-row scoring an array to convert and copy); any other model's, whose labels the drift
 * gate compares as its predictions.
 */
export function labelsRead(info: ModelInfo): Pick<ScoreOptions, 'labels'> {
  return { labels: info.task !== 'binary' }
}

/** Open, score and close one model; the session is never left open behind a failure. */
export async function scoreModel(
  path: string,
  table: Table,
  options: ScoreOptions,
): Promise<Scored> {
  const model = await openModel(path)
  try {
    const predictions = await model.predict(table, { ...labelsRead(model.info), ...options })
    return { info: model.info, predictions }
  } finally {
    await model.close()
  }
}
