import type { Column, Table } from '@mlgate/data'
import { getColumn } from '@mlgate/data'
import { sortFloat64 } from '@mlgate/stats'
import { ConfigError } from '../errors.ts'
import type { Finding } from '../result.ts'
import type { FairnessConfig } from './config.ts'

/** The name of the group of rows whose attribute is missing (with `missing: group`). */
export const MISSING_GROUP = '(missing)'

/**
 * One way of splitting the rows into groups: a protected attribute, or the intersection of all of
 * them. Group codes index `groups`; −1 leaves a row out.
 */
export type Attribute = {
  /** `sex`, or `sex&age_group` for the intersection. */
  readonly key: string
  readonly columns: readonly string[]
  readonly intersection: boolean
  readonly codes: Int32Array
  readonly groups: readonly AttributeGroup[]
}

export type AttributeGroup = {
  /** As shown in tables: `female`, `(25, 40]`, `female & (25, 40]`. */
  readonly name: string
  /** The value of each of the attribute's columns, in column order. */
  readonly values: readonly string[]
  /** As used in sentences: `sex female`, `age (25, 40]`, `sex female, age (25, 40]`. */
  readonly phrase: string
}

/**
 * The attributes of the gate: each sensitive column (bucketed when `buckets` names it), then their
 * intersection when there are two or more and `intersections` is not `off`. Groups are ordered:
 * numbers ascending, text in UTF-16 code-unit order (locale-free, the same everywhere), bands in edge order, the missing group last;
 * intersections by their parts in that order. Only groups that occur are kept.
 */
export function buildAttributes(
  table: Table,
  config: Pick<FairnessConfig, 'sensitive' | 'buckets' | 'missing' | 'intersections' | 'label'>,
  findings: Finding[],
): Attribute[] {
  for (const name of Object.keys(config.buckets)) {
    if (!config.sensitive.includes(name)) {
      throw new ConfigError(
        `A bucket is given for "${name}", which is not a sensitive attribute (${config.sensitive.join(', ')}). Add it to the sensitive attributes or drop the bucket.`,
      )
    }
  }
  if (config.sensitive.includes(config.label)) {
    throw new ConfigError(
      `The label "${config.label}" is also listed as a sensitive attribute; a protected attribute must be another column.`,
    )
  }
  const single = config.sensitive.map((name) =>
    singleAttribute(table, getColumn(table, name), config.buckets[name], config.missing, findings),
  )
  if (single.length < 2 || config.intersections === 'off') return single
  return [...single, intersect(single)]
}

// --- internal ---

/**
 * More distinct values than this in an unbucketed attribute means a continuous column (ages,
 * incomes): a per-group table of hundreds of one-row groups compares nothing. Bucket it instead.
 */
const MAX_GROUPS = 50

function singleAttribute(
  table: Table,
  column: Column,
  edges: readonly number[] | undefined,
  missing: 'group' | 'skip',
  findings: Finding[],
): Attribute {
  const n = table.rowCount
  const raw = new Int32Array(n)
  let names: string[]
  if (edges != null) {
    if (column.type === 'string') {
      throw new ConfigError(
        `Column "${column.name}" in ${table.source} holds text (e.g. "${column.dictionary[0] ?? ''}"), so it cannot be bucketed; buckets are for numeric attributes such as age.`,
      )
    }
    names = bandLabels(edges)
    for (let i = 0; i < n; i++) raw[i] = isMissing(column, i) ? -1 : band(edges, column.values[i]!)
  } else if (column.type === 'string') {
    const order = [...column.dictionary.keys()].sort((a, b) =>
      unitCompare(column.dictionary[a]!, column.dictionary[b]!),
    )
    const rank = new Int32Array(column.dictionary.length)
    order.forEach((d, r) => (rank[d] = r))
    names = order.map((d) => column.dictionary[d]!)
    for (let i = 0; i < n; i++) {
      const c = column.codes[i]!
      raw[i] = c < 0 ? -1 : rank[c]!
    }
  } else {
    const seen = new Map<number, number>()
    for (let i = 0; i < n && seen.size <= MAX_GROUPS; i++) {
      if (!isMissing(column, i) && !seen.has(column.values[i]!)) seen.set(column.values[i]!, 0)
    }
    if (seen.size > MAX_GROUPS) {
      throw new ConfigError(
        `Column "${column.name}" in ${table.source} has more than ${MAX_GROUPS} distinct values, so its groups would be too small to compare. Bucket it into bands, e.g. --bucket ${column.name}=25,40,65 (action input bucket: "${column.name}=25,40,65").`,
      )
    }
    const sorted = sortFloat64(Float64Array.from(seen.keys()))
    sorted.forEach((v, r) => seen.set(v, r))
    names = Array.from(sorted, (v) => valueName(column, v))
    for (let i = 0; i < n; i++) raw[i] = isMissing(column, i) ? -1 : seen.get(column.values[i]!)!
  }
  const missingRows = column.nullCount
  if (missingRows > 0) {
    const first = firstMissing(column, n)
    findings.push({
      severity: 'warning',
      message:
        missing === 'group'
          ? `${missingRows} row(s) have no value for "${column.name}" (the first at data row ${first + 1}); they form the group "${MISSING_GROUP}".`
          : `${missingRows} row(s) have no value for "${column.name}" (the first at data row ${first + 1}); they are left out of its groups and of the intersection (missing: skip).`,
      file: table.source,
      row: first + 1,
      column: column.name,
    })
    if (missing === 'group') {
      const m = names.length
      names = [...names, MISSING_GROUP]
      for (let i = 0; i < n; i++) if (raw[i] === -1) raw[i] = m
    }
  }
  const { codes, kept } = compact(raw, names.length)
  return {
    key: column.name,
    columns: [column.name],
    intersection: false,
    codes,
    groups: kept.map((k) => ({
      name: names[k]!,
      values: [names[k]!],
      phrase: `${column.name} ${names[k]!}`,
    })),
  }
}

