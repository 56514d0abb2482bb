/** The chord from one kept point to another: its start, its extent, 1 / its squared length. */
export type Chord = {
  readonly ax: number
  readonly ay: number
  readonly dx: number
  readonly dy: number
  readonly inverse: number
}

/** The chord from point `from` to point `to`. */
export function chordOf(x: Float64Array, y: Float64Array, from: number, to: number): Chord {
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
export function offChord2(px: number, py: number, dx: number, dy: number, inverse: number): number {
  const along = (px * dx + py * dy) * inverse
  const t = along < 0 ? 0 : along > 1 ? 1 : along
  const ex = px - t * dx
  const ey = py - t * dy
  return ex * ex + ey * ey
}
