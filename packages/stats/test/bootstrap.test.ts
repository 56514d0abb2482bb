import { describe, expect, it } from 'vitest'
import {
  BINARY_METRIC_NAMES,
  argsortFloat64,
  binaryMetrics,
  bootstrapBinary,
  bootstrapStatistic,
  createRng,
  pairedBootstrapBinary,
  quantileSorted,
} from '../src/index.ts'
import { createResampler } from '../src/_resample.ts'
import { GROUP_END, accumulateBinary, prepareBinary, rowTerms } from '../src/_binary-pass.ts'
import type { BootstrapInterval } from '../src/index.ts'

function randomCase(seed: number, n: number, signal = 0.35) {
  const rng = createRng(seed)
  const y = new Uint8Array(n)
  const score = new Float64Array(n)
  const other = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    y[i] = rng() < 0.3 ? 1 : 0
    score[i] = Math.round(Math.min(1, signal * y[i]! + (1 - signal) * rng()) * 100) / 100
    other[i] = Math.round(Math.min(1, 0.2 * y[i]! + 0.8 * rng()) * 100) / 100
  }
  return { y, score, other }
}

/** Rows repeated as often as drawn; counts[j] belongs to row rowAt[j]. */
function expand(y: Uint8Array, score: Float64Array, counts: Uint8Array, rowAt: Uint32Array) {
  const ys: number[] = []
  const ss: number[] = []
  counts.forEach((c, j) => {
    for (let k = 0; k < c; k++) {
      ys.push(y[rowAt[j]!]!)
      ss.push(score[rowAt[j]!]!)
    }
  })
  return { y: Uint8Array.from(ys), score: Float64Array.from(ss) }
}

function interval(r: Record<string, BootstrapInterval | null>, name: string): BootstrapInterval {
  const v = r[name]
  if (!v) return expect.fail(`${name}: no interval`)
  return v
}

const options = { resamples: 200, seed: 42, level: 0.95 }

