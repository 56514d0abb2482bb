import { describe, expect, it } from 'vitest'
import { createRng, downsampleCurve, precisionRecallCurve, rocCurve } from '../src/index.ts'

/*
 * downsampleCurve finds each segment's farthest point by bounding boxes of blocks of points. Its
 * choice must be the one of measuring every point, written here as plainly as it can be:
 * Douglas-Peucker with a point budget, the farthest point from the segment, the first of equals.
 */

function plainDownsample(x: Float64Array, y: Float64Array, maxPoints: number): number[] {
  const n = x.length
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i)
  const distance2 = (i: number, a: number, b: number) => {
    const dx = x[b]! - x[a]!
    const dy = y[b]! - y[a]!
    const px = x[i]! - x[a]!
    const py = y[i]! - y[a]!
    const length2 = dx * dx + dy * dy
    const along = (px * dx + py * dy) * (length2 === 0 ? 0 : 1 / length2)
    const t = Math.min(1, Math.max(0, along))
    return (px - t * dx) ** 2 + (py - t * dy) ** 2
  }
  const farthest = (a: number, b: number) => {
    let at = a
    let best = 0
    for (let i = a + 1; i < b; i++) {
      const d = distance2(i, a, b)
      if (d > best) [at, best] = [i, d]
    }
    return { a, b, at, distance: Math.sqrt(best) }
  }
  const kept = new Set([0, n - 1])
  const open = [farthest(0, n - 1)]
  while (kept.size < maxPoints) {
    let pick = -1
    for (let s = 0; s < open.length; s++) {
      if (open[s]!.distance > (pick < 0 ? 1e-9 : open[pick]!.distance)) pick = s
    }
    if (pick < 0) break
    const { a, b, at } = open.splice(pick, 1)[0]!
    kept.add(at)
    open.push(farthest(a, at), farthest(at, b))
  }
  return [...kept].sort((p, q) => p - q)
}

const rng = createRng(7)

describe('downsampleCurve on long curves', () => {
  it('keeps the points a scan of every point keeps: ROC and PR curves with ties', () => {
    for (const [n, levels] of [
      [60_000, 0],
      [60_000, 500],
      [20_000, 40],
    ] as const) {
      const y = Uint8Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0))
      // Scores with a signal, rounded to `levels` steps for ties (0: continuous).
      const s = Float64Array.from(y, (label) => {
        const v = Math.min(1, Math.max(0, 0.35 + 0.3 * label + 0.25 * (rng() - 0.5) * 2))
        return levels > 0 ? Math.round(v * levels) / levels : v
      })
      const roc = rocCurve(y, s)!
      const pr = precisionRecallCurve(y, s)!
      for (const budget of [2, 17, 200]) {
        expect([...downsampleCurve(roc.fpr, roc.tpr, budget)]).toEqual(
          plainDownsample(roc.fpr, roc.tpr, budget),
        )
        expect([...downsampleCurve(pr.recall, pr.precision, budget)]).toEqual(
          plainDownsample(pr.recall, pr.precision, budget),
        )
      }
    }
  })

  it('keeps the points a scan of every point keeps: a random walk and a curve far from 0', () => {
    const n = 30_000
    const x = new Float64Array(n)
    const y = new Float64Array(n)
    for (let i = 1; i < n; i++) {
      x[i] = x[i - 1]! + rng()
      y[i] = y[i - 1]! + rng() - 0.5
    }
    expect([...downsampleCurve(x, y, 300)]).toEqual(plainDownsample(x, y, 300))
    const far = x.map((v) => 1e9 + v)
    expect([...downsampleCurve(far, y, 300)]).toEqual(plainDownsample(far, y, 300))
  })

  it('keeps the first of points equally far, even where a later block reaches farther', () => {
    // A tooth of height 1 early on; later, a tooth as high in a block whose points also double
    // back behind the chord's start, so that its box reaches farther than either tooth.
    const n = 20_000
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1))
    const y = new Float64Array(n)
    y[1000] = 1
    x[10_000] = -0.5
    y[10_001] = 1
    const kept = downsampleCurve(x, y, 3)
    expect([...kept]).toEqual([0, 1000, n - 1])
    expect([...kept]).toEqual(plainDownsample(x, y, 3))
    expect([...downsampleCurve(x, y, 40)]).toEqual(plainDownsample(x, y, 40))
  })
})
