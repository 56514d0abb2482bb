import { csvChunks } from '../csv-chunks.ts'
import { openFileSource } from '../node-source.ts'
import type { TableFormat } from '../read-options.ts'
import { formatFromPath, readTable } from '../read-table.ts'
import { streamParquet } from './_parquet-stream.ts'
import type { Table } from '../table.ts'
import { formatDatetime } from './datetime.ts'
import { count, quote, share } from './_format.ts'
import { niceRange, shareAllowance, WIDEN } from './_nice-range.ts'
import { shapeRegex } from './_pattern.ts'
import { createProfile, profileChunk, type ColumnProfile } from './_profile.ts'
import type { ColumnSchema, DataSchema } from './spec.ts'

export type InferOptions = {
  /** Most distinct values a text column may have to become a category; default 50. */
  readonly maxCategories?: number
  /**
   * The label (target) column: limited to the `training` environment, so serving data is checked
   * for its absence (`environments: [training, serving]` is declared).
   */
  readonly label?: string
  /** Cell texts that mean "missing" besides the empty cell; written to the schema. */
  readonly missing?: readonly string[]
  readonly format?: TableFormat
  readonly delimiter?: string
  /** CSV only: bytes read at a time. */
  readonly blockBytes?: number
  /** Parquet only: rows read at a time at least (whole row groups); default 65,536. */
  readonly minRows?: number
}

/** An inferred schema, with a note per column saying what was seen, for the YAML comments. */
export type InferredSchema = {
  readonly schema: DataSchema
  readonly rows: number
  /** Lines for the top of the file. */
  readonly header: readonly string[]
  /** One line per column, by name: what was observed. */
  readonly notes: Readonly<Record<string, string>>
}

/**
 * Infers a schema from a reference file (a training split); CSV and Parquet are streamed (a
 * Parquet file mlgate's decoder does not read is read whole, as JSONL is).
 */
export async function inferSchemaFromFile(
  path: string,
  options: InferOptions = {},
): Promise<InferredSchema> {
  const format = options.format ?? formatFromPath(path)
  const missing = options.missing ?? []
  const cap = options.maxCategories ?? DEFAULT_MAX_CATEGORIES
  if (format === 'parquet') {
    let profiles: ColumnProfile[] = []
    const streamed = await streamParquet(
      path,
      { missing, minRows: options.minRows },
      (header) => {
        profiles = header.map((name) => createProfile(name, cap))
        return header
      },
      (chunk, firstRow) => {
        chunk.columns.forEach((column, i) => {
          profileChunk(profiles[i] as ColumnProfile, column, firstRow)
        })
      },
    )
    if (streamed) return fromProfiles(profiles, streamed.rows, path, options)
  }
  if (format !== 'csv') {
    const table = await readTable(path, {
      format,
      ...(missing.length > 0 ? { missing: [...missing] } : {}),
    })
    return inferSchema(table, { ...options, source: path })
  }
  let profiles: ColumnProfile[] = []
  let rows = 0
  const bytes = await openFileSource(path)
  try {
    for await (const chunk of csvChunks(bytes, path, {
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(options.blockBytes === undefined ? {} : { blockBytes: options.blockBytes }),
      missing,
    })) {
      if (profiles.length === 0) profiles = chunk.header.map((name) => createProfile(name, cap))
      chunk.table.columns.forEach((column, i) => {
        profileChunk(profiles[i] as ColumnProfile, column, chunk.firstRow)
      })
      rows = chunk.firstRow + chunk.table.rowCount
    }
  } finally {
    await bytes.close()
  }
  return fromProfiles(profiles, rows, path, options)
}

/** Infers a schema from a table in memory. */
export function inferSchema(
  table: Table,
  options: InferOptions & { readonly source?: string } = {},
): InferredSchema {
  const cap = options.maxCategories ?? DEFAULT_MAX_CATEGORIES
  const profiles = table.columns.map((column) => {
    const profile = createProfile(column.name, cap)
    profileChunk(profile, column, 0)
    return profile
  })
  return fromProfiles(profiles, table.rowCount, options.source ?? table.source, options)
}

// --- internal ---

/**
 * Default cap on categories: a list a person can still read and review in a pull request. TFDV
 * uses 100 (`max_string_domain_size`, tensorflow/data-validation `api/validation_api.py`).
 */
const DEFAULT_MAX_CATEGORIES = 50
/** A category column must have at least this many rows per distinct value on average. */
const ROWS_PER_CATEGORY = 5
/** Integer columns with at most this many distinct values are codes or flags: exact range. */
const CODE_VALUES = 10
/** Texts needed before a shared shape becomes a regex or all-distinct becomes `unique`. */
const EVIDENCE = 20