describe('bootstrapBinary', () => {
  const { y, score, other } = randomCase(5, 300)

  it('reports progress every 25 resamples and at the last, without changing the intervals', () => {
    const heard: number[][] = []
    const onProgress = (done: number, total: number) => heard.push([done, total])
    const quiet = { resamples: 60, seed: 3, level: 0.9 }
    const told = { ...quiet, onProgress }
    expect(bootstrapBinary(y, score, 0.5, ['roc_auc'], told)).toEqual(
      bootstrapBinary(y, score, 0.5, ['roc_auc'], quiet),
    )
    pairedBootstrapBinary(y, score, other, 0.5, ['roc_auc'], told)
    bootstrapStatistic(y.length, (w) => w[0]!, told)
    const once = [
      [25, 60],
      [50, 60],
      [60, 60],
    ]
    expect(heard).toEqual([...once, ...once, ...once])
  })

  it('equals binaryMetrics recomputed from scratch on the expanded rows of each resample', () => {
    // The single-pass weighted evaluation must agree with sorting each resample anew. Counts are
    // drawn over positions in descending score order (stable ascending sort, reversed).
    const ascending = argsortFloat64(score)
    const byPosition = ascending.reverse()
    const resampler = createResampler(y.length, options.seed)
    const counts = new Uint8Array(y.length)
    const slow = BINARY_METRIC_NAMES.map(() => [] as number[])
    const undefinedCount = BINARY_METRIC_NAMES.map(() => 0)
    for (let r = 0; r < options.resamples; r++) {
      resampler.draw(counts)
      const e = expand(y, score, counts, byPosition)
      const m = binaryMetrics(e.y, e.score, 0.5)
      BINARY_METRIC_NAMES.forEach((name, k) => {
        const v = m[name]!.value
        if (v == null) undefinedCount[k]!++
        else slow[k]!.push(v)
      })
    }
    const fast = bootstrapBinary(y, score, 0.5, BINARY_METRIC_NAMES, options)
    BINARY_METRIC_NAMES.forEach((name, k) => {
      const sorted = Float64Array.from(slow[k]!).sort()
      const a = interval(fast, name)
      // Same resamples; only the order of floating-point sums differs.
      expect(a.low, name).toBeCloseTo(quantileSorted(sorted, 0.025), 12)
      expect(a.high, name).toBeCloseTo(quantileSorted(sorted, 0.975), 12)
      expect(a.undefinedResamples, name).toBe(undefinedCount[k])
    })
  })

  it('is reproducible with the same seed and changes with another', () => {
    const a = bootstrapBinary(y, score, 0.5, ['roc_auc', 'f1'], options)
    const b = bootstrapBinary(y, score, 0.5, ['roc_auc', 'f1'], options)
    const c = bootstrapBinary(y, score, 0.5, ['roc_auc', 'f1'], { ...options, seed: 43 })
    expect(b).toEqual(a)
    expect(interval(c, 'roc_auc').low).not.toBe(interval(a, 'roc_auc').low)
    expect(interval(a, 'roc_auc')).toMatchObject({
      seed: 42,
      resamples: 200,
      level: 0.95,
      undefinedResamples: 0,
    })
    expect(interval(a, 'roc_auc').method).toMatch(/percentile/)
  })

  it('contains the point estimate in a well-behaved case', () => {
    const big = randomCase(9, 3000)
    const point = binaryMetrics(big.y, big.score, 0.5)
    const r = bootstrapBinary(
      big.y,
      big.score,
      0.5,
      ['accuracy', 'roc_auc', 'average_precision', 'log_loss'],
      options,
    )
    for (const name of ['accuracy', 'roc_auc', 'average_precision', 'log_loss']) {
      const v = point[name]!.value!
      const { low, high } = interval(r, name)
      expect(low, name).toBeLessThan(v)
      expect(high, name).toBeGreaterThan(v)
      expect(high - low, name).toBeLessThan(0.1)
    }
  })

  it('gives zero width for a metric that cannot vary', () => {
    const r = bootstrapBinary(y, score, 0.5, ['n'], options)
    expect(interval(r, 'n')).toMatchObject({ low: 300, high: 300 })
    // Perfect separation stays perfect in every resample that has both classes.
    const sep = bootstrapBinary(
      Uint8Array.of(0, 0, 0, 1, 1, 1),
      Float64Array.of(0.1, 0.2, 0.3, 0.7, 0.8, 0.9),
      0.5,
      ['roc_auc', 'accuracy'],
      options,
    )
    expect(interval(sep, 'roc_auc')).toMatchObject({ low: 1, high: 1 })
    expect(interval(sep, 'accuracy')).toMatchObject({ low: 1, high: 1 })
    expect(interval(sep, 'roc_auc').undefinedResamples).toBeGreaterThan(0)
  })

  it('counts resamples where a metric is undefined, and returns null when it always is', () => {
    const r = bootstrapBinary(
      Uint8Array.of(1, 1, 1, 1),
      Float64Array.of(0.2, 0.4, 0.6, 0.8),
      0.5,
      ['roc_auc', 'precision'],
      options,
    )
    expect(r.roc_auc).toBeNull()
    // Precision is undefined when no row ≥ 0.5 is drawn: (2/4)^4 of resamples on average.
    const p = interval(r, 'precision')
    expect(p.undefinedResamples).toBeGreaterThan(0)
    expect(p.undefinedResamples).toBeLessThan(40)
    expect(p).toMatchObject({ low: 1, high: 1 })
  })

  it('rejects unknown metrics and bad options with a precise message', () => {
    expect(() => bootstrapBinary(y, score, 0.5, ['auc'], options)).toThrow(
      /unknown metric "auc"\. Known binary metrics: accuracy,/,
    )
    expect(() => bootstrapBinary(y, score, 0.5, ['f1'], { ...options, level: 95 })).toThrow(
      /level must be strictly between 0 and 1, got 95/,
    )
    expect(() => bootstrapBinary(y, score, 0.5, ['f1'], { ...options, resamples: 0 })).toThrow(
      /resamples must be a positive integer/,
    )
    expect(() => bootstrapBinary(y, score, 0.5, ['f1'], { ...options, seed: -1 })).toThrow(
      /Seed must be an integer/,
    )
    expect(() =>
      bootstrapBinary(new Uint8Array(0), new Float64Array(0), 0.5, ['f1'], options),
    ).toThrow(/rows to resample, got 0/)
  })

  describe('paired', () => {
    it('is exactly zero when the champion is the candidate', () => {
      const r = pairedBootstrapBinary(y, score, score, 0.5, ['roc_auc', 'f1', 'log_loss'], options)
      for (const name of ['roc_auc', 'f1', 'log_loss'])
        expect(interval(r, name)).toMatchObject({ low: 0, high: 0 })
    })

    it('uses the same resamples for both models as the single bootstrap does', () => {
      // With a constant champion, its AUC is 1/2 in every resample, so candidate − champion is the
      // candidate's own bootstrap distribution shifted by 1/2.
      const flat = new Float64Array(y.length).fill(0.5)
      const paired = interval(
        pairedBootstrapBinary(y, score, flat, 0.5, ['roc_auc'], options),
        'roc_auc',
      )
      const single = interval(bootstrapBinary(y, score, 0.5, ['roc_auc'], options), 'roc_auc')
      expect(paired.low).toBeCloseTo(single.low - 0.5, 14)
      expect(paired.high).toBeCloseTo(single.high - 0.5, 14)
    })

    it('is narrower than the difference of independent intervals for correlated models', () => {
      const noisy = score.map((s, i) => Math.min(1, Math.max(0, s + (other[i]! - 0.5) * 0.1)))
      const paired = interval(
        pairedBootstrapBinary(y, score, noisy, 0.5, ['roc_auc'], options),
        'roc_auc',
      )
      const a = interval(bootstrapBinary(y, score, 0.5, ['roc_auc'], options), 'roc_auc')
      expect(paired.high - paired.low).toBeLessThan((a.high - a.low) / 2)
      expect(paired.method).toMatch(/paired/)
    })

    it('rejects rows of different lengths', () => {
      expect(() =>
        pairedBootstrapBinary(y, score, other.subarray(1), 0.5, ['f1'], options),
      ).toThrow(/champion has 299 rows but y has 300/)
    })
  })
})

