import type { Table } from '@mlgate/data'
import { getColumn } from '@mlgate/data'
import type { Scored } from '../accuracy/evaluate.ts'
import { ConfigError } from '../errors.ts'
import { assertNoMissingLabels, binaryLabels } from '../labels.ts'
import type { Finding } from '../result.ts'

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
  if (p.rowCount !== table.rowCount) {
    throw new ConfigError(
      `${info.path} returned ${p.rowCount} predictions for the ${table.rowCount} rows of ${table.source}.`,
    )
  }
  const labelColumn = getColumn(table, config.label)
  assertNoMissingLabels(labelColumn, table.source)
  const classes = info.classes ?? p.classes
  const labels = binaryLabels(labelColumn, table.rowCount, config.positive, classes)
  const list = classes ?? []
  const index = list.findIndex(
    (c) => String(c) === labels.positive || Number(c) === Number(labels.positive),
  )
  if (index < 0) {
    throw new ConfigError(
      `Positive class "${labels.positive}" is not among the classes of ${info.path} (${list.join(', ')}).`,
    )
  }
  const n = table.rowCount
  const yhat = new Uint8Array(n)
  if (p.probabilities) {
    const k = list.length
    for (let i = 0; i < n; i++) {
      const s = p.probabilities[i * k + index]!
      if (Number.isNaN(s)) {
        throw new ConfigError(
          `${info.path} returned no probability (NaN) for data row ${i + 1} of ${table.source}; check that row's feature values.`,
        )
      }
      yhat[i] = s >= config.threshold ? 1 : 0
    }
  } else if (p.labels) {
    findings.push({
      severity: 'warning',
      message: `${info.path} returns labels only: its decisions are used as given and the threshold ${config.threshold} plays no part.`,
    })
    const want = String(list[index])
    for (let i = 0; i < n; i++) yhat[i] = String(p.labels[i]) === want ? 1 : 0
  } else {
    throw new ConfigError(`${info.path} returned neither probabilities nor labels.`)
  }
  return { y: labels.y, yhat, positive: labels.positive, positiveSource: labels.positiveSource }
}
