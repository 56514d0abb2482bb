import { Document, isMap, isScalar, isSeq, type Node } from 'yaml'
import type { ColumnSchema, DataSchema } from './spec.ts'

export type SchemaComments = {
  /** Lines for the top of the file. */
  readonly header?: readonly string[]
  /** A line above each column, by name. */
  readonly notes?: Readonly<Record<string, string>>
}

/**
 * The schema as YAML a person reads and edits: keys in a fixed order, lists of categories and
 * environments on one line, a blank line and a comment above each column, and a comment beside
 * each top-level key saying what it does.
 */
export function schemaToYaml(schema: DataSchema, comments: SchemaComments = {}): string {
  const doc = new Document(ordered(schema))
  const header = comments.header ?? []
  if (header.length > 0) doc.commentBefore = header.map((line) => ` ${line}`).join('\n')
  const top = doc.contents
  if (isMap(top)) {
    for (const pair of top.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      const hint = TOP_HINTS[key]
      if (hint != null && isScalar(pair.value)) pair.value.comment = ` ${hint}`
      else if (hint != null && isScalar(pair.key)) pair.key.commentBefore = ` ${hint}`
      if (isSeq(pair.value)) pair.value.flow = true
    }
  }
  const columns = doc.get('columns', true)
  if (isMap(columns)) {
    columns.items.forEach((pair, i) => {
      const key = pair.key as Node
      const name = isScalar(key) ? String(key.value) : ''
      // A blank line between columns; none above the first, where it would be an empty line.
      if (i > 0) key.spaceBefore = true
      const note = comments.notes?.[name]
      if (note != null && isScalar(key)) key.commentBefore = ` ${note}`
      if (isMap(pair.value)) {
        for (const rule of pair.value.items) {
          if (isSeq(rule.value)) rule.value.flow = true
        }
      }
    })
  }
  // lineWidth 0: never fold a long regex or description over two lines.
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false })
}

// --- internal ---

const TOP_HINTS: Readonly<Record<string, string>> = {
  unknown_columns: 'columns the schema does not list: allow | warn | fail',
  environments: 'columns with environments: [training] must be absent in serving data',
  missing_values: 'cell texts that mean "missing" besides the empty cell',
}

const TOP_ORDER = [
  '$schema',
  'version',
  'description',
  'rows',
  'unknown_columns',
  'environments',
  'default_environment',
  'forbidden',
  'missing_values',
  'columns',
] as const

const COLUMN_ORDER = [
  'type',
  'description',
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

function ordered(schema: DataSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of TOP_ORDER) {
    const value = schema[key]
    if (value === undefined) continue
    if (key === 'columns') {
      out[key] = Object.fromEntries(
        Object.entries(schema.columns).map(([name, column]) => [name, orderedColumn(column)]),
      )
    } else out[key] = value
  }
  return out
}

function orderedColumn(column: ColumnSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of COLUMN_ORDER) if (column[key] !== undefined) out[key] = column[key]
  return out
}
