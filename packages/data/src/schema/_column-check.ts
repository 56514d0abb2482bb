import { convertColumn } from '../_convert-column.ts'
import { numberFromText } from '../_number-text.ts'
import type { Column, StringColumn } from '../table.ts'
import { parseDatetime } from './datetime.ts'
import { addNumber, addText, createValueSet, type ValueSet } from './_value-set.ts'
import { boundValue, type ColumnSchema, type SchemaColumnType } from './spec.ts'

/**
 * Cells that broke one rule: how many, and the first rows (1-based) with their values; for
 * duplicates also the row where each value was first seen.
 */
export type Tally = { count: number; rows: number[]; values: string[]; earlier: number[] }

/** A column's rules and everything counted for them so far, chunk after chunk. */
export type ColumnCheck = {
  readonly name: string
  readonly spec: ColumnSchema
  readonly type: SchemaColumnType
  /** min and max as numbers (epoch ms for datetimes); ±Infinity when absent. */
  readonly lo: number
  readonly hi: number
  readonly categories: ReadonlyMap<string, number> | null
  readonly regex: RegExp | null
  readonly set: ValueSet | null
  /** Example rows kept per rule. */
  readonly keep: number
  readonly nulls: Tally
  readonly invalid: Tally
  readonly below: Tally
  readonly above: Tally
  readonly unseen: Tally
  readonly mismatch: Tally
  readonly duplicate: Tally
  nonNull: number
  min: number
  max: number
  /** Unseen category values with their counts, the first `UNSEEN_KEPT` distinct ones. */
  readonly unseenValues: Map<string, number>
}

/** Distinct unseen categories remembered by name; the rest are only counted. */
export const UNSEEN_KEPT = 100

export function createColumnCheck(name: string, spec: ColumnSchema, keep: number): ColumnCheck {
  const tally = (): Tally => ({ count: 0, rows: [], values: [], earlier: [] })
  return {
    name,
    spec,
    type: spec.type,
    lo: boundValue(spec, 'min') ?? -Infinity,
    hi: boundValue(spec, 'max') ?? Infinity,
    categories:
      spec.type === 'category' && spec.categories != null
        ? new Map(spec.categories.map((c, i) => [c, i]))
        : null,
    // Anchored: a rule on the whole value, as pandera's str_matches and TFDV's regex domains.
    regex: spec.regex == null ? null : new RegExp(`^(?:${spec.regex})$`, 'u'),
    set: spec.unique === true ? createValueSet() : null,
    keep,
    nulls: tally(),
    invalid: tally(),
    below: tally(),
    above: tally(),
    unseen: tally(),
    mismatch: tally(),
    duplicate: tally(),
    nonNull: 0,
    min: Infinity,
    max: -Infinity,
    unseenValues: new Map(),
  }
}

/**
 * Counts one chunk's cells of the column against its rules. `firstRow` is the 0-based index of
 * the chunk's first row in the file. Work per cell is a few comparisons on typed arrays; texts
 * are judged once per distinct value of the chunk (its dictionary), not once per cell.
 */
export function checkColumnChunk(
  check: ColumnCheck,
  column: Column,
  firstRow: number,
  file: string,
): void {
  const textual = check.type === 'string' || check.type === 'category' || check.type === 'datetime'
  if (textual) {
    const strings =
      column.type === 'string'
        ? column
        : (convertColumn(column, 'string', { file }) as StringColumn)
    textCells(check, strings, firstRow)
  } else if (column.type === 'string') {
    parsedCells(check, column, firstRow)
  } else if (column.type === 'boolean' && check.type !== 'boolean') {
    // true/false cells in a number or integer column: text, not numbers.
    booleanCells(check, column.values, firstRow)
  } else {
    // The reader marks a chunk `integer` only when every number in it is whole.
    numberCells(check, column.values, firstRow, column.type === 'integer')
  }
}

// --- internal ---

function note(tally: Tally, keep: number, row: number, value: string, earlier = 0): void {
  tally.count++
  if (tally.rows.length < keep) {
    tally.rows.push(row)
    tally.values.push(value)
    if (earlier > 0) tally.earlier.push(earlier)
  }
}

