import { numberFromText } from './_number-text.ts'
import type { Column } from './table.ts'

/** The missing option, as texts and as the numbers those texts spell. */
export type MissingTexts = {
  readonly texts: ReadonlySet<string>
  readonly numbers: readonly number[]
}

export function missingTexts(texts: readonly string[] | undefined): MissingTexts | null {
  const used = (texts ?? []).filter((text) => text !== '')
  if (used.length === 0) return null
  const numbers: number[] = []
  for (const text of used) {
    const value = numberFromText(text)
    if (value !== undefined && !Number.isNaN(value)) numbers.push(value)
  }
  return { texts: new Set(used), numbers }
}

/**
 * `column` with the cells the missing option names marked missing, for formats whose cells
 * arrive typed: a text cell matches by its text, a number by equal value (so `-999` in the
 * option matches the number -999).
 */
export function markMissing(column: Column, missing: MissingTexts): Column {
  if (column.type === 'string') {
    const renumber = new Int32Array(column.dictionary.length)
    const dictionary: string[] = []
    column.dictionary.forEach((text, code) => {
      renumber[code] = missing.texts.has(text) ? -1 : dictionary.push(text) - 1
    })
    if (dictionary.length === column.dictionary.length) return column
    const codes = column.codes.map((code) => (code < 0 ? -1 : (renumber[code] as number)))
    let nullCount = 0
    for (const code of codes) if (code < 0) nullCount++
    return { ...column, codes, dictionary, nullCount }
  }
  if (missing.numbers.length === 0 || column.type === 'boolean') return column
  const values = column.values.slice()
  const flags = column.missing == null ? new Uint8Array(values.length) : column.missing.slice()
  let nullCount = column.nullCount
  for (let row = 0; row < values.length; row++) {
    if (flags[row] === 1 || !missing.numbers.includes(values[row] as number)) continue
    values[row] = NaN
    flags[row] = 1
    nullCount++
  }
  if (nullCount === column.nullCount) return column
  // New values: decimal keys a column may hold would no longer match them.
  const { decimal: _keys, ...rest } = column
  return { ...rest, values, missing: flags, nullCount }
}
