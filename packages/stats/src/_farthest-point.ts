import type { Chord } from './_chord.ts'
import { offChord2 } from './_chord.ts'

/**
 * The farthest point from a chord among a curve's points, found without measuring most of them.
 *
 * The points are cut into blocks of BOX consecutive points, and the blocks into blocks of BOX
 * blocks, each with its bounding box. The (squared) distance to a segment is a convex function of
 * the point, so over a box it is largest at one of the corners: nothing in a block lies farther
 * from the chord than the farthest corner of its box. A search bounds the large blocks inside the
 * segment by their corners, goes into the one that reaches farthest first (a good first answer),
 * then into each other one whose corners could still beat the answer so far, and inside each the
 * same way with the small blocks and then the points. On a curve of a million points a search
 * measures a few thousand corners and points instead of every point.
 *
 * The answer is the one a scan of every point gives, the first of equal distances: a block is
 * skipped only when its farthest corner is below the answer so far by more than `margin`, far more
 * than the rounding of the distances (a few units in the last place of the squared coordinates).
 */
export type PointBoxes = {
  /** Per level (blocks of BOX points, then of BOX² points), the boxes' extents and bounds. */
  readonly levels: readonly BoxLevel[]
  /** A block's corner bound plus this is above any distance computed for its points. */
  readonly margin: number
}

type BoxLevel = {
  /** Points per block at this level. */
  readonly size: number
  readonly lowX: Float64Array
  readonly highX: Float64Array
  readonly lowY: Float64Array
  readonly highY: Float64Array
  /** The corner bound of each block, written by each search. */
  readonly bounds: Float64Array
}

/** The bounding boxes of the points (x[i], y[i]) by blocks. */
export function pointBoxes(x: Float64Array, y: Float64Array): PointBoxes {
  const small = level(BOX, Math.floor(x.length / BOX))
  fillBoxes(x, y, small)
  const large = level(BOX * BOX, Math.floor(small.lowX.length / BOX))
  joinBoxes(small.lowX, small.highX, large.lowX, large.highX)
  joinBoxes(small.lowY, small.highY, large.lowY, large.highY)
  const largest = Math.max(magnitude(small), tailMagnitude(x, y, small.lowX.length * BOX))
  return { levels: [small, large], margin: 1e-9 * largest * largest + Number.MIN_VALUE }
}

/**
 * The index in (from, to) of the point farthest from the chord between points `from` and `to`
 * (the first of equals; `from` when every one is on it).
 */
export function farthestPoint(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  chord: Chord,
  boxes: PointBoxes,
): number {
  const found: Found = { at: from, best: 0 }
  search(x, y, from + 1, to, chord, boxes, boxes.levels.length - 1, found)
  return found.at
}

// --- internal ---

/** Points per small block, and small blocks per large one. */
const BOX = 64

/** A range with fewer whole blocks than this is searched a level down. */
const MIN_BLOCKS = 4

type Found = { at: number; best: number }

function level(size: number, blocks: number): BoxLevel {
  return {
    size,
    lowX: new Float64Array(blocks),
    highX: new Float64Array(blocks),
    lowY: new Float64Array(blocks),
    highY: new Float64Array(blocks),
    bounds: new Float64Array(blocks),
  }
}

/** The farthest point of [lo, hi) into `found`, by the blocks of level `at` and below. */
function search(
  x: Float64Array,
  y: Float64Array,
  lo: number,
  hi: number,
  chord: Chord,
  boxes: PointBoxes,
  at: number,
  found: Found,
): void {
  if (at < 0) {
    scanPoints(x, y, lo, hi, chord, found)
    return
  }
  const boxLevel = boxes.levels[at]!
  const size = boxLevel.size
  const first = Math.ceil(lo / size)
  const end = Math.floor(hi / size)
  if (end - first < MIN_BLOCKS) {
    search(x, y, lo, hi, chord, boxes, at - 1, found)
    return
  }
  search(x, y, lo, first * size, chord, boxes, at - 1, found)
  search(x, y, end * size, hi, chord, boxes, at - 1, found)
  const top = boxBounds(boxLevel, first, end, chord)
  search(x, y, top * size, top * size + size, chord, boxes, at - 1, found)
  const { bounds } = boxLevel
  for (let b = first; b < end; b++) {
    if (b !== top && bounds[b]! + boxes.margin >= found.best) {
      search(x, y, b * size, b * size + size, chord, boxes, at - 1, found)
    }
  }
}

