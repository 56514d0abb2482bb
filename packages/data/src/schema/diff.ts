import type { ColumnSchema, DataSchema, SchemaColumnType } from './spec.ts'

/** One rule whose value differs between two schemas. */
export type RuleChange = {
  /** The column, or null for a dataset-level key (`rows.min`, `forbidden`, ...). */
  readonly column: string | null
  /** The schema key, e.g. `max`, `categories`, `rows.min`. */
  readonly rule: string
  /** The values as JSON; `(none)` when the key is absent. */
  readonly from: string
  readonly to: string
  /** For lists: what was added and removed, e.g. `added "crypto"; removed "fuel"`. */
  readonly detail?: string
}

/** What changed from schema `a` (before) to schema `b` (after). */
export type SchemaDiff = {
  /** Columns in `b` only, in `b`'s order. */
  readonly added: readonly string[]
  /** Columns in `a` only, in `a`'s order. */
  readonly removed: readonly string[]
  /** Columns in both whose type differs. */
  readonly retyped: readonly {
    readonly column: string
    readonly from: SchemaColumnType
    readonly to: SchemaColumnType
  }[]
  /** Other rules that differ: dataset keys first, then columns in `b`'s order. */
  readonly changed: readonly RuleChange[]
}

/** Compares two schemas: added, removed and retyped columns, and every other rule that changed. */
export function diffSchemas(a: DataSchema, b: DataSchema): SchemaDiff {
  const before = a.columns
  const after = b.columns
  const added = Object.keys(after).filter((name) => !Object.hasOwn(before, name))
  const removed = Object.keys(before).filter((name) => !Object.hasOwn(after, name))
  const retyped: { column: string; from: SchemaColumnType; to: SchemaColumnType }[] = []
  const changed: RuleChange[] = []
  for (const key of DATASET_KEYS) {
    const change = compare(null, key, pick(a, key), pick(b, key))
    if (change != null) changed.push(change)
  }
  for (const [name, column] of Object.entries(after)) {
    const old = before[name]
    if (old == null) continue
    if (old.type !== column.type) {
      retyped.push({ column: name, from: old.type, to: column.type })
      continue
    }
    for (const key of COLUMN_KEYS) {
      const change = compare(name, key, old[key], column[key])
      if (change != null) changed.push(change)
    }
  }
  return { added, removed, retyped, changed }
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(diff: SchemaDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.retyped.length === 0 &&
    diff.changed.length === 0
  )
}

// --- internal ---

const DATASET_KEYS = [
  'rows.min',
  'rows.max',
  'forbidden',
  'environments',
  'default_environment',
  'unknown_columns',
  'missing_values',
] as const

const COLUMN_KEYS = [
  'required',
  'environments',
  'max_null_share',
  'min',
  'max',
  'categories',
  'max_unseen_share',
  'regex',
  'unique',
] as const satisfies readonly (keyof ColumnSchema)[]

function pick(schema: DataSchema, key: (typeof DATASET_KEYS)[number]): unknown {
  if (key === 'rows.min') return schema.rows?.min
  if (key === 'rows.max') return schema.rows?.max
  return schema[key]
}

function compare(column: string | null, rule: string, a: unknown, b: unknown): RuleChange | null {
  const from = a === undefined ? '(none)' : JSON.stringify(a)
  const to = b === undefined ? '(none)' : JSON.stringify(b)
  if (from === to) return null
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = new Set((Array.isArray(a) ? a : []).map(String))
    const right = new Set((Array.isArray(b) ? b : []).map(String))
    const plus = [...right].filter((v) => !left.has(v))
    const minus = [...left].filter((v) => !right.has(v))
    const parts = [
      plus.length > 0 ? `added ${list(plus)}` : '',
      minus.length > 0 ? `removed ${list(minus)}` : '',
    ].filter((p) => p !== '')
    // Same members in another order: the order of a list carries no meaning in a schema.
    if (parts.length === 0) return null
    return { column, rule, from, to, detail: parts.join('; ') }
  }
  return { column, rule, from, to }
}

function list(values: readonly string[]): string {
  const shown = values.slice(0, 10).map((v) => JSON.stringify(v))
  return values.length > 10
    ? `${shown.join(', ')} and ${values.length - 10} more`
    : shown.join(', ')
}
