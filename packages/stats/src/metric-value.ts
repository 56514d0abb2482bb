/** A metric value, or the reason it is undefined for this data (never NaN, never a silent 0). */
export type MetricValue =
  { readonly value: number } | { readonly value: null; readonly reason: string }

/** Metric values by snake_case name (`roc_auc`, `precision[2]`, ...). */
export type MetricMap = Record<string, MetricValue>

/** A defined metric value. */
export function definedMetric(value: number): MetricValue {
  return { value }
}

/** An undefined metric value with the reason a reader should see. */
export function undefinedMetric(reason: string): MetricValue {
  return { value: null, reason }
}
