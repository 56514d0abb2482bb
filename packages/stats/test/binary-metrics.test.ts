import { describe, expect, it } from 'vitest'
import { BINARY_METRIC_NAMES, StatsInputError, binaryMetrics, createRng } from '../src/index.ts'
import type { MetricMap } from '../src/index.ts'
import { expectClose } from './_reference.ts'

function value(m: MetricMap, key: string): number {
  const v = m[key]
  if (v === undefined) return expect.fail(`${key} is missing`)
  if (v.value == null) return expect.fail(`${key} is undefined: ${v.reason}`)
  return v.value
}

function randomCase(seed: number, n: number) {
  const rng = createRng(seed)
  const y = new Uint8Array(n)
  const score = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    y[i] = rng() < 0.3 ? 1 : 0
    // Two decimals: many ties, some exactly on bin edges and the threshold.
    score[i] = Math.round(Math.min(1, 0.35 * y[i]! + 0.65 * rng()) * 100) / 100
  }
  return { y, score }
}

describe('binaryMetrics, hand-computed', () => {
  // y     1    1    0    1    0    0
  // score .9   .6   .6   .4   .3   .1     threshold .5 → TP 2, FP 1, FN 1, TN 2
  const y = Uint8Array.of(1, 1, 0, 1, 0, 0)
  const score = Float64Array.of(0.9, 0.6, 0.6, 0.4, 0.3, 0.1)
  const m = binaryMetrics(y, score, 0.5)

  it('confusion matrix and rates', () => {
    expect([m.tp, m.fp, m.tn, m.fn, m.n, m.positives].map((v) => v?.value)).toEqual([
      2, 1, 2, 1, 6, 3,
    ])
    for (const key of [
      'accuracy',
      'precision',
      'recall',
      'specificity',
      'f1',
      'balanced_accuracy',
    ]) {
      expectClose(value(m, key), 2 / 3, 1e-15, key)
    }
    // (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (4 − 1) / √81
    expectClose(value(m, 'mcc'), 1 / 3, 1e-15, 'mcc')
  })

  it('ROC AUC counts the tied pair (.6, .6) as one half', () => {
    // .9 beats 3 negatives; .6 ties one and beats two (2.5); .4 beats two: 7.5 / 9
    expect(value(m, 'roc_auc')).toBe(7.5 / 9)
  })

  it('average precision steps at each distinct score', () => {
    // thresholds .9, .6, .4: (P, R) = (1, 1/3), (2/3, 2/3), (3/4, 1) → 1/3·(1 + 2/3 + 3/4) = 29/36
    expectClose(value(m, 'average_precision'), 29 / 36, 1e-15, 'ap')
  })

  it('log loss, Brier and ECE', () => {
    const ll = -(2 * Math.log(0.9) + Math.log(0.6) + 2 * Math.log(0.4) + Math.log(0.7)) / 6
    expectClose(value(m, 'log_loss'), ll, 1e-15, 'log_loss')
    expectClose(value(m, 'brier'), 0.99 / 6, 1e-15, 'brier')
    // bins (0.8,0.9]: |1 − .9|; (0.5,0.6]: 2·|.5 − .6|; (0.3,0.4]: |1 − .4|; (0.2,0.3]: .3; [0,0.1]: .1
    expectClose(value(m, 'ece'), (0.1 + 0.2 + 0.6 + 0.3 + 0.1) / 6, 1e-15, 'ece')
  })

  it('returns exactly the documented keys', () => {
    expect(Object.keys(m)).toEqual([...BINARY_METRIC_NAMES])
  })
})

