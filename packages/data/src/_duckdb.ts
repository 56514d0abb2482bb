import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { threadsSetting } from './busy-cores.ts'

/**
 * In-memory DuckDBs, one per process and kind, each started on first use: starting one costs more
 * than a small Parquet read. Writing needs the kind that keeps row order (its COPY relies on
 * it); reading uses one that does not, because DuckDB streams an order-keeping result on a single
 * thread, while the reader puts each chunk in place by its row numbers.
 */
const instances = new Map<boolean, Promise<DuckDBInstance>>()

/**
 * Runs `work` on a fresh connection to one of the shared in-memory databases and closes it
 * after. `keepOrder: false` picks the one whose results may come in any order.
 */
export async function withConnection<T>(
  work: (connection: DuckDBConnection) => Promise<T>,
  keepOrder = true,
): Promise<T> {
  let instance = instances.get(keepOrder)
  if (instance === undefined) {
    instance = DuckDBInstance.create(':memory:', duckdbOptions(keepOrder)).catch(
      (error: unknown) => {
        instances.delete(keepOrder)
        throw error
      },
    )
    instances.set(keepOrder, instance)
  }
  const connection = await (await instance).connect()
  try {
    return await work(connection)
  } finally {
    connection.closeSync()
  }
}

/**
 * DuckDB's settings for one kind of database. DuckDB starts a thread per core by default;
 * MLGATE_THREADS, the thread count every mlgate step honours, sets it when it is a whole number.
 */
export function duckdbOptions(
  keepOrder: boolean,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const options: Record<string, string> = keepOrder ? {} : { preserve_insertion_order: 'false' }
  const threads = threadsSetting(env)
  if (threads !== undefined) options['threads'] = String(threads)
  return options
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
