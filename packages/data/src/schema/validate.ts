import { csvChunks } from '../csv-chunks.ts'
import { DataError } from '../errors.ts'
import { openFileSource } from '../node-source.ts'
import type { ReadOptions, TableFormat } from '../read-options.ts'
import { formatFromPath, readTable } from '../read-table.ts'
import { streamParquet } from './_parquet-stream.ts'
import type { ColumnType, Table } from '../table.ts'
import { checkColumnChunk, createColumnCheck } from './_column-check.ts'
import { columnViolations } from './_column-violations.ts'
import { checkStructure, rowCountViolations } from './_dataset-rules.ts'
import { schemaLine, type ParsedSchema } from './parse-schema.ts'
import type { ColumnSummary, SchemaReport, Violation } from './report.ts'
import type { ColumnSchema } from './spec.ts'

export type ValidateOptions = {
  /**
   * The environment to check for (e.g. `serving`): columns limited to other environments must be
   * absent. Default: the schema's `default_environment`, else none (such columns are optional).
   */
  readonly environment?: string
  /** Example rows kept per broken rule; default 5. */
  readonly examples?: number
  /** Default: from the file extension. */
  readonly format?: TableFormat
  /** CSV only; default ',' (a tab for .tsv). */
  readonly delimiter?: string
  /** CSV only: bytes read at a time; default `DEFAULT_BLOCK_BYTES` (4 MiB). */
  readonly blockBytes?: number
  /** Parquet only: rows read at a time at least (whole row groups); default 65,536. */
  readonly minRows?: number
}

/**
 * Checks a data file against a schema. CSV and Parquet are streamed: CSV read block by block,
 * Parquet row group by row group (`streamParquet`; a file mlgate's decoder does not read is read
 * whole), each chunk's rows checked and dropped, so memory is bounded by the chunk and the
 * per-column state (see `ColumnCheck`), not by the file; JSONL is read whole. Every broken rule
 * is reported with its column, what was expected and found, how many cells and example rows.
 */
export async function validateFile(
  parsed: ParsedSchema,
  path: string,
  options: ValidateOptions = {},
): Promise<SchemaReport> {
  const format = options.format ?? formatFromPath(path)
  const missing = parsed.schema.missing_values ?? []
  if (format === 'parquet') {
    let validation: Validation | undefined
    const streamed = await streamParquet(
      path,
      { missing, minRows: options.minRows },
      (header) => {
        validation = startValidation(parsed, header, path, options)
        return validation.select.columns
      },
      (chunk, firstRow) => validation?.add(chunk, firstRow),
    )
    if (streamed && validation) {
      const { rows, chunks } = streamed
      return validation.finish(rows, `streamed in ${chunks} ${chunks === 1 ? 'chunk' : 'chunks'}`)
    }
  }
  if (format !== 'csv') {
    const read: ReadOptions = { format, ...(missing.length > 0 ? { missing: [...missing] } : {}) }
    return validateTable(parsed, await readTable(path, read), options)
  }
  let validation: Validation | undefined
  let chunks = 0
  let rows = 0
  const bytes = await openFileSource(path)
  try {
    for await (const chunk of csvChunks(bytes, path, {
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(options.blockBytes === undefined ? {} : { blockBytes: options.blockBytes }),
      missing,
      select: (header) => {
        validation = startValidation(parsed, header, path, options)
        return validation.select
      },
    })) {
      validation?.add(chunk.table, chunk.firstRow)
      rows = chunk.firstRow + chunk.table.rowCount
      chunks++
    }
  } finally {
    await bytes.close()
  }
  if (validation == null) throw new Error(`${path}: the CSV reader produced no header.`)
  return validation.finish(rows, `streamed in ${chunks} ${chunks === 1 ? 'chunk' : 'chunks'}`)
}

