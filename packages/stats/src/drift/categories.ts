import { StatsInputError } from '../errors.ts'

/** How often each category occurs in one sample, plus its missing rows. */
export type CategoryCounts = {
  readonly names: readonly string[]
  /** Aligned with `names`. */
  readonly counts: Float64Array
  readonly missing: number
}

/** Both samples' counts over one list of bins: every category seen in either sample, then missing. */
export type AlignedCategories = {
  /** Reference categories first (in reference order), then categories only the current data has. */
  readonly names: readonly string[]
  /** names.length + 1 entries; the last is the missing bin. */
  readonly refCounts: Float64Array
  readonly curCounts: Float64Array
  /** Categories in the current data that the reference never saw, in order of first appearance. */
  readonly unseen: readonly string[]
  /** Reference categories absent from the current data. */
  readonly vanished: readonly string[]
}

/**
 * Counts per code of a dictionary-encoded column (`codes` index `dictionary`, -1 is missing). One
 * pass over a typed array; dictionary entries that never occur keep a count of 0.
 */
export function countCodes(codes: Int32Array, dictionary: readonly string[]): CategoryCounts {
  const counts = new Float64Array(dictionary.length)
  let missing = 0
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!
    if (code < 0) missing++
    else if (code < counts.length) counts[code]!++
    else {
      throw new StatsInputError(
        `countCodes: row ${i} has code ${code} but the dictionary holds ${dictionary.length} entries.`,
      )
    }
  }
  return { names: dictionary, counts, missing }
}

/**
 * One bin per category seen in either sample, plus missing (statistics.md, categorical PSI).
 * Categories are matched by their text; names repeated within one sample are merged.
 */
export function alignCategories(ref: CategoryCounts, cur: CategoryCounts): AlignedCategories {
  const index = new Map<string, number>()
  const names: string[] = []
  const refList: number[] = []
  const curList: number[] = []
  const add = (name: string, count: number, list: number[], other: number[]): void => {
    const at = index.get(name)
    if (at !== undefined) {
      list[at]! += count
      return
    }
    index.set(name, names.length)
    names.push(name)
    list.push(count)
    other.push(0)
  }
  ref.names.forEach((name, i) => {
    const count = ref.counts[i] ?? 0
    if (count > 0) add(name, count, refList, curList)
  })
  const known = names.length
  cur.names.forEach((name, i) => {
    const count = cur.counts[i] ?? 0
    if (count > 0) add(name, count, curList, refList)
  })
  const refCounts = Float64Array.from([...refList, ref.missing])
  const curCounts = Float64Array.from([...curList, cur.missing])
  const vanished = names.slice(0, known).filter((_, i) => curList[i] === 0)
  return { names, refCounts, curCounts, unseen: names.slice(known), vanished }
}
