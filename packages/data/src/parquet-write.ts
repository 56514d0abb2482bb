import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api'
import bindings from '@duckdb/node-bindings'
import { duckdbMessage, sqlName, sqlString, withConnection } from './_duckdb.ts'
import { DataError } from './errors.ts'
import type { Column, NumberColumn, StringColumn, Table } from './table.ts'

export type WriteParquetOptions = {
  /** Rows per row group; default DuckDB's 122,880. Small values make multi-group fixtures. */
  rowGroupSize?: number
}

/** Rows per appended chunk: DuckDB's standard vector size. */
const CHUNK_ROWS = 2048

let tableCounter = 0

/**
 * Writes a table as Parquet through DuckDB: 'integer' columns as INT64, 'number' as DOUBLE,
 * 'boolean' as BOOLEAN, 'string' as UTF-8 strings; missing cells as nulls (a NaN that is not
 * missing stays NaN).
 */
export async function writeParquet(
  table: Table,
  path: string,
  options?: WriteParquetOptions,
): Promise<void> {
  if (table.columns.length === 0) {
    throw new DataError('a Parquet file needs at least one column; this table has none', {
      file: path,
    })
  }
  const rowGroupSize = options?.rowGroupSize
  if (rowGroupSize !== undefined && !(Number.isInteger(rowGroupSize) && rowGroupSize > 0)) {
    throw new DataError(`rowGroupSize must be a positive whole number, not ${rowGroupSize}`, {
      file: path,
    })
  }
  if (rowGroupSize !== undefined && Math.ceil(table.rowCount / rowGroupSize) > MAX_ROW_GROUPS) {
    throw new DataError(
      `rowGroupSize ${rowGroupSize} would make more than ${MAX_ROW_GROUPS} row groups of ${table.rowCount} rows; choose at least ${Math.ceil(table.rowCount / MAX_ROW_GROUPS)}`,
      { file: path },
    )
  }
  checkIntegers(table)
  await withConnection(async (connection) => {
    const name = `mlgate_write_${process.pid}_${tableCounter++}`
    const columns = table.columns.map((column) => `${sqlName(column.name)} ${sqlType(column)}`)
    await connection.run(`CREATE TABLE ${name} (${columns.join(', ')})`)
    try {
      await appendRows(connection, name, table)
      const groups = rowGroupSize === undefined ? '' : `, ROW_GROUP_SIZE ${rowGroupSize}`
      const source = rowGroupSlices(name, table.rowCount, rowGroupSize)
      await connection.run(`COPY ${source} TO ${sqlString(path)} (FORMAT parquet${groups})`)
    } catch (error) {
      throw new DataError(
        `could not write Parquet (${duckdbMessage(error)}); check that the folder exists and is writable`,
        { file: path },
        { cause: error },
      )
    } finally {
      await connection.run(`DROP TABLE ${name}`)
    }
  })
}

/** More row groups than this would make the slicing query below unreasonably long. */
const MAX_ROW_GROUPS = 1000

/**
 * What COPY reads. DuckDB closes a row group only between the chunks it is fed (2048 rows
 * from a table scan), so a smaller row group size needs a source whose chunks end where the
 * groups should: a UNION ALL of row-id slices, which keeps the row order.
 */
function rowGroupSlices(name: string, rowCount: number, size: number | undefined): string {
  if (size === undefined || size >= rowCount) return name
  const slices: string[] = []
  for (let start = 0; start < rowCount; start += size) {
    slices.push(`SELECT * FROM ${name} WHERE rowid >= ${start} AND rowid < ${start + size}`)
  }
  return `(${slices.join(' UNION ALL ')})`
}

/** INT64 cells must be whole numbers a double holds exactly. */
function checkIntegers(table: Table): void {
  for (const column of table.columns) {
    if (column.type !== 'integer') continue
    column.values.forEach((value, row) => {
      if (column.missing?.[row] === 1 || Number.isSafeInteger(value)) return
      throw new DataError(
        `the column is typed "integer" but holds ${value}; an INT64 cell must be a whole number within ±(2^53 - 1), so type the column "number"`,
        { file: table.source, row, column: column.name },
      )
    })
  }
}

