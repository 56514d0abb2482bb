import { StatsInputError } from './errors.ts'

/**
 * The q-quantile of ascending `sorted` values by linear interpolation between order statistics,
 * numpy's default `method='linear'` (Hyndman and Fan type 7): h = (n - 1)·q, then interpolate
 * between sorted[floor(h)] and the next value. The interpolation is written as numpy's `_lerp`
 * writes it (a + (b - a)·t below t = 0.5, b - (b - a)·(1 - t) from there), so results match
 * numpy to the last bit.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length
  if (n === 0) {
    throw new StatsInputError(
      'quantileSorted: the array is empty; a quantile needs at least one value.',
    )
  }
  if (!(q >= 0 && q <= 1)) {
    throw new StatsInputError(`quantileSorted: q must be in [0, 1], got ${String(q)}.`)
  }
  if (Number.isNaN(sorted[n - 1])) {
    throw new StatsInputError(
      'quantileSorted: the array contains NaN; drop missing values before taking quantiles.',
    )
  }
  const h = (n - 1) * q
  const below = Math.floor(h)
  const a = sorted[below]!
  if (below >= n - 1) return a
  const b = sorted[below + 1]!
  const t = h - below
  const diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}
