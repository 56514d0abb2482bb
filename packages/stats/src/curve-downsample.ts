import { chordOf, offChord2 } from './_chord.ts'
import type { PointBoxes } from './_farthest-point.ts'
import { farthestPoint, pointBoxes } from './_farthest-point.ts'
import { StatsInputError } from './errors.ts'

/**
 * Indices (ascending) of at most `maxPoints` points of the polyline (x[i], y[i]) that draw it
 * faithfully: Douglas-Peucker with a point budget. The first and last points are always kept;
 * then, repeatedly, of all dropped points the one farthest from the chord between the kept
 * points on either side of it is kept, until `maxPoints` are kept or every dropped point lies on
 * its chord. Distances are Euclidean in the units of x and y (for rates, the unit square a chart
 * draws), so corners, where a curve turns, are kept first and the drawn polyline stays within
 * the largest remaining distance of the full one. A point within 1e-9 of its chord counts as on
 * it, so rounding in the coordinates keeps no point. A polyline of at most `maxPoints` points is
 * kept whole.
 *
 * Cost: one search of a segment per kept point (`farthestPoint`), which measures the points of
 * the few blocks of points that can hold the farthest one and only the bounding boxes of the rest.
 */
export function downsampleCurve(x: Float64Array, y: Float64Array, maxPoints: number): Uint32Array {
  const n = x.length
  if (y.length !== n) {
    throw new StatsInputError(
      `downsampleCurve: x has ${n} points but y has ${y.length}; pass the two coordinates of the same points.`,
    )
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new StatsInputError(
      `downsampleCurve: maxPoints must be a whole number of at least 2 (both end points), got ${maxPoints}.`,
    )
  }
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i)
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  let kept = 2
  const boxes = pointBoxes(x, y)
  const open: Segment[] = [farthest(x, y, 0, n - 1, boxes)]
  while (kept < maxPoints) {
    let best = -1
    let bestDistance = ON_CHORD
    for (let s = 0; s < open.length; s++) {
      const d = open[s]!.distance
      if (d > bestDistance) {
        best = s
        bestDistance = d
      }
    }
    // Every dropped point is on its chord (to rounding): more points would not change the drawing.
    if (best < 0) break
    const { from, to, at } = open[best]!
    open[best] = open[open.length - 1]!
    open.pop()
    keep[at] = 1
    kept++
    open.push(farthest(x, y, from, at, boxes), farthest(x, y, at, to, boxes))
  }
  const out = new Uint32Array(kept)
  for (let i = 0, k = 0; i < n; i++) if (keep[i] === 1) out[k++] = i
  return out
}

// --- internal ---

/** Distances up to this are rounding, not shape: far below what any chart can show. */
const ON_CHORD = 1e-9

/** Kept points `from` and `to`, and the point between them farthest from their chord. */
type Segment = {
  readonly from: number
  readonly to: number
  readonly at: number
  readonly distance: number
}

function farthest(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  boxes: PointBoxes,
): Segment {
  const chord = chordOf(x, y, from, to)
  const at = farthestPoint(x, y, from, to, chord, boxes)
  const { ax, ay, dx, dy, inverse } = chord
  return { from, to, at, distance: Math.sqrt(offChord2(x[at]! - ax, y[at]! - ay, dx, dy, inverse)) }
}
