import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  StatsInputError,
  binaryCurves,
  binaryMetrics,
  binaryMetricsWithCurves,
  calibrationBins,
  downsampleCurve,
  precisionRecallCurve,
  rocCurve,
} from '../src/index.ts'
import { expectClose } from './_reference.ts'

/** The shape of fixtures/curves-reference.json, written by scripts/oracle/curves_reference.py. */
type CurvesCase = {
  name: string
  y: number[]
  score: number[]
  roc: { fpr: number[]; tpr: number[]; thresholds: number[]; auc: number } | null
  pr: { recall: number[]; precision: number[]; thresholds: number[] } | null
  calibration: { counts: number[]; observedRate: number[]; meanScore: number[] } | null
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/curves-reference.json', import.meta.url), 'utf8'),
) as { cases: CurvesCase[] }

const labels = (y: readonly number[]) => Uint8Array.from(y)
const scores = (s: readonly number[]) => Float64Array.from(s)

function expectArray(actual: ArrayLike<number>, expected: readonly number[], label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    expectClose(actual[i]!, expected[i]!, 1e-12, `${label}[${i}]`)
  }
}

describe('curves by hand', () => {
  // y = 1 0 1 1 0 0 1 0, scores .9 .9 .7 .3 .3 .1 .1 .05: 4 positives, 4 negatives.
  // Distinct scores, descending, with cumulative (TP, FP): .9 (1, 1), .7 (2, 1), .3 (3, 2),
  // .1 (4, 3), .05 (4, 4). The tied (.9: one of each) and (.3, .1) groups enter as one step.
  const y = labels([1, 0, 1, 1, 0, 0, 1, 0])
  const s = scores([0.9, 0.9, 0.7, 0.3, 0.3, 0.1, 0.1, 0.05])

  it('ROC: one point per distinct score, from (0, 0) at +∞', () => {
    const roc = rocCurve(y, s)!
    expect([...roc.fpr]).toEqual([0, 0.25, 0.25, 0.5, 0.75, 1])
    expect([...roc.tpr]).toEqual([0, 0.25, 0.5, 0.75, 1, 1])
    expect([...roc.thresholds]).toEqual([Infinity, 0.9, 0.7, 0.3, 0.1, 0.05])
  })

  it('precision-recall: (0, 1) start, then TP / (TP + FP) per threshold', () => {
    const pr = precisionRecallCurve(y, s)!
    expect([...pr.recall]).toEqual([0, 0.25, 0.5, 0.75, 1, 1])
    expectArray(pr.precision, [1, 1 / 2, 2 / 3, 3 / 5, 4 / 7, 4 / 8], 'precision')
  })

  it('calibration: right-closed tenths, so 0.1 and 0.3 close their bins', () => {
    const bins = calibrationBins(y, s)!
    expect(bins).toHaveLength(10)
    // [0, 0.1]: .1 (y 0), .1 (y 1), .05 (y 0); (0.2, 0.3]: .3 (1), .3 (0); (0.6, 0.7]: .7 (1);
    // (0.8, 0.9]: .9 (1), .9 (0).
    expect(bins.map((b) => b.count)).toEqual([3, 0, 2, 0, 0, 0, 1, 0, 2, 0])
    expectClose(bins[0]!.meanScore!, 0.25 / 3, 1e-15, 'mean score of bin 0')
    expectClose(bins[0]!.observedRate!, 1 / 3, 1e-15, 'observed rate of bin 0')
    expect([bins[2]!.observedRate, bins[6]!.observedRate, bins[8]!.observedRate]).toEqual([
      0.5, 1, 0.5,
    ])
    expect(bins[1]).toEqual({ low: 0.1, high: 0.2, count: 0, meanScore: null, observedRate: null })
    expect(bins[9]!.high).toBe(1)
  })

  it('is undefined (null) where a curve needs a class the rows lack, or probabilities', () => {
    const negatives = labels([0, 0, 0])
    const positives = labels([1, 1, 1])
    const three = scores([0.2, 0.5, 0.9])
    expect(rocCurve(negatives, three)).toBeNull()
    expect(rocCurve(positives, three)).toBeNull()
    expect(precisionRecallCurve(negatives, three)).toBeNull()
    expect(precisionRecallCurve(positives, three)?.precision[3]).toBe(1)
    expect(calibrationBins(positives, scores([0.2, 1.5, 0.9]))).toBeNull()
    expect(binaryCurves(new Uint8Array(0), new Float64Array(0))).toEqual({
      roc: null,
      pr: null,
      calibration: Array.from({ length: 10 }, (_, b) =>
        expect.objectContaining({ low: b / 10, count: 0, meanScore: null }),
      ),
    })
  })

  it('refuses NaN scores and labels other than 0/1, naming the row', () => {
    expect(() => rocCurve(labels([0, 1]), scores([0.1, NaN]))).toThrow(StatsInputError)
    expect(() => rocCurve(labels([0, 1]), scores([0.1, NaN]))).toThrow(/score\[1\] is NaN/)
    expect(() => binaryCurves(labels([0, 2]), scores([0.1, 0.2]))).toThrow(/y\[1\] is 2/)
    expect(() => calibrationBins(labels([0]), scores([0.1, 0.2]))).toThrow(/same rows/)
  })
})

