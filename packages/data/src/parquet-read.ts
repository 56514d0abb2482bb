import { DuckDBTypeId, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api'
import { convertColumn } from './_convert-column.ts'
import { duckdbMessage, sqlName, withConnection } from './_duckdb.ts'
import { markMissing, missingTexts } from './_missing-texts.ts'
import {
  createVectorColumn,
  finishVectorColumn,
  readChunk,
  type VectorColumn,
  type VectorRead,
} from './_parquet-columns.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import { DataError } from './errors.ts'
import { assertReadableFile } from './node.ts'
import type { ReadOptions } from './read-options.ts'
import type { Column, Table } from './table.ts'

/** How a Parquet column (as DuckDB types it) is cast and read. */
type ColumnPlan = { readonly sql: string; readonly read: VectorRead; readonly type: Column['type'] }

/**
 * Reads a Parquet file through DuckDB, column by column from its result vectors.
 * INT8-INT64 and unsigned columns become 'integer' (an error past ±(2^53 - 1)), FLOAT, DOUBLE
 * and DECIMAL 'number', BOOLEAN 'boolean', strings 'string'; dates, times, UUIDs and enums
 * become their text. Nested columns are refused.
 */
export async function readParquet(path: string, options?: ReadOptions): Promise<Table> {
  await assertReadableFile(path)
  return withConnection(async (connection) => {
    const schema = await query(connection, 'SELECT * FROM read_parquet($1) LIMIT 0', path)
    const names = schema.columnNames()
    const selected = selectColumns(names, options, path)
    const plans = selected.map((i) => {
      const name = names[i] as string
      return planColumn(
        name,
        schema.columnTypeId(i),
        schema.columnType(i).toString(),
        options,
        path,
      )
    })
    const counted = await query(connection, 'SELECT count(*)::DOUBLE FROM read_parquet($1)', path)
    const rowCount = Number((await counted.getRows())[0]?.[0] ?? 0)
    const columns = plans.map((plan, c) =>
      createVectorColumn(names[selected[c] as number] as string, plan.read, plan.type, rowCount),
    )
    if (plans.length > 0) {
      const list = plans.map((plan) => plan.sql).join(', ')
      const sql = `SELECT ${list} FROM read_parquet($1)`
      const rows = await readRows(connection, sql, path, columns, rowCount)
      if (rows !== rowCount) {
        throw new DataError(
          `the file's metadata counts ${rowCount} rows but ${rows} were read; it is not a valid Parquet file, so write it again`,
          { file: path },
        )
      }
    }
    const missing = missingTexts(options?.missing)
    return {
      source: path,
      rowCount,
      columns: columns.map((column) => {
        const built = finishVectorColumn(column)
        const marked = missing == null ? built : markMissing(built, missing)
        const type = forcedType(options, column.name)
        return type === undefined || type === 'string'
          ? marked
          : convertColumn(marked, type, { file: path })
      }),
    }
  })
}

async function query(connection: DuckDBConnection, sql: string, path: string) {
  try {
    return await connection.run(sql, [path])
  } catch (error) {
    throw notParquet(path, error)
  }
}

/**
 * Streams the result and copies each chunk while DuckDB decodes the next one: the fetch runs
 * on a worker thread, so asking for it first overlaps decoding with copying.
 */
async function readRows(
  connection: DuckDBConnection,
  sql: string,
  path: string,
  columns: readonly VectorColumn[],
  rowCount: number,
): Promise<number> {
  let offset = 0
  try {
    const result = await connection.stream(sql, [path])
    let next: Promise<DuckDBDataChunk | null> = result.fetchChunk()
    for (;;) {
      const chunk = await next
      if (chunk == null || chunk.rowCount === 0) return offset
      next = result.fetchChunk()
      if (offset + chunk.rowCount > rowCount) {
        throw new DataError(
          'the file holds more rows than its metadata counts; it is not a valid Parquet file, so write it again',
          { file: path },
        )
      }
      readChunk(chunk, columns, offset, path)
      offset += chunk.rowCount
    }
  } catch (error) {
    if (error instanceof DataError) throw error
    throw notParquet(path, error)
  }
}

function notParquet(path: string, error: unknown): DataError {
  return new DataError(
    `is not a valid, complete Parquet file (${duckdbMessage(error)}); check that it was written completely and is Parquet, or give the format option`,
    { file: path },
    { cause: error },
  )
}

function planColumn(
  name: string,
  typeId: DuckDBTypeId,
  typeName: string,
  options: ReadOptions | undefined,
  path: string,
): ColumnPlan {
  const column = sqlName(name)
  if (forcedType(options, name) === 'string') {
    // Cast in SQL so every value keeps its exact text, int64 beyond 2^53 included.
    return { sql: `CAST(${column} AS VARCHAR)`, read: 'text', type: 'string' }
  }
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { sql: column, read: 'boolean', type: 'boolean' }
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return { sql: `CAST(${column} AS INTEGER)`, read: 'int32', type: 'integer' }
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
      return { sql: `CAST(${column} AS BIGINT)`, read: 'int64', type: 'integer' }
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      // Values within ±(2^53 - 1) are exact as doubles; the read refuses any beyond.
      return { sql: `CAST(${column} AS DOUBLE)`, read: 'wide', type: 'integer' }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.SQLNULL: // a column that is null throughout: all missing numbers
      return { sql: `CAST(${column} AS DOUBLE)`, read: 'double', type: 'number' }
    case DuckDBTypeId.VARCHAR:
      return { sql: column, read: 'text', type: 'string' }
    case DuckDBTypeId.DATE:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.TIME_NS:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.ENUM:
      return { sql: `CAST(${column} AS VARCHAR)`, read: 'text', type: 'string' }
    default:
      throw new DataError(
        `has type ${typeName}, which a table cell cannot hold (cells are numbers, booleans or strings); leave it out with the columns option`,
        { file: path, column: name },
      )
  }
}
