import * as z from 'zod'
import { parseDatetime } from './datetime.ts'

/** The logical types a schema column can have. */
export const SCHEMA_COLUMN_TYPES = [
  'number',
  'integer',
  'string',
  'boolean',
  'category',
  'datetime',
] as const
export type SchemaColumnType = (typeof SCHEMA_COLUMN_TYPES)[number]

/** What validation does with data columns the schema does not list. */
export const UNKNOWN_COLUMN_POLICIES = ['allow', 'warn', 'fail'] as const
export type UnknownColumnPolicy = (typeof UNKNOWN_COLUMN_POLICIES)[number]

const share = z.number().min(0).max(1)
const bound = z
  .union([z.number(), z.string()])
  .describe(
    'A number for number and integer columns; an ISO 8601 date or date-time text for datetime columns.',
  )

/** One column's rules. Keys are snake_case, as a person writes them in YAML. */
export const columnSchemaSpec = z
  .strictObject({
    type: z
      .enum(SCHEMA_COLUMN_TYPES)
      .describe(
        'number: any number; integer: whole numbers; string: any text; boolean: true/false (or 1/0); category: text from `categories`; datetime: ISO 8601 dates or date-times.',
      ),
    description: z.string().optional().describe('What the column means, for people.'),
    required: z.boolean().optional().describe('Whether the column must be present (default true).'),
    max_null_share: share
      .optional()
      .describe(
        'Largest share of missing cells allowed, 0 to 1 (default 0: no missing cells). Empty cells, JSON null, NaN and `missing_values` count as missing.',
      ),
    min: bound.optional().describe('Smallest value allowed (inclusive).'),
    max: bound.optional().describe('Largest value allowed (inclusive).'),
    categories: z
      .array(
        z.string({
          error: 'categories are text; quote values that look like numbers or booleans, e.g. "1"',
        }),
      )
      .optional()
      .describe('Allowed values of a category column.'),
    max_unseen_share: share
      .optional()
      .describe(
        'Largest share of non-missing cells allowed outside `categories`, 0 to 1 (default 0).',
      ),
    regex: z
      .string()
      .optional()
      .describe(
        'JavaScript regular expression every non-missing value must match in full (it is anchored at both ends).',
      ),
    unique: z.boolean().optional().describe('No value may occur twice (missing cells excepted).'),
    environments: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Environments the column belongs to (e.g. [training] for a label): required there, and it must be absent in the others.',
      ),
  })
  .describe('Rules for one column.')

const dataSchemaObject = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
  version: z.literal(1).describe('Version of the schema format; 1.'),
  description: z.string().optional().describe('What the data is, for people.'),
  rows: z
    .strictObject({
      min: z.number().int().min(0).optional().describe('Fewest data rows allowed.'),
      max: z.number().int().min(0).optional().describe('Most data rows allowed.'),
    })
    .optional()
    .describe('Bounds on the number of data rows.'),
  forbidden: z
    .array(z.string().min(1))
    .optional()
    .describe('Columns that must not be present (e.g. personal data).'),
  environments: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Names of the environments columns may be limited to, e.g. [training, serving].'),
  default_environment: z
    .string()
    .optional()
    .describe('Environment used when validation is not told one.'),
  unknown_columns: z
    .enum(UNKNOWN_COLUMN_POLICIES)
    .optional()
    .describe('What to do with data columns the schema does not list (default warn).'),
  missing_values: z
    .array(z.string())
    .optional()
    .describe('Cell texts that mean "missing" besides the empty cell, e.g. ["NA", "null"] (CSV).'),
  columns: z
    .record(z.string().min(1), columnSchemaSpec)
    .describe('The columns, by name, in the order they are checked and reported.'),
})

export type DataSchema = z.infer<typeof dataSchemaObject>

/**
 * The data schema file: per-column rules, required and forbidden columns, row-count bounds and
 * environments. The YAML or JSON a person keeps next to the data; `dataSchemaJsonSchema()`
 * publishes it as JSON Schema for editors.
 */
export const dataSchemaSpec = dataSchemaObject
  .superRefine(checkConsistency)
  .describe('An mlgate data schema.')
