import type { Column } from '@mlgate/data'
import { ConfigError } from './errors.ts'

/** The text of a label cell, as it compares with a model's class labels. */
export function labelText(column: Column, row: number): string | null {
  if (column.type === 'string') {
    const code = column.codes[row] ?? -1
    return code < 0 ? null : (column.dictionary[code] ?? null)
  }
  if (column.missing?.[row] === 1) return null
  return String(column.values[row])
}

/** Refuse a label column with holes: a metric on silently dropped rows is not the metric asked for. */
export function assertNoMissingLabels(column: Column, source: string): void {
  if (column.nullCount === 0) return
  let first = -1
  for (let i = 0; first < 0; i++) if (labelText(column, i) == null) first = i
  throw new ConfigError(
    `Label column "${column.name}" in ${source} has ${column.nullCount} missing value(s), the first at data row ${first + 1}. ` +
      'Drop or fill those rows before gating: metrics on silently skipped rows would not be the metrics you asked for.',
  )
}

export type BinaryLabels = {
  readonly y: Uint8Array
  readonly positive: string
  readonly positiveSource: string
}

/**
 * 1 where the label equals the positive class. The positive class is the one given, else the
 * label value 1 (statistics.md's default), else the model's second class (scikit-learn's order).
 * The accuracy and fairness gates of one run ask it of the same column: the answer is made once
 * per column and question, and shared (nothing writes to it).
 */
export function binaryLabels(
  column: Column,
  rowCount: number,
  positive: string | undefined,
  classes: readonly (string | number)[] | null,
): BinaryLabels {
  const question = JSON.stringify([rowCount, positive ?? null, classes])
  const known = labelsMade.get(column)
  if (known?.question === question) return known.labels
  const labels = labelsOf(column, rowCount, positive, classes)
  labelsMade.set(column, { question, labels })
  return labels
}

/** The last `binaryLabels` answer per label column, with the question it answers. */
const labelsMade = new WeakMap<
  Column,
  { readonly question: string; readonly labels: BinaryLabels }
>()

function labelsOf(
  column: Column,
  rowCount: number,
  positive: string | undefined,
  classes: readonly (string | number)[] | null,
): BinaryLabels {
  const distinct = distinctLabels(column, rowCount)
  let chosen: string
  let why: string
  if (positive != null) {
    chosen = positive
    why = 'given'
  } else if (distinct.has('1') || (column.type === 'boolean' && distinct.size > 0)) {
    chosen = '1'
    why = 'default: label value 1'
  } else if (classes?.length === 2) {
    chosen = String(classes[1])
    why = "default: the model's second class"
  } else {
    throw new ConfigError(
      `Cannot tell the positive class of label "${column.name}" (values: ${[...distinct].slice(0, 5).join(', ')}). Pass --positive <value>.`,
    )
  }
  if (distinct.size > 2) {
    throw new ConfigError(
      `Label "${column.name}" has ${distinct.size} distinct values (${[...distinct].slice(0, 5).join(', ')}…) but the model is a binary classifier.`,
    )
  }
  if (!distinct.has(chosen) && ![...distinct].some((d) => sameNumber(d, chosen))) {
    throw new ConfigError(
      `Positive class "${chosen}" (${why}) never occurs in label "${column.name}" (values: ${[...distinct].join(', ')}). Pass --positive with one of them.`,
    )
  }
  return { y: positiveRows(column, rowCount, chosen), positive: chosen, positiveSource: why }
}

/** Class index of every row, matching label text with the model's class labels. */
export function classIndices(
  column: Column,
  rowCount: number,
  classes: readonly (string | number)[],
): Int32Array {
  const index = new Map<string, number>()
  classes.forEach((c, i) => index.set(String(c), i))
  const out = new Int32Array(rowCount)
  for (let i = 0; i < rowCount; i++) {
    const t = labelText(column, i) ?? ''
    const k = index.get(t) ?? [...index.entries()].find(([c]) => sameNumber(c, t))?.[1]
    if (k == null) {
      throw new ConfigError(
        `Label "${t}" at data row ${i + 1} of column "${column.name}" is not one of the model's classes (${classes.join(', ')}).`,
      )
    }
    out[i] = k
  }
  return out
}

/**
 * 1 where the label's text is `chosen` or the same number (`sameNumber`). Decided once per text
 * code or, for numbers, against the number `chosen` spells, rather than by each row's text.
 */
function positiveRows(column: Column, rowCount: number, chosen: string): Uint8Array {
  const y = new Uint8Array(rowCount)
  const matches = (t: string | null): boolean =>
    t === chosen || (t != null && sameNumber(t, chosen))
  if (column.type === 'string') {
    const positive = Uint8Array.from(column.dictionary, (t) => (matches(t) ? 1 : 0))
    const codes = column.codes
    for (let i = 0; i < rowCount; i++) {
      const code = codes[i]!
      y[i] = code < 0 ? 0 : positive[code]!
    }
    return y
  }
  const target = Number(chosen)
  if (chosen.trim() === '' || !Number.isFinite(target)) {
    // "NaN", "Infinity" or no number at all: only the text can match.
    for (let i = 0; i < rowCount; i++) y[i] = matches(labelText(column, i)) ? 1 : 0
    return y
  }
  // A finite number's text reads back as the same number, so text equality implies this too.
  const { values, missing } = column
  for (let i = 0; i < rowCount; i++) y[i] = values[i] === target && missing?.[i] !== 1 ? 1 : 0
  return y
}

/** Up to 65 distinct label texts (more only matter as "too many"). */
function distinctLabels(column: Column, rowCount: number): Set<string> {
  if (column.type === 'string') return new Set(column.dictionary)
  // Distinct numbers first, texts after: String() tells numbers apart exactly as `includes`
  // does (both take -0 for 0, and NaN for NaN). Labels take few values, so a look through those
  // seen so far costs less than hashing every row.
  const seen: number[] = []
  const { values, missing } = column
  for (let i = 0; i < rowCount && seen.length <= 64; i++) {
    if (missing?.[i] === 1) continue
    const v = values[i]!
    if (v !== seen[0] && v !== seen[1] && !seen.includes(v)) seen.push(v)
  }
  return new Set(seen.map(String))
}

function sameNumber(a: string, b: string): boolean {
  const x = Number(a)
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && x === Number(b)
}
