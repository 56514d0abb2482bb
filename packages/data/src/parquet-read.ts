import { DuckDBTypeId, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api'
import { duckdbMessage, sqlName, withConnection } from './_duckdb.ts'
import {
  createVectorColumn,
  finishVectorColumn,
  readChunk,
  rowRuns,
  beyondError,
  type ChunkReader,
  type VectorColumn,
  type VectorRead,
} from './_parquet-columns.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import { withReadOptions } from './_typed-options.ts'
import { youngCollection } from './collections.ts'
import { DataError } from './errors.ts'
import { assertReadableFile } from './node.ts'
import type { ReadOptions } from './read-options.ts'
import type { Column, Table } from './table.ts'

/** How a Parquet column (as DuckDB types it) is cast and read. */
type ColumnPlan = { readonly sql: string; readonly read: VectorRead; readonly type: Column['type'] }

/** DuckDB's virtual column of each row's number in the file; a real column of that name hides it. */
const ROW_NUMBER = 'file_row_number'

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
    const makeReader = (): ChunkReader => ({
      columns: plans.map((plan, c) =>
        createVectorColumn(names[selected[c] as number] as string, plan.read, plan.type, rowCount),
      ),
      file: path,
      beyond: null,
    })
    let reader: ChunkReader
    if (plans.length === 0) {
      reader = makeReader()
    } else {
      const list = plans.map((plan) => plan.sql).join(', ')
      // Chunks arrive in any order and go where their row numbers say; without row numbers
      // (a column takes the name) the file is read in order, on one thread.
      const placed = !names.some((name) => name.toLowerCase() === ROW_NUMBER)
      const sql = `SELECT ${list}${placed ? `, ${ROW_NUMBER}` : ''} FROM read_parquet($1)`
      const read = placed
        ? await readRows(connection, sql, path, makeReader, rowCount, true)
        : await withConnection((ordered) =>
            readRows(ordered, sql, path, makeReader, rowCount, false),
          )
      reader = read.reader
      if (read.rows !== rowCount) {
        throw new DataError(
          `the file's metadata counts ${rowCount} rows but ${read.rows} were read; it is not a valid Parquet file, so write it again`,
          { file: path },
        )
      }
      if (reader.beyond != null) {
        const beyond = reader.beyond
        const column = reader.columns[beyond.column] as VectorColumn
        const exact =
          column.read === 'int64' ? await integerText(path, column.name, beyond.row) : null
        throw beyondError(reader, beyond, exact)
      }
    }
    return {
      source: path,
      rowCount,
      columns: withReadOptions(reader.columns.map(finishVectorColumn), options, path),
    }
  }, false)
}

async function query(connection: DuckDBConnection, sql: string, path: string) {
  try {
    return await connection.run(sql, [path])
  } catch (error) {
    throw notParquet(path, error)
  }
}

/**
 * Streams the result and copies each chunk while DuckDB decodes the next ones: fetching runs on
 * a worker thread and decoding on DuckDB's, so asking for the next chunk first overlaps them
 * with copying. `placed` chunks end with the row-number column and go where it says; others
 * follow one another.
 */
async function readRows(
  connection: DuckDBConnection,
  sql: string,
  path: string,
  makeReader: () => ChunkReader,
  rowCount: number,
  placed: boolean,
): Promise<{ reader: ChunkReader; rows: number }> {
  const started = connection.stream(sql, [path])
  // The columns are allocated while DuckDB opens the file and decodes the first row group.
  let reader: ChunkReader
  try {
    reader = makeReader()
  } catch (error) {
    await started.catch(() => null)
    throw error
  }
  let result
  try {
    result = await started
  } catch (error) {
    throw notParquet(path, error)
  }
  let read = 0
  let next: Promise<DuckDBDataChunk | null> = result.fetchChunk()
  const collect = youngCollection()
  try {
    for (let chunks = 1; ; chunks++) {
      // Copied chunks are garbage whose native memory only their finalizers free, and V8 sees
      // none of it: ~490 chunks of ~0.5 MB for a million rows of 34 columns waited for a
      // collection, DuckDB wrote each new one into fresh pages, and the process peaked at 3.4
      // times the file. Collected every few, DuckDB reuses their memory. Measured on the
      // reference workload's 151 MB file (Node 24, fresh processes): DuckDB's part alone
      // 0.53–0.77 s against 1.46–1.69 s; `readTable` 1.09–1.67 s against 1.80–2.21 s, peak
      // 464–492 MiB against 614–632.
      if (collect != null && chunks % CHUNKS_PER_COLLECTION === 0) collect()
      const chunk = await next
      const rows = chunk == null ? 0 : chunk.rowCount
      if (chunk == null || rows === 0) return { reader, rows: read }
      next = result.fetchChunk()
      if (read + rows > rowCount) {
        throw new DataError(
          'the file holds more rows than its metadata counts; it is not a valid Parquet file, so write it again',
          { file: path },
        )
      }
      const runs = placed
        ? rowRuns(chunk, reader.columns.length, rows, rowCount, path)
        : [0, rows, read]
      readChunk(chunk, rows, reader, runs)
      read += rows
    }
  } catch (error) {
    // The connection closes after this; let a fetch still running on it finish first.
    await next.catch(() => null)
    if (error instanceof DataError) throw error
    throw notParquet(path, error)
  }
}

/** Chunks (2,048 rows each) read between minor collections: 16 hold 8–9 MB of 34 columns. */
const CHUNKS_PER_COLLECTION = 16

/** The digits of one integer cell, for the message that refuses it (the file is read in order). */
async function integerText(path: string, name: string, row: number): Promise<string | null> {
  return withConnection(async (connection) => {
    const sql = `SELECT CAST(${sqlName(name)} AS VARCHAR) FROM read_parquet($1) LIMIT 1 OFFSET ${row}`
    const rows = await (await query(connection, sql, path)).getRows()
    const text = rows[0]?.[0]
    return typeof text === 'string' ? text : null
  })
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
      // As doubles, converted on DuckDB's threads; `integerText` gives a refused value's digits.
      return { sql: `CAST(${column} AS DOUBLE)`, read: 'int64', type: 'integer' }
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
