/**
 * Metric names (snake_case, as in the statistics conventions) and the direction in which each
 * is better. The direction decides which side of a change bound is a regression.
 */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set([
  'log_loss',
  'brier',
  'ece',
  'mae',
  'rmse',
  'mape',
])

export const METRIC_LABELS: Readonly<Record<string, string>> = {
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall (TPR)',
  specificity: 'Specificity',
  f1: 'F1',
  balanced_accuracy: 'Balanced accuracy',
  mcc: 'MCC',
  roc_auc: 'ROC AUC',
  average_precision: 'Average precision',
  log_loss: 'Log loss',
  brier: 'Brier score',
  ece: 'Expected calibration error',
  macro_precision: 'Macro precision',
  macro_recall: 'Macro recall',
  macro_f1: 'Macro F1',
  weighted_precision: 'Weighted precision',
  weighted_recall: 'Weighted recall',
  weighted_f1: 'Weighted F1',
  roc_auc_ovr: 'ROC AUC (one-vs-rest, macro)',
  mae: 'MAE',
  rmse: 'RMSE',
  r2: 'R²',
  mape: 'MAPE',
}

export function metricLabel(name: string): string {
  return METRIC_LABELS[name] ?? name
}

/** Metrics shown for each task when the user bounds none of them. */
export const HEADLINE_METRICS = {
  binary: [
    'accuracy',
    'precision',
    'recall',
    'f1',
    'roc_auc',
    'average_precision',
    'log_loss',
    'brier',
    'balanced_accuracy',
    'mcc',
    'ece',
  ],
  multiclass: ['accuracy', 'macro_f1', 'weighted_f1', 'log_loss', 'roc_auc_ovr'],
  regression: ['mae', 'rmse', 'r2', 'mape'],
} as const
