import { StatsInputError } from '../errors.ts'
import type { DistinctValues, NumericSummary } from './sample-summary.ts'
import { distinctValues } from './sample-summary.ts'
import { sortPresent } from './sort-present.ts'
import { sortUint32 } from './_radix32.ts'

/** A numeric column's exact distribution: its distinct non-missing values with counts. */
export type ColumnDistribution = {
  readonly distinct: DistinctValues
  /** Non-missing rows: the sum of the counts. */
  readonly present: number
  /** NaN rows (empty cells, nulls, literal NaN). */
  readonly missing: number
}

/**
 * The distinct values and counts of a column, which is all PSI, KS and the summaries need.
 *
 * Data read from decimal text is usually k / 10^s for integers k in a modest range (prices with
 * two decimals, measurements with four, counts): then a counting pass over k gives the answer in
 * three sequential passes, with no sort at all. The decimal scale s is guessed from the first
 * values and verified exactly on every value (`k / 10^s === v`, so each double comes back bit for
 * bit). When the range of k exceeds max(2^16, 4·n) slots but fits in 32 bits, the offsets
 * k − min are radix-sorted as 32-bit keys; when no scale fits (or the range is wider still), the
 * doubles themselves are (`sortPresent`).
 */
export function columnDistribution(values: Float64Array): ColumnDistribution {
  return countedDistribution(values) ?? sortedDistribution(values)
}

/**
 * `columnDistribution` of a column held as decimal keys (value i is keys[i] / 10^scale; a row
 * flagged in `missing` is missing), from the keys: the same distinct doubles, each the correctly
 * rounded quotient of the same rational, and the same counts. Keys within max(2^16, 4·n) slots
 * are counted; keys spread wider (prices in cents) are radix-sorted as 32-bit offsets, as
 * `columnDistribution` sorts the values' keys, without making the doubles first.
 */
export function keyedColumnDistribution(
  keys: Int32Array,
  scale: number,
  missing: Uint8Array | null,
): ColumnDistribution {
  const n = keys.length
  const { min, max, missing: absent } = keyRange(keys, 1, missing)
  const present = n - absent
  if (present === 0) {
    return {
      distinct: { values: new Float64Array(0), counts: new Float64Array(0) },
      present,
      missing: absent,
    }
  }
  const width = max - min + 1
  if (width > Math.max(65_536, 4 * n)) {
    // Int32 keys span at most 2^32 slots, so their offsets fit 32 bits.
    const offsets = new Uint32Array(present)
    keyOffsets(keys, missing, min, offsets)
    return sortedOffsets(offsets, min, width, 10 ** scale, absent)
  }
  const counts = new Uint32Array(width)
  for (let i = 0; i < n; i++) {
    if (missing != null && missing[i] === 1) continue
    counts[keys[i]! - min]!++
  }
  const distinct = nonZero(counts)
  const out = { values: new Float64Array(distinct), counts: new Float64Array(distinct) }
  fillCounted(counts, min, 10 ** scale, out.values, out.counts)
  return { distinct: out, present, missing: absent }
}

/**
 * The q-quantile of a distinct-values distribution, equal to `quantileSorted` of the expanded
 * values: linear interpolation between order statistics (numpy's default), with numpy's `_lerp`
 * evaluation order so that results match to the last bit.
 */
export function distinctQuantile(d: DistinctValues, cumulative: Float64Array, q: number): number {
  const n = cumulative[cumulative.length - 1] ?? 0
  if (n === 0) throw new StatsInputError('distinctQuantile: the distribution is empty.')
  return interpolatedQuantile(n, q, (j) => orderStatistic(d, cumulative, j))
}

/**
 * The q-quantile of n ascending values given their order statistics (`at(j)`: the value at
 * 0-based position j, asked only at `quartilePositions(n, q)`), with numpy's `_lerp` evaluation
 * order.
 */