describe('binaryMetrics, undefined values carry reasons', () => {
  it('one class only', () => {
    const m = binaryMetrics(Uint8Array.of(1, 1, 1), Float64Array.of(0.2, 0.7, 0.9), 0.5)
    for (const key of ['roc_auc', 'specificity', 'balanced_accuracy', 'mcc']) {
      const v = m[key]!
      expect(v.value, key).toBeNull()
      if (v.value == null) expect(v.reason).toMatch(/no negative rows/)
    }
    expect(m.average_precision).toEqual({ value: 1 })
    expect(m.recall?.value).toBeCloseTo(2 / 3, 15)
  })

  it('no predicted positive: precision undefined, F1 = 0 (its denominator is FN > 0)', () => {
    const m = binaryMetrics(Uint8Array.of(1, 0, 1, 0), Float64Array.of(0.4, 0.1, 0.3, 0.2), 0.5)
    expect(m.precision?.value).toBeNull()
    expect(m.precision).toMatchObject({
      reason: expect.stringMatching(/no row is predicted positive \(score ≥ 0.5\)/),
    })
    expect(m.f1).toEqual({ value: 0 })
    expect(m.mcc).toMatchObject({ value: null, reason: expect.stringMatching(/zero denominator/) })
  })

  it('scores outside [0, 1]: log loss, Brier and ECE undefined, ranking metrics defined', () => {
    const m = binaryMetrics(Uint8Array.of(1, 0, 1, 0), Float64Array.of(2.5, -1, 0.3, -Infinity), 0)
    for (const key of ['log_loss', 'brier', 'ece']) {
      expect(m[key]).toMatchObject({
        value: null,
        reason: expect.stringMatching(/score\[0\] is 2.5, outside \[0, 1\]/),
      })
    }
    expect(m.roc_auc).toEqual({ value: 1 })
  })

  it('no rows at all', () => {
    const m = binaryMetrics(new Uint8Array(0), new Float64Array(0), 0.5)
    expect(m.accuracy?.value).toBeNull()
    expect(m.n).toEqual({ value: 0 })
    expect(m.log_loss?.value).toBeNull()
  })

  it('clips log loss at 1e-15', () => {
    const m = binaryMetrics(Uint8Array.of(1, 0), Float64Array.of(0, 1), 0.5)
    // 1 − 1e-15 is not a double: the upper clip is 0.999999999999999 (nearest double), so a
    // negative scored 1 costs −ln(9.992007221626409e-16), as in scikit-learn, not −ln(1e-15).
    const upper = 1 - 1e-15
    expectClose(
      value(m, 'log_loss'),
      (-Math.log(1e-15) - Math.log(1 - upper)) / 2,
      1e-15,
      'log_loss',
    )
    expect(1 - upper).toBe(9.992007221626409e-16)
  })
})

describe('binaryMetrics, properties', () => {
  const { y, score } = randomCase(3, 2000)
  const m = binaryMetrics(y, score, 0.5)

  it('AUC of negated scores is 1 − AUC', () => {
    const negated = score.map((s) => -s)
    expectClose(
      value(binaryMetrics(y, negated, -0.5), 'roc_auc'),
      1 - value(m, 'roc_auc'),
      1e-12,
      'auc',
    )
  })

  it('AUC and AP do not change under a strictly increasing transform of the scores', () => {
    const cubed = score.map((s) => s * s * s)
    const t = binaryMetrics(y, cubed, 0.125)
    expect(value(t, 'roc_auc')).toBe(value(m, 'roc_auc'))
    expect(value(t, 'average_precision')).toBe(value(m, 'average_precision'))
  })

  it('every metric is invariant to row order', () => {
    const rng = createRng(11)
    const perm = Array.from({ length: y.length }, (_, i) => i)
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[perm[i], perm[j]] = [perm[j]!, perm[i]!]
    }
    const shuffled = binaryMetrics(
      Uint8Array.from(perm, (i) => y[i]!),
      Float64Array.from(perm, (i) => score[i]!),
      0.5,
    )
    for (const key of BINARY_METRIC_NAMES) {
      // Sums over tied rows run in a different order, so log loss, Brier and ECE may differ in
      // the last bits; counts, AUC and AP are sums of integers and halves and agree exactly.
      expectClose(value(shuffled, key), value(m, key), 1e-12, key)
    }
  })

  it('all-equal scores: AUC 1/2, AP = prevalence', () => {
    const flat = binaryMetrics(y, new Float64Array(y.length).fill(0.3), 0.5)
    expect(value(flat, 'roc_auc')).toBe(0.5)
    expectClose(value(flat, 'average_precision'), value(m, 'positives') / y.length, 1e-15, 'ap')
  })
})

describe('binaryMetrics, input errors', () => {
  it('rejects a label other than 0/1 and names the row', () => {
    expect(() => binaryMetrics(Uint8Array.of(0, 2), Float64Array.of(0.1, 0.2), 0.5)).toThrow(
      /y\[1\] is 2; binary labels must be 1 \(positive class\) or 0/,
    )
  })
  it('rejects NaN scores and names the row', () => {
    expect(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(NaN, 0.2), 0.5)).toThrow(
      StatsInputError,
    )
    expect(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.1, NaN), 0.5)).toThrow(
      /score\[1\] is NaN/,
    )
  })
  it('rejects arrays of different lengths and a NaN threshold', () => {
    expect(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.1), 0.5)).toThrow(
      /score has 1 rows but y has 2/,
    )
    expect(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.1, 0.2), NaN)).toThrow(
      /threshold is NaN/,
    )
  })
})