/** Groups of the intersection: one per combination that occurs, in the order of their parts. */
function intersect(parts: readonly Attribute[]): Attribute {
  const n = parts[0]!.codes.length
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let key = 0
    for (const p of parts) {
      const c = p.codes[i]!
      if (c < 0) {
        key = -1
        break
      }
      key = key * p.groups.length + c
    }
    keys[i] = key
  }
  const distinct = sortFloat64(Float64Array.from(new Set(keys)).filter((k) => k >= 0))
  const index = new Map<number, number>()
  distinct.forEach((k, i) => index.set(k, i))
  const codes = new Int32Array(n)
  for (let i = 0; i < n; i++) codes[i] = keys[i]! < 0 ? -1 : index.get(keys[i]!)!
  const groups = Array.from(distinct, (k) => {
    const picks: AttributeGroup[] = []
    let rest = k
    for (let j = parts.length - 1; j >= 0; j--) {
      const size = parts[j]!.groups.length
      picks.unshift(parts[j]!.groups[rest % size]!)
      rest = Math.floor(rest / size)
    }
    return {
      name: picks.map((g) => g.name).join(' & '),
      values: picks.map((g) => g.name),
      phrase: picks.map((g) => g.phrase).join(', '),
    }
  })
  return {
    key: parts.map((p) => p.key).join('&'),
    columns: parts.map((p) => p.key),
    intersection: true,
    codes,
    groups,
  }
}

/** Right-closed bands, as statistics.md bins: ≤ e1, (e1, e2], …, > ek. */
export function bandLabels(edges: readonly number[]): string[] {
  const labels = [`≤ ${edges[0]}`]
  for (let j = 1; j < edges.length; j++) labels.push(`(${edges[j - 1]}, ${edges[j]}]`)
  labels.push(`> ${edges[edges.length - 1]}`)
  return labels
}

/** Index of v's band: the number of edges strictly below v. */
function band(edges: readonly number[], v: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (edges[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Keep the groups that occur, renumbered in order. `raw` is the caller's to give: when every
 * group occurs (the usual case) it is the codes as they are.
 */
function compact(raw: Int32Array, count: number): { codes: Int32Array; kept: number[] } {
  const used = new Uint8Array(count)
  for (let i = 0; i < raw.length; i++) if (raw[i]! >= 0) used[raw[i]!] = 1
  const kept: number[] = []
  const renumber = new Int32Array(count).fill(-1)
  for (let k = 0; k < count; k++) if (used[k] === 1) renumber[k] = kept.push(k) - 1
  if (kept.length === count) return { codes: raw, kept }
  const codes = new Int32Array(raw.length)
  for (let i = 0; i < raw.length; i++) codes[i] = raw[i]! < 0 ? -1 : renumber[raw[i]!]!
  return { codes, kept }
}

function isMissing(column: Column, row: number): boolean {
  return column.type === 'string' ? column.codes[row]! < 0 : column.missing?.[row] === 1
}

function firstMissing(column: Column, n: number): number {
  for (let i = 0; i < n; i++) if (isMissing(column, i)) return i
  return -1
}

function valueName(column: Column, v: number): string {
  if (column.type === 'boolean') return v === 1 ? 'true' : 'false'
  return String(v)
}

function unitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