describe('bootstrapStatistic', () => {
  it('passes multinomial counts that sum to n', () => {
    const sums = new Set<number>()
    bootstrapStatistic(
      37,
      (w) => {
        sums.add(w.reduce((a, b) => a + b, 0))
        return 0
      },
      { resamples: 20, seed: 1, level: 0.9 },
    )
    expect([...sums]).toEqual([37])
  })

  it('gives zero width for a constant statistic and counts null results', () => {
    let call = 0
    const r = bootstrapStatistic(10, () => (call++ % 4 === 0 ? null : 2.5), {
      resamples: 100,
      seed: 3,
      level: 0.9,
    })
    expect(r).toMatchObject({
      low: 2.5,
      high: 2.5,
      undefinedResamples: 25,
      resamples: 100,
      seed: 3,
    })
    expect(bootstrapStatistic(10, () => null, { resamples: 5, seed: 3, level: 0.9 })).toBeNull()
  })

  it('covers the mean of a sample with the expected spread', () => {
    const rng = createRng(8)
    const x = Float64Array.from({ length: 400 }, () => rng())
    const mean = x.reduce((a, b) => a + b, 0) / x.length
    const r = bootstrapStatistic(
      x.length,
      (w) => w.reduce((s, wi, i) => s + wi * x[i]!, 0) / x.length,
      { resamples: 1000, seed: 2, level: 0.95 },
    )
    if (!r) return expect.fail('no interval')
    // Standard error of a uniform mean: √(1/12 / 400) ≈ 0.0144; a 95% interval spans ≈ 3.92 of them.
    expect(r.low).toBeLessThan(mean)
    expect(r.high).toBeGreaterThan(mean)
    expect(r.high - r.low).toBeGreaterThan(0.045)
    expect(r.high - r.low).toBeLessThan(0.068)
  })
})

