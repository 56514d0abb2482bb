import type { Table } from '@mlgate/data'
import { getColumn } from '@mlgate/data'
import type { Scored } from '../accuracy/evaluate.ts'
import { ConfigError } from '../errors.ts'
import { assertNoMissingLabels, binaryLabels } from '../labels.ts'
import type { Finding } from '../result.ts'
import { positiveScores } from '../positive-score.ts'

/** True labels and the model's decisions, both 1 for the positive class. */
export type Decisions = {
  readonly y: Uint8Array
  readonly yhat: Uint8Array
  readonly positive: string
  readonly positiveSource: string
}

/**
 * The model's decision on every row, as the accuracy gate makes it: predicted positive when
 * P(positive) ≥ threshold, with the positive class and the label handling of labels.ts. A model
 * that returns labels only is taken at its word (the threshold then plays no part; a warning says
 * so).
 */
export function binaryDecisions(
  table: Table,
  config: {
    readonly label: string
    readonly positive?: string | undefined
    readonly threshold: number
  },
  scored: Scored,
  findings: Finding[],
): Decisions {
  const { info, predictions: p } = scored
  if (info.task !== 'binary') {
    throw new ConfigError(
      `${info.path} is a ${info.task} model; the fairness gate compares the decisions of a binary classifier.`,
    )
  }
  const labelColumn = getColumn(table, config.label)
  assertNoMissingLabels(labelColumn, table.source)
  const classes = info.classes ?? p.classes
  const labels = binaryLabels(labelColumn, table.rowCount, config.positive, classes)
  const { scores, labelsOnly } = positiveScores(scored, labels.positive, table, findings)
  const yhat = new Uint8Array(table.rowCount)
  // A labels-only model's 0/1 scores are its decisions; the threshold plays no part then.
  const cut = labelsOnly ? 0.5 : config.threshold
  for (let i = 0; i < yhat.length; i++) yhat[i] = (scores[i] ?? 0) >= cut ? 1 : 0
  return { y: labels.y, yhat, positive: labels.positive, positiveSource: labels.positiveSource }
}