export type ColumnSchema = z.infer<typeof columnSchemaSpec>

/** The numeric value of a bound: the number itself, or epoch milliseconds of a datetime text. */
export function boundValue(column: ColumnSchema, key: 'min' | 'max'): number | undefined {
  const value = column[key]
  if (value == null) return undefined
  if (typeof value === 'number') return value
  const ms = parseDatetime(value)
  return Number.isNaN(ms) ? undefined : ms
}

// --- internal ---

type Ctx = z.RefinementCtx

function checkConsistency(schema: DataSchema, ctx: Ctx): void {
  const declared = schema.environments
  if (schema.default_environment != null) {
    if (declared == null || !declared.includes(schema.default_environment)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default_environment'],
        message: `"${schema.default_environment}" is not one of the declared environments (${(declared ?? []).join(', ') || 'none: add `environments:`'})`,
      })
    }
  }
  for (const name of schema.forbidden ?? []) {
    if (Object.hasOwn(schema.columns, name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['forbidden'],
        message: `column "${name}" is both listed under columns and forbidden; keep one`,
      })
    }
  }
  const rows = schema.rows
  if (rows?.min != null && rows.max != null && rows.min > rows.max) {
    ctx.addIssue({ code: 'custom', path: ['rows'], message: 'min is larger than max' })
  }
  for (const [name, column] of Object.entries(schema.columns)) {
    checkColumn(name, column, declared, ctx)
  }
}

function checkColumn(
  name: string,
  column: ColumnSchema,
  declared: readonly string[] | undefined,
  ctx: Ctx,
): void {
  const at = (key: string): PropertyKey[] => ['columns', name, key]
  const numeric = column.type === 'number' || column.type === 'integer'
  for (const key of ['min', 'max'] as const) {
    const value = column[key]
    if (value == null) continue
    if (numeric && typeof value !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: at(key),
        message: `a ${column.type} column needs a number here, got ${JSON.stringify(value)}`,
      })
    } else if (column.type === 'datetime' && !validDatetime(value)) {
      ctx.addIssue({
        code: 'custom',
        path: at(key),
        message: `a datetime column needs an ISO 8601 date or date-time here (e.g. 2024-01-31 or 2024-01-31T12:00:00Z), got ${JSON.stringify(value)}`,
      })
    } else if (!numeric && column.type !== 'datetime') {
      ctx.addIssue({
        code: 'custom',
        path: at(key),
        message: `${key} applies to number, integer and datetime columns, not ${column.type}`,
      })
    }
  }
  const lo = boundValue(column, 'min')
  const hi = boundValue(column, 'max')
  if (lo != null && hi != null && lo > hi) {
    ctx.addIssue({ code: 'custom', path: at('min'), message: 'min is larger than max' })
  }
  if (column.type === 'category' && column.categories == null) {
    ctx.addIssue({
      code: 'custom',
      path: at('type'),
      message: 'a category column needs `categories:` (use type: string for free text)',
    })
  }
  if (column.type !== 'category') {
    for (const key of ['categories', 'max_unseen_share'] as const) {
      if (column[key] != null) {
        ctx.addIssue({
          code: 'custom',
          path: at(key),
          message: `${key} applies to category columns, not ${column.type}`,
        })
      }
    }
  }
  if (column.regex != null) {
    if (column.type !== 'string' && column.type !== 'category') {
      ctx.addIssue({
        code: 'custom',
        path: at('regex'),
        message: `regex applies to string and category columns, not ${column.type}`,
      })
    }
    try {
      new RegExp(column.regex, 'u')
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: at('regex'),
        message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      })
    }
  }
  for (const environment of column.environments ?? []) {
    if (declared == null || !declared.includes(environment)) {
      ctx.addIssue({
        code: 'custom',
        path: at('environments'),
        message: `environment "${environment}" is not declared; list it under the top-level \`environments:\` (now ${(declared ?? []).join(', ') || 'none'})`,
      })
    }
  }
}

function validDatetime(value: string | number): boolean {
  return typeof value === 'string' && !Number.isNaN(parseDatetime(value))
}
