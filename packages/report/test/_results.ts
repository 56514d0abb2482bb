import type { Check, GateResult, ResultTable } from '@mlgate/gates'

/** Hand-built results for the renderer tests: one per status, plus pieces to vary. */

const interval = (low: number, high: number) => ({
  low,
  high,
  level: 0.95,
  method: 'percentile bootstrap, 1000 resamples, seed 42',
})

export const aucCheck: Check = {
  name: 'roc_auc.value',
  label: 'ROC AUC',
  value: 0.91234,
  bound: { op: '>=', value: 0.8, kind: 'value' },
  verdict: 'pass',
  interval: interval(0.9012, 0.9249),
  reason: 'ROC AUC 0.9123 holds >= 0.8 across its 95% interval.',
}

export const f1Check: Check = {
  name: 'f1.value',
  label: 'F1',
  value: 0.7712,
  bound: { op: '>=', value: 0.8, kind: 'value' },
  verdict: 'fail',
  interval: interval(0.751, 0.7904),
  reason: 'F1 0.7712 is below 0.8 across its whole 95% interval.',
}

export const metricsTable: ResultTable = {
  title: 'Metrics',
  columns: ['metric', 'value'],
  rows: [
    ['ROC AUC', 0.91234],
    ['F1', 0.7712],
    ['accuracy', 0.88],
  ],
  priority: 0,
}

export const passResult: GateResult = {
  gate: 'accuracy',
  title: 'Accuracy gate',
  status: 'pass',
  summary: 'All 1 bound(s) hold on 12,000 rows.',
  checks: [aucCheck],
  metrics: { roc_auc: 0.91234, f1: 0.7712 },
  tables: [],
  findings: [],
  context: { model: 'models/candidate.onnx', model_sha256: 'ab12cd34', rows: 12000, seed: 12345 },
  policy: 'A bound fails when the whole 95% bootstrap interval misses it.',
}

export const failResult: GateResult = {
  ...passResult,
  status: 'fail',
  summary: '1 of 2 bound(s) failed on 12,000 rows; first: F1: F1 0.7712 is below 0.8.',
  checks: [aucCheck, f1Check],
  tables: [metricsTable],
  findings: [
    { severity: 'warning', message: 'Only 12,000 rows were evaluated.', file: 'data/holdout.csv' },
  ],
}

export const warnResult: GateResult = {
  gate: 'drift',
  title: 'Drift gate',
  status: 'warn',
  summary: 'PSI of income is 0.15, above the warning level 0.1.',
  checks: [
    {
      name: 'psi.income',
      label: 'PSI income',
      value: 0.15,
      bound: { op: '<=', value: 0.1, kind: 'value' },
      verdict: 'warn',
      reason: 'PSI 0.15 is above 0.1.',
    },
  ],
  metrics: { psi_max: 0.15 },
  tables: [
    {
      title: 'PSI per feature',
      columns: ['feature', 'psi', 'rows'],
      rows: [
        ['age', 0.012, 12000],
        ['income', 0.15, 12000],
        ['city', null, 11800],
      ],
      priority: 1,
    },
  ],
  findings: [],
  context: { reference: 'data/reference.parquet', rows: 12000 },
  policy: 'Point estimates decide.',
}

export const errorResult: GateResult = {
  gate: 'schema',
  title: 'Schema gate',
  status: 'error',
  summary: 'data/holdout.csv has no data rows: the gate evaluated nothing, so it cannot pass.',
  checks: [
    {
      name: 'roc_auc.value',
      label: 'ROC AUC',
      value: null,
      bound: { op: '>=', value: 0.8, kind: 'value' },
      verdict: 'error',
      reason: 'ROC AUC is undefined: only one class present in the labels.',
    },
  ],
  metrics: { roc_auc: null },
  tables: [],
  findings: [
    {
      severity: 'error',
      message: 'The holdout file has a header but no data rows.',
      file: 'data/holdout.csv',
      line: 1,
    },
  ],
  context: { data: 'data/holdout.csv', rows: 0 },
  policy: 'A gate that evaluated no rows fails.',
}

/** A table of `rows` rows, each about `cellLength` × 4 characters. */
export function bigTable(
  rows: number,
  cellLength: number,
  priority?: number,
  cell = 'x',
): ResultTable {
  const text = cell.repeat(cellLength)
  return {
    title: `Big table ${priority ?? ''}`.trim(),
    columns: ['id', 'a', 'b', 'c'],
    rows: Array.from({ length: rows }, (_, i) => [i, text, text, text]),
    ...(priority != null ? { priority } : {}),
  }
}
