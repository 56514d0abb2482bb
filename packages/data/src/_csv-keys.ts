import { NUMBER, type CsvColumn } from './_csv-columns.ts'
import { KEY_POWERS, MAX_KEY, MAX_KEY_SCALE } from './decimal-column.ts'

/**
 * Number columns kept as decimal keys while a CSV file is read (`decimal-column.ts`).
 *
 * The kernel (csv-rows.c) computes the keys of the rows it reads from each cell's digits. The
 * rows the JavaScript loop reads (the first ones, while the columns' kinds are not known, and
 * records the kernel declines) come as doubles and are turned into keys here.
 *
 * A column starts at scale 0 and moves to a finer scale the first time a value needs more
 * places (its keys so far times a power of ten: the same values). It leaves keys for good, its
 * rows so far written out as doubles, when a value has more than MAX_KEY_SCALE places, a key
 * would not fit in 32 bits, or the value is −0 (a key has no sign of its own).
 *
 * A double v from the JavaScript loop is on the grid of scale s when k / 10^s === v for
 * k = ⌊v·10^s + ½⌋: v is the double nearest the cell's decimal, and k / 10^s is the double
 * nearest k / 10^s, so they are equal exactly when the decimal is k / 10^s.
 */

/** Keeps decimal keys unless MLGATE_DECIMAL_KEYS=off (to compare with doubles throughout). */
let enabled = process.env.MLGATE_DECIMAL_KEYS !== 'off'

/** Turns decimal keys on or off for the CSV reads of this thread that may keep them. */
export function useDecimalKeys(on: boolean): void {
  enabled = on
}

/** Whether a CSV read begun now may keep decimal keys. */
export function decimalKeysOn(): boolean {
  return enabled
}

/** A field's key scale when its keys are not kept, as csv-rows.c spells it. */
export const KEYS_OFF = 255

/**
 * Gives each column that may keep keys a small array of its own for the first `rows` rows, which
 * the JavaScript loop reads while the columns' kinds are not known (`enterStagedKeys` ends it):
 * written in place, they would touch a page of every column's doubles, which a column kept as
 * keys never uses otherwise (a huge page of 2 MiB each where mlgate's processes use huge pages:
 * 60 MB for the 30 number columns of the reference workload). Returns the columns' own arrays,
 * by field (null for a column not staged).
 */
export function stageKeyRows(fields: readonly CsvColumn[], rows: number): (Float64Array | null)[] {
  return fields.map((column) => {
    if (column.keyRoom == null || column.keys != null || column.values == null) return null
    const own = column.values
    column.values = new Float64Array(rows)
    return own
  })
}

/**
 * Ends `stageKeyRows` once the JavaScript loop has read rows [0, rows): a number column keeps them
 * as keys where they fit, and any other staged column that still holds values (not turned to
 * text), or one whose rows do not fit, gets them in its own array as doubles.
 */
export function enterStagedKeys(
  fields: readonly CsvColumn[],
  owns: readonly (Float64Array | null)[],
  rows: number,
): void {
  fields.forEach((column, f) => {
    const own = owns[f]
    // A column that turned to text holds no values.
    if (own == null || column.values == null) return
    const staged = column.values.subarray(0, rows)
    column.values = own
    if (column.kind === NUMBER && column.keyRoom != null && enterKeys(column, staged)) return
    own.set(staged)
  })
}

/**
 * Starts keys for a column from its first rows, `written` as doubles by the JavaScript loop;
 * false, keeping no keys, when they do not all fit (the caller keeps the doubles).
 */
export function enterKeys(column: CsvColumn, written: Float64Array): boolean {
  column.keys = column.keyRoom
  column.scale = 0
  if (storeKeys(column, written, 0) === written.length) return true
  leaveKeys(column, 0)
  return false
}

/**
 * Stores keys the kernel read for rows [at, at + keys.length) of a column kept as keys, at the
 * kernel's `scale` for the field (never below the column's: the column's earlier keys are scaled
 * up to it). When the keys stopped fitting in the kernel (KEYS_OFF), it wrote the rows as
 * `doubles`; when the column's earlier keys cannot take the kernel's scale, its keys are written
 * out as doubles here. The column's missing flags for these rows must be set already.
 */