export function interpolatedQuantile(n: number, q: number, at: (j: number) => number): number {
  const h = (n - 1) * q
  const below = Math.floor(h)
  const a = at(below)
  if (below >= n - 1) return a
  const b = at(below + 1)
  const t = h - below
  const diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

/** The positions whose values `interpolatedQuantile(n, q, …)` asks for. */
export function quartilePositions(n: number, q: number): number[] {
  const below = Math.floor((n - 1) * q)
  return below >= n - 1 ? [below] : [below, below + 1]
}

/** Running totals of the counts: cumulative[i] = rows with a value ≤ values[i]. */
export function cumulativeCounts(d: DistinctValues): Float64Array {
  const out = new Float64Array(d.counts.length)
  let sum = 0
  for (let i = 0; i < d.counts.length; i++) out[i] = sum += d.counts[i]!
  return out
}

/**
 * Summary statistics of a distinct-values distribution: mean and sample standard deviation in two
 * passes over the distinct values (the second sums squared deviations from the mean, which keeps
 * precision), quartiles as `distinctQuantile` gives them, their order statistics found in one walk
 * over the counts (no running totals kept: a new array of a million of them costs more than the
 * walk). Null when empty.
 */
export function distinctSummary(d: DistinctValues): NumericSummary | null {
  const n = countSum(d.counts)
  if (n === 0) return null
  const mean = weightedSum(d.values, d.counts) / n
  const squares = weightedSquares(d.values, d.counts, mean)
  const quartiles = [0.25, 0.5, 0.75]
  // Ascending and each once: with few rows the quartiles share positions.
  const positions = [...new Set(quartiles.flatMap((q) => quartilePositions(n, q)))]
  const found = orderStatistics(d, positions)
  const [q25, median, q75] = quartiles.map((q) =>
    interpolatedQuantile(n, q, (j) => found[positions.indexOf(j)]!),
  )
  return {
    count: n,
    mean,
    std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: d.values[0]!,
    q25: q25!,
    median: median!,
    q75: q75!,
    max: d.values[d.values.length - 1]!,
  }
}

// --- internal ---

/*
 * The loops over a column's values are functions of their own that end right after the loop.
 * Each runs once per column: V8 optimizes a function like this while its first call is still in
 * the loop, and code after the loop that had not run by then lacked type feedback, so the
 * optimized code was thrown away there and made again, per column and per thread. Measured on
 * the reference workload's 32 columns, the first pass: 34–37 deoptimizations before, 12–15
 * after, and a median of 1,095 ms of CPU before against 973 ms after (8 alternating processes).
 */

/** Σ counts[i]: the rows, as the last running total would give them. */
function countSum(counts: Float64Array): number {
  let sum = 0
  for (let i = 0; i < counts.length; i++) sum += counts[i]!
  return sum
}

/**
 * The values at 0-based positions `positions` (ascending) of the expanded ascending sample, in one
 * walk over the counts: position j holds the first value whose running total exceeds j.
 */
function orderStatistics(d: DistinctValues, positions: readonly number[]): number[] {
  const found: number[] = []
  let total = 0
  for (let i = 0; i < d.counts.length && found.length < positions.length; i++) {
    total += d.counts[i]!
    while (found.length < positions.length && total > positions[found.length]!) {
      found.push(d.values[i]!)
    }
  }
  return found
}

/** Σ values[i] · counts[i]. */
function weightedSum(values: Float64Array, counts: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]! * counts[i]!
  return sum
}

/** Σ (values[i] − mean)² · counts[i]. */
function weightedSquares(values: Float64Array, counts: Float64Array, mean: number): number {
  let squares = 0
  for (let i = 0; i < values.length; i++) {
    const dev = values[i]! - mean
    squares += dev * dev * counts[i]!
  }
  return squares
}

/** Decimal scales tried for the counting path. */
const MAX_SCALE = 9
/** Values that decide the guessed scale before the full check. */
const SCALE_PROBE = 64

