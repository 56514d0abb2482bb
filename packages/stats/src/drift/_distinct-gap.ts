/**
 * The KS statistic's numerator for two distributions of distinct ascending values with counts:
 * max |c_ref·n_cur − c_cur·n_ref| over the merge points (each value of either side, ties taken
 * together), and the first value where it is reached.
 *
 * A plain merge compares the two sides value by value, a branch the processor cannot predict:
 * about 25 ms for the 700,000 distinct values a side of a price column. Blocks skip most of it.
 * The reference's values are cut into blocks of BLOCK; one pass finds, for each block's last
 * value t, the running totals of both sides at t (the current side's by a forward scan, which
 * predicts well). The gap at t is a merge point's gap, so the largest of them, L, is at most the
 * statistic. Inside a block the totals lie between those at its start and its end, so no gap
 * there exceeds max(A1·n_cur − C0·n_ref, C1·n_ref − A0·n_cur); a block whose bound is below L
 * cannot hold the statistic. The blocks that can are merged exactly, in ascending order, from
 * their starting totals: the same points with the same gaps as the whole merge, so the statistic
 * and its first location come out the same. The gaps are integers below 2^53 (counts times sample
 * sizes), so the bounds are exact.
 */
export function distinctGap(
  a: Float64Array,
  wa: Float64Array,
  b: Float64Array,
  wb: Float64Array,
  nRef: number,
  nCur: number,
): { numerator: number; location: number } {
  const sides: Sides = { a, wa, b, wb, nRef, nCur }
  const gap: Gap = { best: 0, location: a[0] ?? b[0] ?? 0 }
  const na = a.length
  const nb = b.length
  if (na < 4 * BLOCK) {
    mergeGap(
      sides,
      { refFrom: 0, refTo: na, curFrom: 0, curTo: nb, refBefore: 0, curBefore: 0 },
      gap,
    )
    return { numerator: gap.best, location: gap.location }
  }
  // Block k holds a[k·BLOCK, min((k + 1)·BLOCK, na)); a last block holds the current values
  // above the reference's largest.
  const totals = blockTotals(sides, Math.ceil(na / BLOCK) + 1)
  let refBefore = 0
  let curBefore = 0
  let curFrom = 0
  for (let k = 0; k < totals.ref.length; k++) {
    const refAfter = totals.ref[k]!
    const curAfter = totals.cur[k]!
    const curTo = totals.curEnds[k]!
    const bound = Math.max(refAfter * nCur - curBefore * nRef, curAfter * nRef - refBefore * nCur)
    if (bound >= totals.lowest) {
      const refFrom = Math.min(k * BLOCK, na)
      const refTo = Math.min(refFrom + BLOCK, na)
      mergeGap(sides, { refFrom, refTo, curFrom, curTo, refBefore, curBefore }, gap)
    }
    refBefore = refAfter
    curBefore = curAfter
    curFrom = curTo
  }
  return { numerator: gap.best, location: gap.location }
}

// --- internal ---

/** Reference values per block: small enough that few values are merged, large enough to skip. */
const BLOCK = 256

/** Both distributions (values ascending, counts) and their sizes. */
type Sides = {
  readonly a: Float64Array
  readonly wa: Float64Array
  readonly b: Float64Array
  readonly wb: Float64Array
  readonly nRef: number
  readonly nCur: number
}

/** The largest gap so far and the first value where it was met. */
type Gap = { best: number; location: number }

/** Index ranges a[refFrom, refTo) and b[curFrom, curTo), and both running totals before them. */
type Stretch = {
  readonly refFrom: number
  readonly refTo: number
  readonly curFrom: number
  readonly curTo: number
  readonly refBefore: number
  readonly curBefore: number
}

/**
 * The running totals of both sides at the end of each of `blocks` blocks, where the current
 * side's values of each block end, and the largest gap at a block's end.
 */
function blockTotals(
  { a, wa, b, wb, nRef, nCur }: Sides,
  blocks: number,
): { ref: Float64Array; cur: Float64Array; curEnds: Int32Array; lowest: number } {
  const ref = new Float64Array(blocks)
  const cur = new Float64Array(blocks)
  const curEnds = new Int32Array(blocks)
  const na = a.length
  const nb = b.length
  const last = blocks - 1
  let ca = 0
  let cb = 0
  let j = 0
  let lowest = 0
  for (let k = 0; k < last; k++) {
    const end = Math.min((k + 1) * BLOCK, na)
    for (let i = k * BLOCK; i < end; i++) ca += wa[i]!
    const t = a[end - 1]!
    while (j < nb && b[j]! <= t) cb += wb[j++]!
    ref[k] = ca
    cur[k] = cb
    curEnds[k] = j
    const g = Math.abs(ca * nCur - cb * nRef)
    if (g > lowest) lowest = g
  }
  ref[last] = nRef
  cur[last] = nCur
  curEnds[last] = nb
  return { ref, cur, curEnds, lowest }
}

/**
 * The merge of one stretch of both sides from its running totals, keeping in `gap` the largest
 * gap and the first value where it is met (only a larger one replaces it).
 */
function mergeGap({ a, wa, b, wb, nRef, nCur }: Sides, stretch: Stretch, gap: Gap): void {
  const { refTo, curTo } = stretch
  let i = stretch.refFrom
  let j = stretch.curFrom
  let ca = stretch.refBefore
  let cb = stretch.curBefore
  let best = gap.best
  let location = gap.location
  while (i < refTo || j < curTo) {
    let x: number
    if (j >= curTo || (i < refTo && a[i]! < b[j]!)) {
      x = a[i]!
      ca += wa[i++]!
    } else if (i >= refTo || b[j]! < a[i]!) {
      x = b[j]!
      cb += wb[j++]!
    } else {
      x = a[i]!
      ca += wa[i++]!
      cb += wb[j++]!
    }
    const g = Math.abs(ca * nCur - cb * nRef)
    if (g > best) {
      best = g
      location = x
    }
  }
  gap.best = best
  gap.location = location
}