/** Checks a table already in memory against a schema, as `validateFile` does. */
export function validateTable(
  parsed: ParsedSchema,
  table: Table,
  options: ValidateOptions = {},
): SchemaReport {
  const validation = startValidation(
    parsed,
    table.columns.map((c) => c.name),
    table.source,
    options,
  )
  const wanted = new Set(validation.select.columns)
  validation.add({ ...table, columns: table.columns.filter((c) => wanted.has(c.name)) }, 0)
  return validation.finish(table.rowCount, 'read whole')
}

// --- internal ---

type Validation = {
  /** Columns to read and the types to force, for the reader. */
  readonly select: { columns: string[]; types: Record<string, ColumnType> }
  add(table: Table, firstRow: number): void
  finish(rows: number, reading: string): SchemaReport
}

/** Example rows per broken rule: enough to find the pattern, few enough to read in a comment. */
const DEFAULT_EXAMPLES = 5

function startValidation(
  parsed: ParsedSchema,
  header: readonly string[],
  dataFile: string,
  options: ValidateOptions,
): Validation {
  const { schema } = parsed
  const keep = options.examples ?? DEFAULT_EXAMPLES
  if (!Number.isInteger(keep) || keep < 0) {
    throw new RangeError(`examples must be a whole number >= 0, got ${keep}`)
  }
  const environment = resolveEnvironment(parsed, options.environment)
  const structure = checkStructure(parsed, header, environment)
  const checks = structure.checked.map((name) =>
    createColumnCheck(name, schema.columns[name] as ColumnSchema, keep),
  )
  const select = {
    columns: checks.map((c) => c.name),
    types: Object.fromEntries(
      checks
        .filter((c) => c.type === 'string' || c.type === 'category' || c.type === 'datetime')
        .map((c) => [c.name, 'string' as ColumnType]),
    ),
  }

  return {
    select,
    add(table, firstRow) {
      for (const check of checks) {
        const column = table.columns.find((c) => c.name === check.name)
        if (column != null) checkColumnChunk(check, column, firstRow, dataFile)
      }
    },
    finish(rows, reading) {
      const size = rowCountViolations(parsed, rows)
      let rulesChecked = structure.rulesChecked + size.checked
      const byColumn = new Map<string, Violation[]>()
      for (const check of checks) {
        const found = columnViolations(check, rows, (key) =>
          schemaLine(parsed, ['columns', check.name, key]),
        )
        rulesChecked += found.checked
        byColumn.set(check.name, found.violations)
      }
      // Dataset rules first, then column by column in schema order.
      const listed = new Set(Object.keys(schema.columns))
      const ordered: Violation[] = [
        ...size.violations,
        ...structure.violations.filter((v) => v.column == null || !listed.has(v.column)),
      ]
      const checksByName = new Map(checks.map((c) => [c.name, c]))
      const columns: ColumnSummary[] = Object.entries(schema.columns).map(([name, spec]) => {
        const structural = structure.violations.filter((v) => v.column === name)
        const cells = byColumn.get(name) ?? []
        ordered.push(...structural, ...cells)
        const check = checksByName.get(name)
        const seen = check != null && check.nonNull > 0 && check.min <= check.max
        return {
          name,
          type: spec.type,
          present: structure.present.has(name),
          checked: check != null,
          nulls: check?.nulls.count ?? 0,
          invalid: check?.invalid.count ?? 0,
          min: seen ? check.min : null,
          max: seen ? check.max : null,
          violations: structural.length + cells.length,
        }
      })
      return {
        schemaFile: parsed.file,
        dataFile,
        rows,
        environment,
        columns,
        unknownColumns: structure.unknown,
        violations: ordered,
        rulesChecked,
        reading,
      }
    },
  }
}

function resolveEnvironment(parsed: ParsedSchema, given: string | undefined): string | null {
  const declared = parsed.schema.environments
  if (given == null) return parsed.schema.default_environment ?? null
  if (declared != null && !declared.includes(given)) {
    const at = schemaLine(parsed, ['environments'])
    throw new DataError(
      `declares the environments ${declared.map((e) => `"${e}"`).join(', ')}, not "${given}"; pass one of them`,
      at == null ? { file: parsed.file } : { file: parsed.file, line: at },
    )
  }
  return given
}
