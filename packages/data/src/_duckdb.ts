import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

/** One in-memory DuckDB per process: starting one costs more than a small Parquet read. */
let instance: Promise<DuckDBInstance> | undefined

/** Runs `work` on a fresh connection to the shared in-memory database and closes it after. */
export async function withConnection<T>(
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  instance ??= DuckDBInstance.create(':memory:').catch((error: unknown) => {
    instance = undefined
    throw error
  })
  const connection = await (await instance).connect()
  try {
    return await work(connection)
  } finally {
    connection.closeSync()
  }
}

/** A SQL string literal (COPY ... TO takes no parameters). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** A quoted SQL identifier. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** DuckDB's own message, first line only: the rest repeats the SQL. */
export function duckdbMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0] as string
}