export function storeKernelKeys(
  column: CsvColumn,
  keys: Int32Array,
  doubles: Float64Array,
  scale: number,
  at: number,
): void {
  const held = column.keys as Int32Array
  if (scale !== KEYS_OFF && (scale === column.scale || rescale(held, at, column.scale, scale))) {
    column.scale = scale
    held.set(keys, at)
    return
  }
  leaveKeys(column, at)
  const values = column.values as Float64Array
  if (scale === KEYS_OFF) {
    values.set(doubles, at)
    return
  }
  writeDoubles(keys, scale, column.missing, values, at)
}

/**
 * Moves rows [from, to), which the JavaScript row loop wrote as doubles, into the keys of the
 * columns that keep keys; a column that turned to text there keeps none.
 */
export function keepKeys(fields: readonly CsvColumn[], from: number, to: number): void {
  for (const column of fields) {
    if (column.keys == null) continue
    if (column.kind !== NUMBER) {
      column.keys = null
      column.keyRoom = null
      continue
    }
    const values = column.values as Float64Array
    const stored = storeKeys(column, values.subarray(from, to), from)
    // The rest stay where they are, as doubles.
    if (from + stored < to) leaveKeys(column, from + stored)
  }
}

/** Writes the rows [0, rows) held as keys into `values` as doubles and keeps no keys from now. */
export function leaveKeys(column: CsvColumn, rows: number): void {
  const keys = column.keys
  column.keyRoom = null
  if (keys == null) return
  column.keys = null
  writeDoubles(
    keys.subarray(0, rows),
    column.scale,
    column.missing,
    column.values as Float64Array,
    0,
  )
}

/** Writes `keys` at `scale` into values[at, at + keys.length) as doubles, NaN where missing. */
export function writeDoubles(
  keys: Int32Array,
  scale: number,
  missing: Uint8Array | null,
  values: Float64Array,
  at: number,
): void {
  const power = KEY_POWERS[scale]!
  for (let i = 0; i < keys.length; i++) values[at + i] = keys[i]! / power
  if (missing == null) return
  for (let i = 0; i < keys.length; i++) if (missing[at + i] === 1) values[at + i] = NaN
}

/** Whether every key, at scale `from`, still fits at the finer scale `to`. */
export function keysFit(keys: Int32Array, from: number, to: number): boolean {
  if (from === to) return true
  const limit = MAX_KEY / KEY_POWERS[to - from]!
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    if (k > limit || k < -limit) return false
  }
  return true
}

/** Moves the first `rows` keys from scale `from` to `to` when they still fit; else false. */
export function rescale(keys: Int32Array, rows: number, from: number, to: number): boolean {
  if (!keysFit(keys.subarray(0, rows), from, to)) return false
  if (from === to) return true
  const factor = KEY_POWERS[to - from]!
  for (let i = 0; i < rows; i++) keys[i] = keys[i]! * factor
  return true
}

// --- internal ---

/**
 * Stores doubles as keys from row `at` until one does not fit; returns how many were stored. A
 * missing cell (NaN, flagged in the column's `missing`) gets key 0; any other NaN ends the keys.
 */
function storeKeys(column: CsvColumn, staged: Float64Array, at: number): number {
  const keys = column.keys as Int32Array
  let power = KEY_POWERS[column.scale]!
  const n = staged.length
  let i = 0
  while (i < n) {
    for (; i < n; i++) {
      const k = keyOf(staged[i]!, power)
      if (k !== k) break
      keys[at + i] = k
    }
    if (i === n) break
    const v = staged[i]!
    if (v !== v && column.missing?.[at + i] === 1) {
      keys[at + i] = 0
      i++
      continue
    }
    const finer = finerScale(v, column.scale)
    if (finer < 0 || !rescale(keys, at + i, column.scale, finer)) return i
    column.scale = finer
    power = KEY_POWERS[finer]!
  }
  return n
}

/**
 * The key of `v` at the scale of `power` (10^s), or NaN when no key holds it: off that grid, past
 * MAX_KEY, NaN itself, or −0.
 */
function keyOf(v: number, power: number): number {
  const k = Math.floor(v * power + 0.5)
  if (k / power !== v || k > MAX_KEY || k < -MAX_KEY || (k === 0 && 1 / v < 0)) return NaN
  return k
}

/** The least scale above `scale` that holds `v` as a key, or −1. */
function finerScale(v: number, scale: number): number {
  for (let s = scale + 1; s <= MAX_KEY_SCALE; s++) {
    if (!Number.isNaN(keyOf(v, KEY_POWERS[s]!))) return s
  }
  return -1
}
