import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'
import type { WriteParquetOptions } from './parquet-write.ts'

// Parquet goes through DuckDB, whose native library takes about a third of a second to load. It
// is loaded on first use, so a run that reads only CSV or JSONL (and every action's cold start)
// never pays for it; the bundler puts these modules in a chunk of their own.

/** Reads a Parquet file into typed columns; see parquet-read.ts. */
export async function readParquet(path: string, options?: ReadOptions): Promise<Table> {
  const { readParquet: read } = await import('./parquet-read.ts')
  return read(path, options)
}

/** Writes a table as Parquet; see parquet-write.ts. */
export async function writeParquet(
  table: Table,
  path: string,
  options?: WriteParquetOptions,
): Promise<void> {
  const { writeParquet: write } = await import('./parquet-write.ts')
  return write(table, path, options)
}