function noteNull(check: ColumnCheck, row: number): void {
  const t = check.nulls
  t.count++
  if (t.rows.length < check.keep) {
    t.rows.push(row)
    t.values.push('')
  }
}

/** Number, integer or boolean rules on cells the reader already made numbers. */
function numberCells(
  check: ColumnCheck,
  values: Float64Array,
  firstRow: number,
  allWhole: boolean,
): void {
  const { lo, hi, set } = check
  const whole = check.type === 'integer' && !allWhole
  const flag = check.type === 'boolean'
  let min = check.min
  let max = check.max
  let nonNull = 0
  const n = values.length
  for (let i = 0; i < n; i++) {
    const v = values[i] as number
    if (v !== v) {
      noteNull(check, firstRow + i + 1)
      continue
    }
    nonNull++
    if (v < min) min = v
    if (v > max) max = v
    if (v < lo || v > hi || (whole && v % 1 !== 0) || (flag && v !== 0 && v !== 1)) {
      offRule(check, v, firstRow + i + 1, String(v))
    }
    if (set != null) {
      const seen = addNumber(set, v, firstRow + i + 1)
      if (seen > 0) note(check.duplicate, check.keep, firstRow + i + 1, String(v), seen)
    }
  }
  check.min = min
  check.max = max
  check.nonNull += nonNull
}

/** A number that breaks the type (not whole, not 0/1) or the range; counted once per rule. */
function offRule(check: ColumnCheck, v: number, row: number, text: string): void {
  if (
    (check.type === 'integer' && v % 1 !== 0) ||
    (check.type === 'boolean' && v !== 0 && v !== 1)
  ) {
    note(check.invalid, check.keep, row, text)
  }
  if (v < check.lo) note(check.below, check.keep, row, text)
  else if (v > check.hi) note(check.above, check.keep, row, text)
}

function booleanCells(check: ColumnCheck, values: Float64Array, firstRow: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (v !== v) noteNull(check, firstRow + i + 1)
    else note(check.invalid, check.keep, firstRow + i + 1, v === 1 ? 'true' : 'false')
  }
}

/**
 * Number, integer or boolean rules on a chunk the reader kept as text because some cells are not
 * numbers: each distinct text is read once, then cells are judged by their code.
 */
function parsedCells(check: ColumnCheck, column: StringColumn, firstRow: number): void {
  const { dictionary, codes } = column
  const parsed = new Float64Array(dictionary.length)
  const bad = new Uint8Array(dictionary.length)
  dictionary.forEach((text, code) => {
    const value = check.type === 'boolean' ? booleanText(text) : numberFromText(text)
    if (value === undefined) bad[code] = 1
    else parsed[code] = value
  })
  const { lo, hi, set } = check
  const whole = check.type === 'integer'
  const flag = check.type === 'boolean'
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number
    const row = firstRow + i + 1
    if (code < 0) {
      noteNull(check, row)
      continue
    }
    if (bad[code] === 1) {
      check.nonNull++
      note(check.invalid, check.keep, row, dictionary[code] as string)
      continue
    }
    const v = parsed[code] as number
    if (v !== v) {
      noteNull(check, row)
      continue
    }
    check.nonNull++
    if (v < check.min) check.min = v
    if (v > check.max) check.max = v
    if (v < lo || v > hi || (whole && v % 1 !== 0) || (flag && v !== 0 && v !== 1)) {
      offRule(check, v, row, dictionary[code] as string)
    }
    if (set != null) {
      const seen = addNumber(set, v, row)
      if (seen > 0) note(check.duplicate, check.keep, row, dictionary[code] as string, seen)
    }
  }
}

/** true/false in any case, or 1/0, as the CSV reader reads a column declared boolean. */
function booleanText(text: string): number | undefined {
  const t = text.trim().toLowerCase()
  if (t === 'true' || t === '1') return 1
  if (t === 'false' || t === '0') return 0
  return undefined
}

