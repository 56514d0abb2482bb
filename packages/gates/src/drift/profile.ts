import type { Column, Table } from '@mlgate/data'
import { columnRows } from '@mlgate/data/decimal-column'
import type { CategoryCounts, DistinctValues, KeyedCounts, NumericSummary } from '@mlgate/stats'
import {
  binCountsWeighted,
  columnDistribution,
  distinctEdges,
  distinctSummary,
  keyedColumnDistribution,
  keyedDistinct,
  keyedDistinctCount,
} from '@mlgate/stats'
import { categoryCounts, isCategorical } from './_columns.ts'
import type { PackedDistribution } from './_ecdf-codec.ts'
import { unpackDistribution } from './_ecdf-codec.ts'

/** Written into every profile file; a file with another format or version is refused. */
export const PROFILE_FORMAT = 'mlgate-drift-profile'
export const PROFILE_VERSION = 1

/** What a profiled column is to the gate. */
export type FeatureRole = 'feature' | 'label' | 'prediction'

export type NumericProfile = {
  readonly kind: 'numeric'
  readonly name: string
  readonly role: FeatureRole
  readonly rows: number
  readonly missing: number
  /** Bin edges: the reference's 0.1 … 0.9 quantiles, repeated ones collapsed. */
  readonly edges: Float64Array
  /** Reference rows per bin: edges.length + 1 value bins, then the missing bin. */
  readonly counts: Float64Array
  readonly summary: NumericSummary | null
  /**
   * The exact reference distribution, for the KS test: distinct values and counts as profiled;
   * from a stored profile (`decodeReference`), counts on a decimal grid when they fit one, else
   * the stored streams, unpacked when compared.
   */
  readonly distribution: ReferenceDistribution
}

/** A reference's exact distribution in any of its forms; all hold the same values and counts. */
export type ReferenceDistribution = DistinctValues | KeyedCounts | PackedDistribution

export function isKeyed(d: ReferenceDistribution): d is KeyedCounts {
  return 'first' in d
}

function isPacked(d: ReferenceDistribution): d is PackedDistribution {
  return 'packed' in d
}

/** The distribution as distinct values and counts. */
export function distinctForm(d: ReferenceDistribution): DistinctValues {
  return isKeyed(d) ? keyedDistinct(d) : isPacked(d) ? unpackDistribution(d) : d
}

/** How many distinct values the distribution holds. */
export function distinctCount(d: ReferenceDistribution): number {
  return isKeyed(d) ? keyedDistinctCount(d) : isPacked(d) ? d.distinct : d.values.length
}

export type CategoricalProfile = {
  readonly kind: 'categorical'
  readonly name: string
  readonly role: FeatureRole
  readonly rows: number
  readonly missing: number
  readonly categories: CategoryCounts
}

export type FeatureProfile = NumericProfile | CategoricalProfile

/** The model whose scores the `prediction` entry describes. */
export type ProfiledModel = {
  readonly file: string
  readonly sha256: string
  /** What the score is, e.g. `P(class 1)`. */
  readonly score: string
}

/**
 * A file's size and modification time, recorded beside its SHA-256: while both are unchanged, a
 * run trusts the recorded hash instead of reading the file again (`referenceSha256`).
 */
export type FileStamp = { readonly size: number; readonly mtimeMs: number }

/**
 * Everything a drift run needs from the reference data, computed once: a drift run then reads only
 * the profile and the current data.
 */
export type DriftProfile = {
  readonly format: typeof PROFILE_FORMAT
  readonly version: number
  readonly reference: {
    readonly file: string
    readonly sha256: string
    readonly rows: number
    /** The file's stamp when it was hashed (absent in profiles of older versions). */
    readonly size?: number
    readonly mtimeMs?: number
  }
  /** The reference data's columns, in file order. */
  readonly columns: readonly string[]
  /** Profiled columns (role `feature`), then the label and the model's scores when given. */
  readonly features: readonly FeatureProfile[]
  readonly model?: ProfiledModel
}