/** The value at 0-based position `j` of the expanded ascending sample. */
function orderStatistic(d: DistinctValues, cumulative: Float64Array, j: number): number {
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cumulative[mid]! > j) hi = mid
    else lo = mid + 1
  }
  return d.values[lo]!
}

function sortedDistribution(values: Float64Array): ColumnDistribution {
  const { sorted, missing } = sortPresent(values)
  const distinct = distinctValues(sorted)
  // −0 and +0 are one value, which the counting path writes +0 (k = 0 has no sign): so does this
  // path, and a distribution is the same doubles however it was computed (a column read in parts
  // and merged gives what the whole column gives).
  for (let i = 0; i < distinct.values.length; i++) {
    if (distinct.values[i] === 0) distinct.values[i] = 0
  }
  return { distinct, present: sorted.length, missing }
}

function countedDistribution(values: Float64Array): ColumnDistribution | undefined {
  let scale = guessScale(values)
  // A scale guessed from the first values can be too small (prices that all end in 0 at first):
  // the value that breaks it names a larger one, tried once more.
  for (let attempt = 0; attempt < 2 && scale !== undefined; attempt++) {
    const result = countAtScale(values, scale)
    if (typeof result !== 'number') return result
    const next = scaleOf(values[result]!)
    if (next === undefined || next <= scale) return undefined
    scale = next
  }
  return undefined
}

/**
 * The counting pass at one scale: the distribution, undefined when the range of k is too wide,
 * or the index of the first value that is not k / 10^scale.
 *
 * k is floor(v·10^s + ½) rather than Math.round(v·10^s), which V8 compiles to more work: any
 * integer k with k / 10^s === v gives v back exactly, and that check is made on every value, so
 * the distribution is exact whichever integer is found (a value where the two differ fails the
 * check and is handled as before: another scale, or the sort).
 */
function countAtScale(
  values: Float64Array,
  scale: number,
): ColumnDistribution | number | undefined {
  const n = values.length
  const power = 10 ** scale
  const range = scaledRange(values, power)
  if (typeof range === 'number') return range
  const { min, max, missing } = range
  const present = n - missing
  if (present === 0) {
    return {
      distinct: { values: new Float64Array(0), counts: new Float64Array(0) },
      present,
      missing,
    }
  }
  // Infinities pass the check (∞ / 10^s is ∞); they, and integers beyond 2^53, are sorted.
  if (!(min >= -Number.MAX_SAFE_INTEGER && max <= Number.MAX_SAFE_INTEGER)) return undefined
  const width = max - min + 1
  if (width > Math.max(65_536, 4 * n)) {
    return width <= 2 ** 32 ? radixAtScale(values, power, min, width, present, missing) : undefined
  }
  const counts = countKeys(values, power, min, width, missing > 0)
  const distinct = nonZero(counts)
  const out = { values: new Float64Array(distinct), counts: new Float64Array(distinct) }
  fillCounted(counts, min, power, out.values, out.counts)
  return { distinct: out, present, missing }
}

/** How many of `counts` are not zero. */
function nonZero(counts: Uint32Array): number {
  let distinct = 0
  for (let k = 0; k < counts.length; k++) distinct += counts[k] !== 0 ? 1 : 0
  return distinct
}

/** Each key k with rows, in order: its value (k + min) / power into `values`, its rows to `out`. */
function fillCounted(
  counts: Uint32Array,
  min: number,
  power: number,
  values: Float64Array,
  out: Float64Array,
): void {
  for (let k = 0, j = 0; k < counts.length; k++) {
    const c = counts[k]!
    if (c === 0) continue
    // The same k / 10^scale that was checked against the value above: the very same double.
    values[j] = (k + min) / power
    out[j++] = c
  }
}

/** The keys' extent and the missing count, or the index of the first value that is not k / 10^s. */
export type KeyRange = { readonly min: number; readonly max: number; readonly missing: number }

/**
 * The extent of keys[i] · factor over the rows not flagged in `missing`, and the flagged rows
 * (min > max when every row is flagged). The keys are compared as int32 and scaled once: 30
 * columns of a million keys in 51–55 ms, against 95 ms scaling each key as a double first.
 */