describe('curves against scikit-learn 1.2', () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = labels(c.y)
    const s = scores(c.score)
    const roc = rocCurve(y, s)
    if (c.roc == null) expect(roc).toBeNull()
    else {
      expectArray(roc!.fpr, c.roc.fpr, 'fpr')
      expectArray(roc!.tpr, c.roc.tpr, 'tpr')
      expectArray(roc!.thresholds.subarray(1), c.roc.thresholds, 'roc thresholds')
    }
    const pr = precisionRecallCurve(y, s)
    if (c.pr == null) expect(pr).toBeNull()
    else {
      expectArray(pr!.recall, c.pr.recall, 'recall')
      expectArray(pr!.precision, c.pr.precision, 'precision')
      expectArray(pr!.thresholds.subarray(1), c.pr.thresholds, 'pr thresholds')
    }
    const bins = calibrationBins(y, s)
    if (c.calibration == null) expect(bins).toBeNull()
    else {
      expect(bins!.map((b) => b.count)).toEqual(c.calibration.counts)
      const filled = bins!.filter((b) => b.count > 0)
      expectArray(
        filled.map((b) => b.observedRate!),
        c.calibration.observedRate,
        'observed rate',
      )
      expectArray(
        filled.map((b) => b.meanScore!),
        c.calibration.meanScore,
        'mean score',
      )
    }
  })

  it('calibration bins add up to the ECE of binaryMetrics', () => {
    for (const c of reference.cases.filter((r) => r.calibration != null)) {
      const y = labels(c.y)
      const s = scores(c.score)
      const gap = calibrationBins(y, s)!.reduce(
        (sum, b) => sum + (b.count / c.y.length) * Math.abs(b.observedRate! - b.meanScore!),
        0,
      )
      const ece = binaryMetrics(y, s, 0.5)['ece']!
      expectClose(gap, ece.value!, 1e-12, `${c.name}: ECE`)
    }
  })
})