export type ProfileSource = {
  readonly table: Table
  readonly file: string
  readonly sha256: string
  /** The file's size and modification time when it was hashed, when it did not change meanwhile. */
  readonly stamp?: FileStamp
  /** Columns to profile as features, already resolved (see `resolveFeatures`). */
  readonly features: readonly string[]
  readonly categorical: ReadonlySet<string>
  readonly label?: string
  /** The model's scores on the reference rows, as a column named `prediction`. */
  readonly prediction?: { readonly column: Column; readonly model: ProfiledModel }
}

/** Builds the profile of a reference table. */
export function buildProfile(source: ProfileSource): DriftProfile {
  return assembleProfile(source, profileTasks(source).map(runProfileTask))
}

/** One task per column to profile: the features in order, then the label and the model's scores. */
export function profileTasks(source: ProfileSource): ProfileTask[] {
  const { table } = source
  const byName = new Map(table.columns.map((c) => [c.name, c]))
  const categorical = [...source.categorical]
  const task = (name: string, role: FeatureRole): ProfileTask => {
    const column = byName.get(name)
    if (column === undefined)
      throw new Error(`buildProfile: no column "${name}" in ${table.source}`)
    return { kind: 'profile', column, role, categorical }
  }
  const tasks = source.features.map((n) => task(n, 'feature'))
  if (source.label !== undefined) tasks.push(task(source.label, 'label'))
  if (source.prediction) {
    tasks.push({
      kind: 'profile',
      column: source.prediction.column,
      role: 'prediction',
      categorical: [],
    })
  }
  return tasks
}

/** The profile of `source` from its tasks' outputs, in the order `profileTasks` gave them. */
export function assembleProfile(
  source: ProfileSource,
  features: readonly FeatureProfile[],
): DriftProfile {
  return {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    reference: {
      file: source.file,
      sha256: source.sha256,
      rows: source.table.rowCount,
      ...(source.stamp ? { size: source.stamp.size, mtimeMs: source.stamp.mtimeMs } : {}),
    },
    columns: source.table.columns.map((c) => c.name),
    features: [...features],
    ...(source.prediction ? { model: source.prediction.model } : {}),
  }
}

/** Profiling one column, as a task a worker thread can run (`_task.ts`). */
export type ProfileTask = {
  readonly kind: 'profile'
  readonly column: Column
  readonly role: FeatureRole
  /** Numeric columns to profile as categories. */
  readonly categorical: readonly string[]
}

export function runProfileTask(task: ProfileTask): FeatureProfile {
  return profileColumn(task.column, task.role, new Set(task.categorical))
}

/** One column's profile: numeric (quantile bins and exact distribution) or categorical counts. */
export function profileColumn(
  column: Column,
  role: FeatureRole,
  categorical: ReadonlySet<string>,
): FeatureProfile {
  if (column.type === 'string' || isCategorical(column, categorical)) {
    const categories = categoryCounts(column)
    return {
      kind: 'categorical',
      name: column.name,
      role,
      rows: columnRows(column),
      missing: categories.missing,
      categories,
    }
  }
  const { decimal } = column
  const { distinct, missing } =
    decimal === undefined
      ? columnDistribution(column.values)
      : keyedColumnDistribution(decimal.keys, decimal.scale, column.missing)
  const edges = distinctEdges(distinct)
  const counts = new Float64Array(edges.length + 2)
  counts.set(binCountsWeighted(distinct.values, distinct.counts, edges))
  counts[edges.length + 1] = missing
  return {
    kind: 'numeric',
    name: column.name,
    role,
    rows: columnRows(column),
    missing,
    edges,
    counts,
    summary: distinctSummary(distinct),
    distribution: distinct,
  }
}

/**
 * The columns a run checks as features: those listed, else every column of `columns` except the
 * excluded ones, the label and the labelled-rows marker.
 */
export function resolveFeatures(
  columns: readonly string[],
  settings: {
    readonly features?: readonly string[] | undefined
    readonly exclude: readonly string[]
    readonly label?: string | undefined
    readonly labelledColumn?: string | undefined
  },
): string[] {
  if (settings.features) return [...settings.features]
  const skip = new Set([
    ...settings.exclude,
    ...(settings.label === undefined ? [] : [settings.label]),
    ...(settings.labelledColumn === undefined ? [] : [settings.labelledColumn]),
  ])
  return columns.filter((c) => !skip.has(c))
}