export function keyRange(keys: Int32Array, factor: number, missing: Uint8Array | null): KeyRange {
  const n = keys.length
  let i = 0
  if (missing != null) while (i < n && missing[i] === 1) i++
  let absent = i
  if (i === n) return { min: Infinity, max: -Infinity, missing: absent }
  // The extremes of the keys themselves, compared as int32; the factor is positive and every
  // product exact (below 2^53), so it scales them after.
  let min = keys[i]!
  let max = min
  if (missing == null) {
    for (; i < n; i++) {
      const k = keys[i]!
      if (k < min) min = k
      if (k > max) max = k
    }
  } else {
    for (; i < n; i++) {
      if (missing[i] === 1) {
        absent++
        continue
      }
      const k = keys[i]!
      if (k < min) min = k
      if (k > max) max = k
    }
  }
  return { min: min * factor, max: max * factor, missing: absent }
}

export function scaledRange(values: Float64Array, power: number): KeyRange | number {
  let min = Infinity
  let max = -Infinity
  let missing = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    const k = Math.floor(v * power + 0.5)
    if (k / power !== v) {
      // NaN fails the check too: it is the one value that is counted apart.
      if (Number.isNaN(v)) {
        missing++
        continue
      }
      return i
    }
    if (k < min) min = k
    if (k > max) max = k
  }
  return { min, max, missing }
}

/**
 * Rows per key k − min (keys as `countAtScale` makes them). A narrow range (codes, counts, a
 * label) sends run after run of rows to the same few counters, each increment waiting for the
 * last: four interleaved sets of counters, summed at the end, let four go at once.
 */
function countKeys(
  values: Float64Array,
  power: number,
  min: number,
  width: number,
  anyMissing: boolean,
): Uint32Array {
  const counts = new Uint32Array(width)
  if (anyMissing) countPresentKeys(values, power, min, counts)
  else if (width > NARROW) countAllKeys(values, power, min, counts)
  else {
    const sets = new Uint32Array(4 * width)
    const whole = values.length - (values.length % 4)
    countKeysInterleaved(values.subarray(0, whole), power, min, width, sets)
    countAllKeys(values.subarray(whole), power, min, sets)
    sumSets(sets, counts)
  }
  return counts
}

/** Rows per key k − min into `counts`. */
function countAllKeys(values: Float64Array, power: number, min: number, counts: Uint32Array): void {
  for (let i = 0; i < values.length; i++) counts[Math.floor(values[i]! * power + 0.5) - min]!++
}

/** `countAllKeys` leaving out NaN. */
function countPresentKeys(
  values: Float64Array,
  power: number,
  min: number,
  counts: Uint32Array,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isNaN(v)) counts[Math.floor(v * power + 0.5) - min]!++
  }
}

/**
 * Rows per key into four sets of `width` counters, row i into set i mod 4 (a multiple of four
 * rows: the caller counts the last few into the first set).
 */
function countKeysInterleaved(
  values: Float64Array,
  power: number,
  min: number,
  width: number,
  sets: Uint32Array,
): void {
  const second = width - min
  const third = 2 * width - min
  const fourth = 3 * width - min
  for (let i = 0; i < values.length; i += 4) {
    sets[Math.floor(values[i]! * power + 0.5) - min]!++
    sets[Math.floor(values[i + 1]! * power + 0.5) + second]!++
    sets[Math.floor(values[i + 2]! * power + 0.5) + third]!++
    sets[Math.floor(values[i + 3]! * power + 0.5) + fourth]!++
  }
}

/** The four sets of counters summed into `counts`. */
function sumSets(sets: Uint32Array, counts: Uint32Array): void {
  const width = counts.length
  for (let k = 0; k < width; k++) {
    counts[k] = sets[k]! + sets[width + k]! + sets[2 * width + k]! + sets[3 * width + k]!
  }
}