describe('metrics and curves from one sort', () => {
  it('equal binaryMetrics and binaryCurves, to the bit, with ties and signed zeros', () => {
    // Scores on a coarse grid (many ties), with -0 beside +0: both sorts must close each tie
    // group at the same row and report the same threshold.
    let seed = 7
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
    const n = 5_000
    const grid = Float64Array.from({ length: n }, () => Math.round(next() * 40) / 40)
    for (let i = 0; i < n; i += 97) grid[i] = i % 2 === 0 ? -0 : 0
    const y = Uint8Array.from({ length: n }, (_, i) => (next() < grid[i]! ? 1 : 0))
    const cases: [string, Uint8Array, Float64Array][] = [
      ...reference.cases.map(
        (c) => [c.name, labels(c.y), scores(c.score)] as [string, Uint8Array, Float64Array],
      ),
      ['ties and signed zeros', y, grid],
      ['one row', labels([1]), scores([0.4])],
      ['no rows', new Uint8Array(0), new Float64Array(0)],
    ]
    for (const [name, yc, sc] of cases) {
      const both = binaryMetricsWithCurves(yc, sc, 0.5, 50)
      expect(both.metrics, name).toEqual(binaryMetrics(yc, sc, 0.5))
      const separate = binaryCurves(yc, sc, 50)
      expect(both.curves, name).toEqual(separate)
      // toEqual tells -0 from +0: make sure a signed zero threshold is in the comparison.
      if (name === 'ties and signed zeros') {
        expect(separate.roc!.thresholds.length).toBeLessThanOrEqual(50)
        const full = rocCurve(yc, sc)!
        expect(Object.is(full.thresholds[full.thresholds.length - 1], -0)).toBe(true)
      }
    }
  })

  it('refuses what binaryMetrics refuses', () => {
    expect(() => binaryMetricsWithCurves(labels([0, 2]), scores([0.1, 0.2]), 0.5)).toThrow(
      /y\[1\] is 2/,
    )
    expect(() => binaryMetricsWithCurves(labels([0, 1]), scores([0.1, NaN]), 0.5)).toThrow(
      /score\[1\] is NaN/,
    )
  })
})

