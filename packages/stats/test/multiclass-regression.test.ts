import { describe, expect, it } from 'vitest'
import { multiclassMetrics, regressionMetrics } from '../src/index.ts'
import { expectClose } from './_reference.ts'

describe('multiclassMetrics, hand-computed', () => {
  // y = 0 1 2 2; predictions (argmax) 0 1 1 2
  const y = Int32Array.of(0, 1, 2, 2)
  const proba = Float64Array.of(0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8)
  const m = multiclassMetrics(y, proba, 3)
  const v = (k: string) => m[k]?.value ?? NaN

  it('accuracy and per-class values', () => {
    expect(v('accuracy')).toBe(0.75)
    expect([v('precision[0]'), v('precision[1]'), v('precision[2]')]).toEqual([1, 0.5, 1])
    expect([v('recall[0]'), v('recall[1]'), v('recall[2]')]).toEqual([1, 1, 0.5])
    expect([v('f1[0]'), v('f1[1]'), v('f1[2]')]).toEqual([1, 2 / 3, 2 / 3])
  })
  it('macro and weighted averages', () => {
    expectClose(v('macro_f1'), 7 / 9, 1e-15, 'macro_f1')
    expectClose(v('weighted_f1'), (1 + 2 / 3 + 2 * (2 / 3)) / 4, 1e-15, 'weighted_f1')
    expectClose(v('macro_precision'), 2.5 / 3, 1e-15, 'macro_precision')
    expectClose(v('weighted_recall'), 0.75, 1e-15, 'weighted_recall')
  })
  it('log loss and one-vs-rest AUC', () => {
    expectClose(
      v('log_loss'),
      -(Math.log(0.7) + Math.log(0.4) + Math.log(0.3) + Math.log(0.8)) / 4,
      1e-15,
      'log_loss',
    )
    // class 0: 1; class 1: .4 beats .2 and .1, loses to .5 → 2/3; class 2: (.3: 1 + ½; .8: 2) / 4
    expectClose(v('roc_auc_ovr'), (1 + 2 / 3 + 3.5 / 4) / 3, 1e-15, 'roc_auc_ovr')
  })
  it('argmax ties go to the lowest class index', () => {
    const r = multiclassMetrics(
      Int32Array.of(0, 1),
      Float64Array.of(0.4, 0.4, 0.2, 0.1, 0.45, 0.45),
      3,
    )
    expect(r.accuracy?.value).toBe(1)
  })
  it('rejects bad class indices and shapes', () => {
    expect(() => multiclassMetrics(Int32Array.of(0, 3), new Float64Array(6), 3)).toThrow(
      /y\[1\] is 3; class indices must be in 0 … 2/,
    )
    expect(() => multiclassMetrics(Int32Array.of(0, 1), new Float64Array(5), 3)).toThrow(
      /proba has 5 values .* expected 6/,
    )
    expect(() => multiclassMetrics(Int32Array.of(0), new Float64Array(1), 1)).toThrow(
      /k \(number of classes\) must be an integer ≥ 2/,
    )
  })
})

describe('regressionMetrics, hand-computed', () => {
  it('mae, rmse, r2, mape', () => {
    // errors −0.5, 0, 1, −1; mean y 2.5 so SS_tot = 5
    const m = regressionMetrics(Float64Array.of(1, 2, 3, 4), Float64Array.of(1.5, 2, 2, 5))
    expect(m.mae).toEqual({ value: 0.625 })
    expect(m.rmse).toEqual({ value: 0.75 })
    expectClose(m.r2?.value ?? NaN, 1 - 2.25 / 5, 1e-15, 'r2')
    expectClose(m.mape?.value ?? NaN, (0.5 + 0 + 1 / 3 + 1 / 4) / 4, 1e-15, 'mape')
  })
  it('says why r2 and mape are undefined', () => {
    const m = regressionMetrics(Float64Array.of(0.1, 0.1, 0.1), Float64Array.of(0, 0.2, 0.1))
    expect(m.r2).toMatchObject({ value: null, reason: expect.stringMatching(/y is constant/) })
    const z = regressionMetrics(Float64Array.of(3, 0, 1), Float64Array.of(3, 1, 1))
    expect(z.mape).toMatchObject({ value: null, reason: expect.stringMatching(/y\[1\] is 0/) })
  })
  it('rejects NaN, infinities and length mismatches', () => {
    expect(() => regressionMetrics(Float64Array.of(1, 2), Float64Array.of(-Infinity, 2))).toThrow(
      /pred\[0\] is -Infinity/,
    )
    expect(() => regressionMetrics(Float64Array.of(1, NaN), Float64Array.of(1, 2))).toThrow(
      /y\[1\] is NaN/,
    )
    expect(() => regressionMetrics(Float64Array.of(1), Float64Array.of(1, 2))).toThrow(
      /pred has 2 rows but y has 1/,
    )
  })
})