/** Widest key range counted with interleaved counters (4 × 64 KiB of them). */
const NARROW = 16_384

/**
 * Wide ranges (prices in cents up to millions): the offsets k − min fit in 32 bits, so an LSD
 * radix sort of them takes two passes over 4-byte keys of up to 26 bits (13-bit digits), or three
 * of up to 32 bits (11, 11 and 10 bits), constant digits skipped, instead of six over 8-byte
 * ones; then one scan counts the distinct values.
 */
function radixAtScale(
  values: Float64Array,
  power: number,
  min: number,
  range: number,
  present: number,
  missing: number,
): ColumnDistribution {
  const keys = new Uint32Array(present)
  scaledKeys(values, power, min, keys)
  return sortedOffsets(keys, min, range, power, missing)
}

/**
 * The distribution of the keys min + offsets[i] (`range` slots from min) at `power` = 10^scale,
 * by an LSD radix sort of the offsets (which it may overwrite) and one scan of the runs.
 */
function sortedOffsets(
  offsets: Uint32Array<ArrayBuffer>,
  min: number,
  range: number,
  power: number,
  missing: number,
): ColumnDistribution {
  const sorted = sortUint32(offsets, range <= 2 ** 26)
  const distinct = runsOf(sorted)
  const out = { values: new Float64Array(distinct), counts: new Float64Array(distinct) }
  fillRuns(sorted, min, power, out.values, out.counts)
  return { distinct: out, present: offsets.length, missing }
}

/** The offsets keys[i] − min of the rows not flagged in `missing`, in row order. */
function keyOffsets(
  keys: Int32Array,
  missing: Uint8Array | null,
  min: number,
  offsets: Uint32Array,
): void {
  for (let i = 0, j = 0; i < keys.length; i++) {
    if (missing == null || missing[i] !== 1) offsets[j++] = keys[i]! - min
  }
}

/** The keys k − min of the non-NaN values, in row order. */
function scaledKeys(values: Float64Array, power: number, min: number, keys: Uint32Array): void {
  for (let i = 0, j = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isNaN(v)) keys[j++] = Math.floor(v * power + 0.5) - min
  }
}

/**
 * How many runs of equal keys `sorted` holds. The runs of a wide column are a row or two long, so
 * a branch on each run's end would be mispredicted about every other row: the comparison is added
 * as 0 or 1 instead (a third of the time on a price column of 578,000 values in a million rows).
 */
function runsOf(sorted: Uint32Array): number {
  let distinct = sorted.length > 0 ? 1 : 0
  for (let i = 1; i < sorted.length; i++) distinct += +(sorted[i] !== sorted[i - 1])
  return distinct
}

/**
 * Each run of equal keys: its value (key + min) / power into `values`, its length into `out`
 * (zeros on entry). Without a branch per row, as `runsOf`: every row writes its run's value and
 * adds one to its run's length (half the time of a branch at each run's start, same figures).
 */
function fillRuns(
  sorted: Uint32Array,
  min: number,
  power: number,
  values: Float64Array,
  out: Float64Array,
): void {
  let j = 0
  let previous = sorted[0]!
  for (let i = 0; i < sorted.length; i++) {
    const u = sorted[i]!
    j += +(u !== previous)
    values[j] = (u + min) / power
    out[j]!++
    previous = u
  }
}

/** The smallest scale that fits the first non-missing values, or undefined. */
function guessScale(values: Float64Array): number | undefined {
  let scale = 0
  for (let i = 0, seen = 0; i < values.length && seen < SCALE_PROBE; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) continue
    seen++
    const s = scaleOf(v)
    if (s === undefined) return undefined
    if (s > scale) scale = s
  }
  return scale
}

/** The fewest decimals (≤ MAX_SCALE) that hold `v` exactly, or undefined. */
function scaleOf(v: number): number | undefined {
  for (let scale = 0; scale <= MAX_SCALE; scale++) {
    const power = 10 ** scale
    if (Math.round(v * power) / power === v) return scale
  }
  return undefined
}
