import { numberFromText } from '../_number-text.ts'
import type { Column } from '../table.ts'
import { parseDatetime } from './datetime.ts'
import { mergeShape, shapeOf, type Shape } from './_pattern.ts'
import { addNumber, addText, createValueSet, type ValueSet } from './_value-set.ts'

/**
 * What inference needs to know about one column of the reference, gathered chunk by chunk in
 * memory that does not grow with the rows: counts, extremes, distinct values while they are few,
 * a shape for texts, and a uniqueness set that is dropped at the first repeat.
 */
export type ColumnProfile = {
  readonly name: string
  nulls: number
  /** Cells that read as numbers, and whether all of them are whole. */
  numbers: number
  whole: boolean
  numberMin: number
  numberMax: number
  /** Cells reading true or false. */
  booleans: number
  /** Other texts. */
  texts: number
  /** Distinct numbers and texts with their counts; null once there are more than `cap`. */
  numberValues: Map<number, number> | null
  textValues: Map<string, number> | null
  /** Texts that read as ISO 8601 datetimes, and their extremes (epoch ms). */
  datetimes: number
  datetimeMin: number
  datetimeMax: number
  /** The common shape of the texts so far (null before the first), while `shaped`. */
  shape: Shape | null
  /** False once a text has no shape or two shapes differ. */
  shaped: boolean
  /** Values seen so far, while none repeated; null after the first repeat. */
  set: ValueSet | null
  /** The first few texts, for notes about columns that are mostly numbers. */
  readonly textExamples: string[]
  readonly cap: number
}

export function createProfile(name: string, cap: number): ColumnProfile {
  return {
    name,
    nulls: 0,
    numbers: 0,
    whole: true,
    numberMin: Infinity,
    numberMax: -Infinity,
    booleans: 0,
    texts: 0,
    numberValues: new Map(),
    textValues: new Map(),
    datetimes: 0,
    datetimeMin: Infinity,
    datetimeMax: -Infinity,
    shape: null,
    shaped: true,
    set: createValueSet(),
    textExamples: [],
    cap,
  }
}

/** Adds one chunk's cells; `firstRow` is the 0-based index of its first row. */
export function profileChunk(profile: ColumnProfile, column: Column, firstRow: number): void {
  if (column.type === 'string') {
    profileTexts(profile, column.codes, column.dictionary, firstRow)
    return
  }
  const values = column.values
  if (column.type === 'boolean') {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number
      if (v !== v) profile.nulls++
      else {
        profile.booleans++
        countText(profile, v === 1 ? 'true' : 'false', 1)
      }
    }
    profile.set = null // two values cannot be unique beyond two rows
    return
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (v !== v) {
      profile.nulls++
      continue
    }
    addNumberCell(profile, v, 1, firstRow + i + 1)
  }
}

// --- internal ---

function addNumberCell(profile: ColumnProfile, v: number, count: number, row: number): void {
  profile.numbers += count
  if (v < profile.numberMin) profile.numberMin = v
  if (v > profile.numberMax) profile.numberMax = v
  if (profile.whole && v % 1 !== 0) profile.whole = false
  const values = profile.numberValues
  if (values != null) {
    values.set(v, (values.get(v) ?? 0) + count)
    if (values.size > profile.cap) profile.numberValues = null
  }
  if (profile.set != null) {
    if (count > 1 || addNumber(profile.set, v, row) > 0) profile.set = null
  }
}

function countText(profile: ColumnProfile, text: string, count: number): void {
  const values = profile.textValues
  if (values == null) return
  values.set(text, (values.get(text) ?? 0) + count)
  if (values.size > profile.cap) profile.textValues = null
}

function profileTexts(
  profile: ColumnProfile,
  codes: Int32Array,
  dictionary: readonly string[],
  firstRow: number,
): void {
  const counts = new Int32Array(dictionary.length)
  const first = new Int32Array(dictionary.length).fill(-1)
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number
    if (code < 0) {
      profile.nulls++
      continue
    }
    if (counts[code] === 0) first[code] = i
    counts[code] = (counts[code] as number) + 1
  }
  dictionary.forEach((text, code) => {
    const count = counts[code] as number
    if (count === 0) return
    const row = firstRow + (first[code] as number) + 1
    const number = numberFromText(text)
    if (number !== undefined && !Number.isNaN(number)) {
      addNumberCell(profile, number, count, row)
      return
    }
    if (number !== undefined) {
      profile.nulls += count // "nan" and friends are missing values
      return
    }
    const lower = text.toLowerCase()
    if (lower === 'true' || lower === 'false') profile.booleans += count
    else {
      profile.texts += count
      if (profile.textExamples.length < 3) profile.textExamples.push(text)
    }
    countText(profile, text, count)
    const ms = parseDatetime(text)
    if (!Number.isNaN(ms)) {
      profile.datetimes += count
      if (ms < profile.datetimeMin) profile.datetimeMin = ms
      if (ms > profile.datetimeMax) profile.datetimeMax = ms
    }
    if (profile.shaped) {
      const shape = shapeOf(text)
      if (shape == null) profile.shaped = false
      else if (profile.shape == null) profile.shape = shape
      else if (mergeShape(profile.shape, shape) == null) profile.shaped = false
    }
    if (profile.set != null) {
      if (count > 1 || addText(profile.set, text, row) > 0) profile.set = null
    }
  })
}