describe('bootstrap resampler option', () => {
  const { y, score, other } = randomCase(41, 800)
  const options = { resamples: 60, seed: 9, level: 0.9 }
  const metrics = ['roc_auc', 'accuracy', 'log_loss']

  it('draws from the factory it is given, and closes what it made', () => {
    let made = 0
    let closed = 0
    const same = (n: number, seed: number) => {
      made++
      const resampler = createResampler(n, seed)
      return { draw: (c: Uint8Array) => resampler.draw(c), close: () => void closed++ }
    }
    const plain = bootstrapBinary(y, score, 0.5, metrics, options)
    expect(bootstrapBinary(y, score, 0.5, metrics, { ...options, resampler: same })).toEqual(plain)
    expect(
      pairedBootstrapBinary(y, score, other, 0.5, metrics, { ...options, resampler: same }),
    ).toEqual(pairedBootstrapBinary(y, score, other, 0.5, metrics, options))
    const mean = (w: Uint32Array) => w.reduce((sum, c, i) => sum + c * score[i]!, 0) / y.length
    expect(bootstrapStatistic(y.length, mean, { ...options, resampler: same })).toEqual(
      bootstrapStatistic(y.length, mean, options),
    )
    expect([made, closed]).toEqual([3, 3])
    // Other counts give other intervals: the factory's draws are the ones used.
    const shifted = (n: number, seed: number) => createResampler(n, seed + 1)
    expect(bootstrapBinary(y, score, 0.5, metrics, { ...options, resampler: shifted })).not.toEqual(
      plain,
    )
  })

  it('closes the resampler when a resample fails', () => {
    let closed = 0
    const failing = () => ({
      draw: () => {
        throw new Error('drawing failed')
      },
      close: () => void closed++,
    })
    expect(() =>
      bootstrapBinary(y, score, 0.5, metrics, { ...options, resampler: failing }),
    ).toThrow('drawing failed')
    expect(closed).toBe(1)
  })
})

describe('the weighted pass', () => {
  it('gives the same sums with per-row terms computed once as with terms computed as it goes', () => {
    const { y, score } = randomCase(11, 3000)
    // Clipped log loss at both ends: scores of exactly 0 and 1.
    score[0] = 0
    score[1] = 1
    const prepared = prepareBinary(y, score, 0.5, 'test')
    const terms = rowTerms(prepared)
    expect(terms).not.toBeNull()
    const rng = createRng(5)
    for (let r = 0; r < 20; r++) {
      const w = Uint8Array.from({ length: prepared.n }, () => Math.floor(rng() * 4))
      const inline = accumulateBinary(prepared, w, true)
      const cached = accumulateBinary(prepared, w, true, terms)
      for (const [name, value] of Object.entries(inline)) {
        expect(Object.is(value, cached[name as keyof typeof cached]), name).toBe(true)
      }
      expect(inline.logLoss).toBeGreaterThan(0)
    }
    // Scores that are not probabilities: no terms, and no log loss or Brier either way.
    const raw = prepareBinary(
      y,
      Float64Array.from(score, (s) => 3 * s - 1),
      0.5,
      'test',
    )
    expect(rowTerms(raw)).toBeNull()
    expect(accumulateBinary(raw, new Uint8Array(raw.n).fill(1), true).logLoss).toBe(0)
  })
})

describe('rows prepared without their order', () => {
  it('give the sums of rows prepared with it, and the same runs of equal scores', () => {
    const { y, score } = randomCase(13, 4000)
    // float32 scores, many of them tied, and both ends of the clipped log loss.
    const singles = Float64Array.from(score, (s) => Math.fround(s))
    singles[0] = 0
    singles[1] = 1
    const withOrder = prepareBinary(y, singles, 0.5, 'test')
    const packed = prepareBinary(y, singles, 0.5, 'test', 'score', false)
    expect(withOrder.order).not.toBeNull()
    expect(packed.order).toBeNull()
    expect(packed.score).toEqual(withOrder.score)
    // Equal scores end at the same positions; the labels within a run may lie otherwise.
    const ends = (p: typeof packed) => Array.from(p.labels, (l) => l & GROUP_END)
    expect(ends(packed)).toEqual(ends(withOrder))
    expect([packed.predictedPositives, packed.segmentEnd, packed.segmentBin]).toEqual([
      withOrder.predictedPositives,
      withOrder.segmentEnd,
      withOrder.segmentBin,
    ])
    const ones = new Uint8Array(y.length).fill(1)
    const a = accumulateBinary(withOrder, ones, true)
    const b = accumulateBinary(packed, ones, true)
    for (const name of ['n', 'positives', 'negatives', 'tp', 'fp', 'pairs', 'apSum'] as const) {
      expect(b[name], name).toBe(a[name])
    }
    for (const name of ['logLoss', 'brier', 'eceAbs'] as const) {
      expect(b[name], name).toBeCloseTo(a[name], 9)
    }
    expect(b.logLoss).toBeGreaterThan(0)
  })

  it('keep the order when a score is not a non-negative single-precision float', () => {
    const { y, score } = randomCase(17, 500)
    // Rounded to hundredths: doubles that are not float32 values.
    expect(prepareBinary(y, score, 0.5, 'test', 'score', false).order).not.toBeNull()
  })
})
