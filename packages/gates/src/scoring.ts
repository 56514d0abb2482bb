import type { Table } from '@mlgate/data'
import type { ScoreOptions } from '@mlgate/onnx'
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

/** Open, score and close one model; the session is never left open behind a failure. */
export async function scoreModel(
  path: string,
  table: Table,
  options: ScoreOptions,
): Promise<Scored> {
  const model = await openModel(path)
  try {
    const predictions = await model.predict(table, options)
    return { info: model.info, predictions }
  } finally {
    await model.close()
  }
}