describe('downsampled curves', () => {
  const large = reference.cases.find((c) => c.name.startsWith('downsampled'))!
  const y = labels(large.y)
  const s = scores(large.score)

  it('keep at most 200 points, the exact end points, and only points of the full curve', () => {
    const full = rocCurve(y, s)!
    const fullPr = precisionRecallCurve(y, s)!
    expect(full.fpr.length).toBeGreaterThan(1000)
    const { roc, pr } = binaryCurves(y, s)
    for (const [curve, whole, xs, ys] of [
      [roc!, full, 'fpr', 'tpr'],
      [pr!, fullPr, 'recall', 'precision'],
    ] as const) {
      const c = curve as unknown as Record<string, Float64Array>
      const w = whole as unknown as Record<string, Float64Array>
      const kept = c[xs]!.length
      expect(kept).toBeLessThanOrEqual(200)
      expect(c['thresholds']!.length).toBe(kept)
      const index = new Map([...w['thresholds']!].map((t, i) => [t, i]))
      let previous = -1
      for (let k = 0; k < kept; k++) {
        const i = index.get(c['thresholds']![k]!)!
        expect(i).toBeGreaterThan(previous)
        expect([c[xs]![k], c[ys]![k]]).toEqual([w[xs]![i], w[ys]![i]])
        previous = i
      }
      expect(previous).toBe(w[xs]!.length - 1)
      expect(c['thresholds']![0]).toBe(Infinity)
    }
  })

  it('are the full curves downsampled, to the bit, whichever budget', () => {
    const full = rocCurve(y, s)!
    const fullPr = precisionRecallCurve(y, s)!
    const pick = (values: Float64Array, keep: Uint32Array) =>
      Float64Array.from(keep, (i) => values[i]!)
    for (const budget of [2, 3, 50, 200]) {
      const { roc, pr } = binaryCurves(y, s, budget)
      const keepRoc = downsampleCurve(full.fpr, full.tpr, budget)
      expect(roc).toEqual({
        fpr: pick(full.fpr, keepRoc),
        tpr: pick(full.tpr, keepRoc),
        thresholds: pick(full.thresholds, keepRoc),
      })
      const keepPr = downsampleCurve(fullPr.recall, fullPr.precision, budget)
      expect(pr).toEqual({
        recall: pick(fullPr.recall, keepPr),
        precision: pick(fullPr.precision, keepPr),
        thresholds: pick(fullPr.thresholds, keepPr),
      })
    }
  })

  it('draw each curve within a pixel of the full one, and the ROC area close to the AUC', () => {
    // A chart's side is about 300 pixels: 0.003 of it is under one pixel.
    const full = rocCurve(y, s)!
    const fullPr = precisionRecallCurve(y, s)!
    const { roc, pr } = binaryCurves(y, s)
    expect([roc!.fpr.length, pr!.recall.length]).toEqual([200, 200])
    expect(maxDeviation(full.fpr, full.tpr, roc!.fpr, roc!.tpr)).toBeLessThan(0.003)
    expect(maxDeviation(fullPr.recall, fullPr.precision, pr!.recall, pr!.precision)).toBeLessThan(
      0.005,
    )
    expect(Math.abs(trapezoid(roc!.fpr, roc!.tpr) - large.roc!.auc)).toBeLessThan(2e-4)
    // The full curve encloses the AUC exactly (ties as diagonal steps).
    expect(Math.abs(trapezoid(full.fpr, full.tpr) - large.roc!.auc)).toBeLessThan(1e-12)
  })

  it('keep every corner of a staircase and drop its collinear points', () => {
    // 50 steps of 20 points each way: corners at 0, 20, 40, …; the rest lie on straight runs.
    const xs: number[] = []
    const ys: number[] = []
    const corners: number[] = []
    for (let step = 0; step < 50; step++) {
      for (let i = 0; i < 20; i++) {
        if (i === 0) corners.push(xs.length)
        xs.push(step / 50)
        ys.push((step + i / 20) / 50)
      }
      for (let i = 0; i < 20; i++) {
        if (i === 0) corners.push(xs.length)
        xs.push((step + i / 20) / 50)
        ys.push((step + 1) / 50)
      }
    }
    corners.push(xs.length)
    xs.push(1)
    ys.push(1)
    const kept = downsampleCurve(Float64Array.from(xs), Float64Array.from(ys), 200)
    expect([...kept]).toEqual(corners)
  })

  it('follow a smooth concave curve closely with the budget spent', () => {
    const n = 10_001
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1))
    const y = x.map(Math.sqrt)
    const kept = downsampleCurve(x, y, 200)
    expect(kept.length).toBe(200)
    expect([kept[0], kept[199]]).toEqual([0, n - 1])
    const kx = Float64Array.from(kept, (i) => x[i]!)
    const ky = Float64Array.from(kept, (i) => y[i]!)
    expect(maxDeviation(x, y, kx, ky)).toBeLessThan(1e-3)
  })

  it('keep short curves whole and refuse a budget below the two end points', () => {
    const x = Float64Array.from([0, 0.5, 1])
    expect([...downsampleCurve(x, x, 3)]).toEqual([0, 1, 2])
    expect([...downsampleCurve(x, x, 2)]).toEqual([0, 2])
    expect(() => downsampleCurve(x, x, 1)).toThrow(/at least 2/)
    expect(() => downsampleCurve(x, x.subarray(1), 5)).toThrow(/x has 3 points but y has 2/)
  })
})

/** Largest distance from a point of the full polyline to the kept polyline (segments). */
function maxDeviation(
  x: Float64Array,
  y: Float64Array,
  kx: Float64Array,
  ky: Float64Array,
): number {
  let worst = 0
  for (let i = 0; i < x.length; i++) {
    let best = Infinity
    for (let k = 0; k + 1 < kx.length; k++) {
      const dx = kx[k + 1]! - kx[k]!
      const dy = ky[k + 1]! - ky[k]!
      const px = x[i]! - kx[k]!
      const py = y[i]! - ky[k]!
      const l2 = dx * dx + dy * dy
      const t = l2 === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / l2))
      best = Math.min(best, Math.hypot(px - t * dx, py - t * dy))
    }
    worst = Math.max(worst, best)
  }
  return worst
}

function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2
  return area
}
