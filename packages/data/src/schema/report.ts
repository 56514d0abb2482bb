import type { SchemaColumnType } from './spec.ts'

/**
 * The rules a validation can find broken, named after the schema keys that set them;
 * `model_input` is a schema column that does not fit the model the data feeds.
 */
export const SCHEMA_RULES = [
  'rows.min',
  'rows.max',
  'forbidden',
  'unknown_columns',
  'required',
  'environments',
  'type',
  'max_null_share',
  'min',
  'max',
  'categories',
  'regex',
  'unique',
  'model_input',
] as const
export type SchemaRule = (typeof SCHEMA_RULES)[number]

/** One broken rule: where, what was expected, what was found, how often and in which rows. */
export type Violation = {
  /** The column, or null for a rule about the whole dataset (row count). */
  readonly column: string | null
  readonly rule: SchemaRule
  /** `error` fails validation; `warning` (unknown columns under `unknown_columns: warn`) does not. */
  readonly severity: 'error' | 'warning'
  /** The rule in words, e.g. "at most 2% missing cells". */
  readonly expected: string
  /** What the data holds, e.g. "35.2% missing (1,056 of 3,000 rows)". */
  readonly found: string
  /** Cells (or rows, or columns for column rules) that broke the rule. */
  readonly count: number
  /** The measured quantity the rule bounds (a share, a count, a value), for reports. */
  readonly value: number | null
  /** The bound `value` was held to. */
  readonly bound?: { readonly op: '>=' | '<='; readonly value: number }
  /** Example rows: 1-based data rows (the header not counted), first ones in file order. */
  readonly rows: readonly number[]
  /** Line of the rule in the schema file (or of its column), when the schema came from a file. */
  readonly line?: number
}

/** What validation saw in one schema column. */
export type ColumnSummary = {
  readonly name: string
  readonly type: SchemaColumnType
  /** Whether the data has the column. */
  readonly present: boolean
  /** Whether the column's cells were checked (present and expected in this environment). */
  readonly checked: boolean
  readonly nulls: number
  /** Cells that do not have the column's type. */
  readonly invalid: number
  /** Smallest and largest value among cells of the type (numbers; epoch ms for datetimes). */
  readonly min: number | null
  readonly max: number | null
  readonly violations: number
}

/** Everything a validation found, in schema order. */
export type SchemaReport = {
  readonly schemaFile: string
  readonly dataFile: string
  readonly rows: number
  /** The environment columns were checked for, or null when none applied. */
  readonly environment: string | null
  readonly columns: readonly ColumnSummary[]
  /** Data columns the schema does not list. */
  readonly unknownColumns: readonly string[]
  readonly violations: readonly Violation[]
  /** How many rules were checked: dataset rules plus every rule of every checked column. */
  readonly rulesChecked: number
  /** How the data was read: `streamed in N chunks` or `read whole`. */
  readonly reading: string
}
