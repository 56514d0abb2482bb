import { errorResult } from './error-result.ts'
import type { Table } from '@mlgate/data'
import type { Scored } from './accuracy/evaluate.ts'
import { ConfigError } from './errors.ts'
import type { Finding } from './result.ts'

/**
 * P(positive class) for every row, from the model's probability output. A model that returns
 * labels only gives 0/1 scores (`labelsOnly`), with a warning, since ranking metrics and
 * thresholds then mean little. A NaN probability is refused with the row that produced it: it
 * comes from a missing feature value the model cannot handle. The accuracy and fairness gates
 * share a model's predictions on the holdout: the probabilities' scores are taken once per
 * predictions and class, and shared (nothing writes to them).
 */
export function positiveScores(
  scored: Scored,
  positive: string,
  table: Table,
  findings: Finding[],
): { scores: Float64Array; labelsOnly: boolean } {
  const made = scoresMade.get(scored.predictions)
  const known = made?.get(positive)
  if (known !== undefined && known.length === table.rowCount) {
    return { scores: known, labelsOnly: false }
  }
  const result = scoresOf(scored, positive, table, findings)
  if (!result.labelsOnly) {
    scoresMade.set(scored.predictions, (made ?? new Map()).set(positive, result.scores))
  }
  return result
}

/** The probability scores taken so far, per predictions and positive class. */
const scoresMade = new WeakMap<object, Map<string, Float64Array>>()

function scoresOf(
  scored: Scored,
  positive: string,
  table: Table,
  findings: Finding[],
): { scores: Float64Array; labelsOnly: boolean } {
  const { info, predictions: p } = scored
  const classes = info.classes ?? p.classes ?? []
  const index = classes.findIndex((c) => String(c) === positive || Number(c) === Number(positive))
  if (index < 0) {
    throw new ConfigError(
      `Positive class "${positive}" is not among the classes of ${info.path} (${classes.join(', ')}).`,
    )
  }
  if (p.rowCount !== table.rowCount) {
    throw new ConfigError(
      `${info.path} returned ${p.rowCount} predictions for the ${table.rowCount} rows of ${table.source}.`,
    )
  }
  const scores = new Float64Array(p.rowCount)
  if (p.probabilities) {
    const k = classes.length
    for (let i = 0; i < p.rowCount; i++) {
      const s = p.probabilities[i * k + index] ?? NaN
      if (Number.isNaN(s)) {
        throw new ConfigError(
          `${info.path} returned no probability (NaN) for data row ${i + 1} of ${table.source}; a feature value the model cannot handle (often a missing one) is the usual cause.`,
        )
      }
      scores[i] = s
    }
    return { scores, labelsOnly: false }
  }
  if (p.labels == null)
    throw new ConfigError(`${info.path} returned neither probabilities nor labels.`)
  findings.push({
    severity: 'warning',
    message: `${info.path} returns labels only: its decisions are used as given, and ranking metrics (ROC AUC, average precision) and calibration see 0/1 scores.`,
  })
  const want = String(classes[index])
  for (let i = 0; i < p.rowCount; i++) scores[i] = String(p.labels[i]) === want ? 1 : 0
  return { scores, labelsOnly: true }
}

/** The result of a gate whose data file has a header but no rows: it evaluated nothing. */
export function noRowsResult(gate: string, title: string, data: string, table: Table) {
  return errorResult({
    gate,
    title,
    summary: `${table.source} has no data rows: the gate evaluated nothing, so it cannot pass.`,
    finding: { message: 'The data file has a header but no data rows.', file: data },
    context: { data, rows: 0 },
    policy: 'A gate that evaluated no rows fails.',
  })
}