const INVALID = 1
const MISMATCH = 2
const UNSEEN = 4
const BELOW = 8
const ABOVE = 16

/** String, category and datetime rules, judged once per distinct text of the chunk. */
function textCells(check: ColumnCheck, column: StringColumn, firstRow: number): void {
  const { dictionary, codes } = column
  const size = dictionary.length
  const flags = new Uint8Array(size)
  const times = check.type === 'datetime' ? new Float64Array(size) : null
  dictionary.forEach((text, code) => {
    let f = 0
    if (times != null) {
      const ms = parseDatetime(text)
      times[code] = ms
      if (Number.isNaN(ms)) f |= INVALID
      else if (ms < check.lo) f |= BELOW
      else if (ms > check.hi) f |= ABOVE
    }
    if (check.regex != null && !check.regex.test(text)) f |= MISMATCH
    if (check.categories != null && !check.categories.has(text)) f |= UNSEEN
    flags[code] = f
  })
  const counts = new Int32Array(size)
  const set = check.set
  const first = set == null ? null : new Int32Array(size).fill(-1)
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number
    if (code < 0) {
      noteNull(check, firstRow + i + 1)
      continue
    }
    counts[code] = (counts[code] as number) + 1
    const f = flags[code] as number
    if (f !== 0) offText(check, f, firstRow + i + 1, dictionary[code] as string)
    if (first != null && first[code] === -1) first[code] = i
  }
  // Per text that repeats: the row of the value it repeats (an earlier chunk's, or its first cell
  // in this chunk); 0 for a text seen once.
  const repeated = set == null ? null : new Float64Array(size)
  for (let code = 0; code < size; code++) {
    const count = counts[code] as number
    if (count === 0) continue
    check.nonNull += count
    const text = dictionary[code] as string
    if (times != null && ((flags[code] as number) & INVALID) === 0) {
      const ms = times[code] as number
      if (ms < check.min) check.min = ms
      if (ms > check.max) check.max = ms
    }
    if (((flags[code] as number) & UNSEEN) !== 0) {
      const known = check.unseenValues.get(text)
      if (known !== undefined) check.unseenValues.set(text, known + count)
      else if (check.unseenValues.size < UNSEEN_KEPT) check.unseenValues.set(text, count)
    }
    if (set != null && first != null && repeated != null) {
      const at = firstRow + (first[code] as number) + 1
      const seen = addText(set, text, at)
      // Every cell repeats when an earlier chunk had the text; otherwise all but the first.
      check.duplicate.count += seen > 0 ? count : count - 1
      if (seen > 0 || count > 1) repeated[code] = seen > 0 ? seen : at
    }
  }
  if (repeated != null) repeatExamples(check, codes, dictionary, firstRow, repeated)
}

/**
 * The first repeating cells of the chunk as examples, in row order, until the check has its
 * number of them: the same rows whether a file is read whole or in chunks.
 */
function repeatExamples(
  check: ColumnCheck,
  codes: Int32Array,
  dictionary: readonly string[],
  firstRow: number,
  repeated: Float64Array,
): void {
  const tally = check.duplicate
  for (let i = 0; i < codes.length && tally.rows.length < check.keep; i++) {
    const code = codes[i] as number
    const row = firstRow + i + 1
    const earlier = code < 0 ? 0 : (repeated[code] as number)
    if (earlier === 0 || earlier === row) continue
    tally.rows.push(row)
    tally.values.push(dictionary[code] as string)
    tally.earlier.push(earlier)
  }
}

function offText(check: ColumnCheck, f: number, row: number, text: string): void {
  if ((f & INVALID) !== 0) note(check.invalid, check.keep, row, text)
  if ((f & BELOW) !== 0) note(check.below, check.keep, row, text)
  if ((f & ABOVE) !== 0) note(check.above, check.keep, row, text)
  if ((f & MISMATCH) !== 0) note(check.mismatch, check.keep, row, text)
  if ((f & UNSEEN) !== 0) note(check.unseen, check.keep, row, text)
}