/** Each small block's least and greatest coordinates. */
function fillBoxes(x: Float64Array, y: Float64Array, boxLevel: BoxLevel): void {
  const { lowX, highX, lowY, highY } = boxLevel
  for (let b = 0; b < lowX.length; b++) {
    let x0 = Infinity
    let x1 = -Infinity
    let y0 = Infinity
    let y1 = -Infinity
    for (let i = b * BOX; i < b * BOX + BOX; i++) {
      const u = x[i]!
      const v = y[i]!
      x0 = u < x0 ? u : x0
      x1 = u > x1 ? u : x1
      y0 = v < y0 ? v : y0
      y1 = v > y1 ? v : y1
    }
    lowX[b] = x0
    highX[b] = x1
    lowY[b] = y0
    highY[b] = y1
  }
}

/** The boxes of blocks of BOX small blocks, from the small blocks' boxes. */
function joinBoxes(
  low: Float64Array,
  high: Float64Array,
  lowOut: Float64Array,
  highOut: Float64Array,
): void {
  for (let b = 0; b < lowOut.length; b++) {
    let lo = Infinity
    let hi = -Infinity
    for (let i = b * BOX; i < b * BOX + BOX; i++) {
      lo = Math.min(lo, low[i]!)
      hi = Math.max(hi, high[i]!)
    }
    lowOut[b] = lo
    highOut[b] = hi
  }
}

/**
 * The largest magnitude of any coordinate in the boxes, which sets the scale of the distances'
 * rounding.
 */
function magnitude({ lowX, highX, lowY, highY }: BoxLevel): number {
  let largest = 0
  for (let b = 0; b < lowX.length; b++) {
    largest = Math.max(largest, -lowX[b]!, highX[b]!, -lowY[b]!, highY[b]!)
  }
  return largest
}

/** The largest magnitude of a coordinate of the points from `from` on, past the last block. */
function tailMagnitude(x: Float64Array, y: Float64Array, from: number): number {
  let largest = 0
  for (let i = from; i < x.length; i++)
    largest = Math.max(largest, Math.abs(x[i]!), Math.abs(y[i]!))
  return largest
}

/**
 * Writes the squared distance of each block's farthest corner into `bounds`; returns the block
 * that reaches farthest (the first of equals).
 */
function boxBounds(boxLevel: BoxLevel, first: number, end: number, chord: Chord): number {
  const { lowX, highX, lowY, highY, bounds } = boxLevel
  const { ax, ay, dx, dy, inverse } = chord
  let top = first
  let topBound = -1
  for (let b = first; b < end; b++) {
    const x0 = lowX[b]! - ax
    const x1 = highX[b]! - ax
    const y0 = lowY[b]! - ay
    const y1 = highY[b]! - ay
    const bound = Math.max(
      offChord2(x0, y0, dx, dy, inverse),
      offChord2(x0, y1, dx, dy, inverse),
      offChord2(x1, y0, dx, dy, inverse),
      offChord2(x1, y1, dx, dy, inverse),
    )
    bounds[b] = bound
    if (bound > topBound) {
      topBound = bound
      top = b
    }
  }
  return top
}

/**
 * Measures the points [lo, hi), keeping in `found` the farthest (of equals, the first; a point
 * on the chord never replaces the start).
 */
function scanPoints(
  x: Float64Array,
  y: Float64Array,
  lo: number,
  hi: number,
  { ax, ay, dx, dy, inverse }: Chord,
  found: Found,
): void {
  let { at, best } = found
  for (let i = lo; i < hi; i++) {
    const d = offChord2(x[i]! - ax, y[i]! - ay, dx, dy, inverse)
    if (d > best || (d === best && d > 0 && i < at)) {
      best = d
      at = i
    }
  }
  found.at = at
  found.best = best
}
