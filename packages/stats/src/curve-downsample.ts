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
 * Cost: one scan of a segment per kept point, so about n · log2(maxPoints) distance computations
 * when the kept points split the curve evenly.
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
  const open: Segment[] = [farthest(x, y, 0, n - 1)]
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
    open.push(farthest(x, y, from, at), farthest(x, y, at, to))
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

function farthest(x: Float64Array, y: Float64Array, from: number, to: number): Segment {
  const chord = chordOf(x, y, from, to)
  const at = farthestPoint(x, y, from, to, chord)
  const { ax, ay, dx, dy, inverse } = chord
  return { from, to, at, distance: Math.sqrt(offChord2(x[at]! - ax, y[at]! - ay, dx, dy, inverse)) }
}

/**
 * The index in (from, to) of the point farthest from the chord between points `from` and `to`
 * (the first of equals; `from` when every one is on it). The loop is all the function does:
 * called once per kept point, it is optimized while its first calls are still in the loop, and
 * code after the loop that had not run by then sent each later call back to the interpreter
 * (400 times in a run's two curves of a million points).
 */
function farthestPoint(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  { ax, ay, dx, dy, inverse }: Chord,
): number {
  let at = from
  let best = 0
  for (let i = from + 1; i < to; i++) {
    const d = offChord2(x[i]! - ax, y[i]! - ay, dx, dy, inverse)
    if (d > best) {
      best = d
      at = i
    }
  }
  return at
}

/** The chord from one kept point to another: its start, its extent, 1 / its squared length. */
type Chord = {
  readonly ax: number
  readonly ay: number
  readonly dx: number
  readonly dy: number
  readonly inverse: number
}

/** The chord from point `from` to point `to`. */
function chordOf(x: Float64Array, y: Float64Array, from: number, to: number): Chord {
  const ax = x[from]!
  const ay = y[from]!
  const dx = x[to]! - ax
  const dy = y[to]! - ay
  const length2 = dx * dx + dy * dy
  // A multiplication per point rather than a division: the scan is most of the cost.
  return { ax, ay, dx, dy, inverse: length2 === 0 ? 0 : 1 / length2 }
}

/**
 * Squared distance to the chord (dx, dy) of the point (px, py) relative to its start, the chord
 * taken as a segment (not the infinite line): a curve may double back.
 */
function offChord2(px: number, py: number, dx: number, dy: number, inverse: number): number {
  const along = (px * dx + py * dy) * inverse
  const t = along < 0 ? 0 : along > 1 ? 1 : along
  const ex = px - t * dx
  const ey = py - t * dy
  return ex * ex + ey * ey
}
