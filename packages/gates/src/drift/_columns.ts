import type { Column } from '@mlgate/data'
import type { CategoryCounts } from '@mlgate/stats'
import { countCodes } from '@mlgate/stats'

/** Whether a column is compared category by category: text and booleans always, numbers on request. */
export function isCategorical(column: Column, forced: ReadonlySet<string>): boolean {
  return column.type === 'string' || column.type === 'boolean' || forced.has(column.name)
}

/**
 * Counts per category. Text columns count their dictionary codes; booleans read as `false`/`true`;
 * numbers (codes such as a zip or a product id) read as their shortest decimal text, so `7` in one
 * file and `"7"` in another are one category.
 */
export function categoryCounts(column: Column): CategoryCounts {
  if (column.type === 'string') return countCodes(column.codes, column.dictionary)
  const index = new Map<number, number>()
  const names: string[] = []
  const counts: number[] = []
  let missing = 0
  const values = column.values
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v) || column.missing?.[i] === 1) {
      missing++
      continue
    }
    const at = index.get(v)
    if (at !== undefined) counts[at]!++
    else {
      index.set(v, names.length)
      names.push(column.type === 'boolean' ? (v === 1 ? 'true' : 'false') : String(v))
      counts.push(1)
    }
  }
  return { names, counts: Float64Array.from(counts), missing }
}