function fromProfiles(
  profiles: readonly ColumnProfile[],
  rows: number,
  source: string,
  options: InferOptions,
): InferredSchema {
  const notes: Record<string, string> = {}
  const columns: Record<string, ColumnSchema> = {}
  for (const profile of profiles) {
    const { column, note } = inferColumn(profile, rows, options)
    columns[profile.name] = column
    notes[profile.name] = note
  }
  const label = options.label
  if (label != null) {
    const column = columns[label]
    if (column == null) {
      throw new RangeError(
        `label "${label}" is not a column of ${source}; its columns are ${profiles.map((p) => `"${p.name}"`).join(', ')}`,
      )
    }
    columns[label] = { ...column, environments: ['training'] }
  }
  const minRows = rows === 0 ? 0 : Math.max(1, oneDigitFloor(rows / 10))
  const schema: DataSchema = {
    version: 1,
    description: `Inferred from ${source} (${count(rows)} rows).`,
    rows: { min: minRows },
    unknown_columns: 'warn',
    ...(label != null ? { environments: ['training', 'serving'] } : {}),
    ...(options.missing != null && options.missing.length > 0
      ? { missing_values: [...options.missing] }
      : {}),
    columns,
  }
  const pct = Math.round(WIDEN * 100)
  const header = [
    `mlgate data schema inferred from ${source}: ${count(rows)} rows, ${profiles.length} columns.`,
    'Review and edit it: it is the contract new data is checked against.',
    `Ranges: the observed min and max, moved apart by ${pct}% of the observed range on each side`,
    '(never across zero), rounded outward to two significant digits of that range; integer',
    `columns with at most ${CODE_VALUES} distinct values keep their observed range.`,
    'max_null_share and max_unseen_share: the observed share plus half of it (at least one',
    'percentage point more), rounded up to a whole percent; 0 when none was seen. The unseen',
    'share observed is the Good-Turing estimate: the share of cells whose value occurs once.',
    `Categories: text columns with at most ${options.maxCategories ?? DEFAULT_MAX_CATEGORIES} distinct values, each seen ${ROWS_PER_CATEGORY}+ times on average.`,
    `rows.min: a tenth of the reference's rows, rounded down; lower it for small batches.`,
  ]
  return { schema, rows, header, notes }
}

function inferColumn(
  p: ColumnProfile,
  rows: number,
  options: InferOptions,
): { column: ColumnSchema; note: string } {
  const nonNull = p.numbers + p.booleans + p.texts
  const nullShare = rows === 0 ? 0 : p.nulls / rows
  const nulls = p.nulls === 0 ? 'no missing cells' : `${share(nullShare)} missing`
  const base = { max_null_share: shareAllowance(nullShare) }
  if (nonNull === 0) {
    return {
      column: { type: 'string', ...base, max_null_share: 1 },
      note: 'every cell was missing: the type is a guess',
    }
  }
  if (p.texts === 0 && p.booleans === 0) {
    const integer = p.whole
    const distinct = p.numberValues?.size ?? Infinity
    const range =
      integer && distinct <= CODE_VALUES
        ? { min: p.numberMin, max: p.numberMax }
        : niceRange(p.numberMin, p.numberMax, integer)
    const unique = integer && p.set != null && p.numbers >= EVIDENCE
    return {
      column: {
        type: integer ? 'integer' : 'number',
        ...base,
        min: range.min,
        max: range.max,
        ...(unique ? { unique: true } : {}),
      },
      note: `observed ${String(p.numberMin)} to ${String(p.numberMax)}${integer && distinct <= CODE_VALUES ? ` (${distinct} distinct values: range kept)` : ''}, ${nulls}${unique ? ', every value distinct' : ''}`,
    }
  }
  if (p.texts === 0 && p.numbers === 0) {
    return { column: { type: 'boolean', ...base }, note: `true/false, ${nulls}` }
  }
  const mixed =
    p.numbers > 0
      ? `; ${count(p.numbers)} cells are numbers and ${count(p.texts + p.booleans)} are not (e.g. ${p.textExamples.map(quote).join(', ')}): if those mean "missing", list them under missing_values and infer again`
      : ''
  if (p.datetimes === p.texts && p.numbers === 0 && p.booleans === 0) {
    const min = monthStart(p.datetimeMin)
    return {
      column: { type: 'datetime', ...base, min: formatDatetime(min) },
      note: `ISO 8601, observed ${formatDatetime(p.datetimeMin)} to ${formatDatetime(p.datetimeMax)}, ${nulls}; min is the start of the first month, no max (newer data is expected)`,
    }
  }
  const distinct = distinctTexts(p)
  const cap = options.maxCategories ?? DEFAULT_MAX_CATEGORIES
  if (distinct != null && distinct.size <= cap && distinct.size * ROWS_PER_CATEGORY <= nonNull) {
    const ordered = [...distinct.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    let once = 0
    for (const [, n] of ordered) if (n === 1) once += n
    const unseen = shareAllowance(once / nonNull)
    return {
      column: {
        type: 'category',
        ...base,
        categories: ordered.map(([value]) => value),
        max_unseen_share: unseen,
      },
      note: `${distinct.size} distinct values, most frequent first; ${nulls}${once > 0 ? `; ${count(once)} values seen once` : ''}${mixed}`,
    }
  }
  const regex =
    p.shaped && p.shape != null && p.numbers === 0 && p.booleans === 0 && p.texts >= EVIDENCE
      ? shapeRegex(p.shape)
      : undefined
  const unique = p.set != null && nonNull >= EVIDENCE
  return {
    column: {
      type: 'string',
      ...base,
      ...(regex != null ? { regex } : {}),
      ...(unique ? { unique: true } : {}),
    },
    note: `free text${distinct == null ? ` (over ${cap} distinct values)` : ` (${distinct.size} distinct values)`}, ${nulls}${regex != null ? ', all of one shape' : ''}${unique ? ', every value distinct' : ''}${mixed}`,
  }
}

/** All distinct values as texts with counts, or null when there were too many to keep. */
function distinctTexts(p: ColumnProfile): Map<string, number> | null {
  if (p.textValues == null || (p.numbers > 0 && p.numberValues == null)) return null
  const out = new Map(p.textValues)
  for (const [value, n] of p.numberValues ?? []) {
    const text = String(value)
    out.set(text, (out.get(text) ?? 0) + n)
  }
  return out
}

function monthStart(ms: number): number {
  const d = new Date(ms)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

/** 6,234 → 6,000; 143 → 100: the leading digit kept, the rest zeroed. */
function oneDigitFloor(x: number): number {
  if (x < 1) return 0
  const step = 10 ** Math.floor(Math.log10(x))
  return Math.floor(x / step) * step
}