function sqlType(column: Column): string {
  return column.type === 'integer'
    ? 'BIGINT'
    : column.type === 'number'
      ? 'DOUBLE'
      : column.type === 'boolean'
        ? 'BOOLEAN'
        : 'VARCHAR'
}

function duckType(column: Column): DuckDBType {
  return column.type === 'integer'
    ? BIGINT
    : column.type === 'number'
      ? DOUBLE
      : column.type === 'boolean'
        ? BOOLEAN
        : VARCHAR
}

const TWO_32 = 4294967296

async function appendRows(connection: DuckDBConnection, name: string, table: Table): Promise<void> {
  const appender = await connection.createAppender(name)
  const types = table.columns.map(duckType)
  const encoder = new TextEncoder()
  const dictionaries = table.columns.map((column) =>
    column.type === 'string' ? column.dictionary.map((text) => encoder.encode(text)) : [],
  )
  for (let start = 0; start < table.rowCount; start += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, table.rowCount - start)
    const chunk = DuckDBDataChunk.create(types, rows)
    table.columns.forEach((column, c) => {
      const vector = bindings.data_chunk_get_vector(chunk.chunk, c)
      if (column.type === 'string') {
        fillText(vector, column, dictionaries[c] as Uint8Array[], start, rows)
      } else {
        fillNumbers(vector, column, start, rows)
      }
    })
    appender.appendDataChunk(chunk)
  }
  appender.closeSync()
}

type Vector = ReturnType<typeof bindings.data_chunk_get_vector>

function fillNumbers(vector: Vector, column: NumberColumn, start: number, rows: number): void {
  const values = column.values.subarray(start, start + rows)
  if (column.type === 'number') {
    // DuckDB's addon copies from an ArrayBuffer only: a column in shared memory (read by
    // several threads) goes through a copy of this chunk's rows.
    const own = values.buffer instanceof ArrayBuffer ? values : values.slice()
    bindings.copy_data_to_vector(vector, 0, own.buffer as ArrayBuffer, own.byteOffset, rows * 8)
  } else if (column.type === 'boolean') {
    const data = Uint8Array.from(values, (value) => (value === 1 ? 1 : 0))
    bindings.copy_data_to_vector(vector, 0, data.buffer, 0, rows)
  } else {
    // Little-endian int64 as two int32 words: no BigInt per value.
    const words = new Int32Array(rows * 2)
    for (let i = 0; i < rows; i++) {
      const value = values[i] as number
      if (!Number.isSafeInteger(value)) continue // missing (NaN) or refused below
      const high = Math.floor(value / TWO_32)
      words[2 * i] = value - high * TWO_32
      words[2 * i + 1] = high
    }
    bindings.copy_data_to_vector(vector, 0, words.buffer, 0, rows * 8)
  }
  const missing = column.missing?.subarray(start, start + rows)
  if (missing !== undefined) setValidity(vector, (i) => missing[i] !== 1, rows)
}

function fillText(
  vector: Vector,
  column: StringColumn,
  encoded: readonly Uint8Array[],
  start: number,
  rows: number,
): void {
  let anyMissing = false
  for (let i = 0; i < rows; i++) {
    const code = column.codes[start + i] as number
    if (code < 0) anyMissing = true
    else bindings.vector_assign_string_element_len(vector, i, encoded[code] as Uint8Array)
  }
  if (anyMissing) setValidity(vector, (i) => (column.codes[start + i] as number) >= 0, rows)
}

function setValidity(vector: Vector, valid: (row: number) => boolean, rows: number): void {
  const mask = new Uint8Array(((rows + 63) >> 6) * 8)
  for (let i = 0; i < rows; i++) if (valid(i)) mask[i >> 3]! |= 1 << (i & 7)
  bindings.vector_ensure_validity_writable(vector)
  bindings.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.length)
}
