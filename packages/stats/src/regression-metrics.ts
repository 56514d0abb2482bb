import { checkFinite, checkSameLength } from './_validate.ts'
import { definedMetric, undefinedMetric } from './metric-value.ts'
import type { MetricMap } from './metric-value.ts'

/**
 * Regression metrics: mae, rmse, r2 = 1 − SS_res / SS_tot, mape = mean |y − pred| / |y| (a
 * fraction, not a percentage, as scikit-learn's `mean_absolute_percentage_error`).
 * r2 is undefined when y is constant (scikit-learn returns 1 or 0 there) and mape when some y is 0
 * (scikit-learn divides by 2.2e-16 instead, which yields an astronomically large value).
 */
export function regressionMetrics(y: Float64Array, pred: Float64Array): MetricMap {
  const where = 'regressionMetrics'
  checkSameLength(where, ['y', y], ['pred', pred])
  checkFinite(y, 'y', where)
  checkFinite(pred, 'pred', where)
  const n = y.length
  if (n === 0) {
    const none = undefinedMetric('there are no rows')
    return { mae: none, rmse: none, r2: none, mape: none }
  }
  let mean = 0
  for (let i = 0; i < n; i++) mean += y[i]!
  mean /= n
  let absolute = 0
  let squared = 0
  let total = 0
  let relative = 0
  let zeroRow = -1
  let constant = true
  for (let i = 0; i < n; i++) {
    const yi = y[i]!
    const e = yi - pred[i]!
    absolute += Math.abs(e)
    squared += e * e
    const d = yi - mean
    total += d * d
    if (yi !== y[0]) constant = false
    if (yi === 0) {
      if (zeroRow < 0) zeroRow = i
    } else {
      relative += Math.abs(e) / Math.abs(yi)
    }
  }
  return {
    mae: definedMetric(absolute / n),
    rmse: definedMetric(Math.sqrt(squared / n)),
    r2: constant
      ? undefinedMetric(
          `y is constant (every value is ${y[0]}), so R² = 1 − SS_res / SS_tot is x/0`,
        )
      : definedMetric(1 - squared / total),
    mape:
      zeroRow >= 0
        ? undefinedMetric(`y[${zeroRow}] is 0, so its percentage error |y − pred| / |y| is x/0`)
        : definedMetric(relative / n),
  }
}
