import type { ScanProgress } from './csv-scan.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'
import type { WriteParquetOptions } from './parquet-write.ts'
import type { ScanParquetOptions } from './parquet-scan.ts'

// Parquet is decoded by mlgate's own decoder where it can (parquet-decode.ts), and otherwise
// read through DuckDB, whose native library takes about a third of a second to load. Both are
// loaded on first use, so a run that reads only CSV or JSONL (and every action's cold start)
// never pays for them; the bundler puts these modules in chunks of their own.

/** Reads a Parquet file into typed columns; see parquet-decode.ts and parquet-read.ts. */
export async function readParquet(path: string, options?: ReadOptions): Promise<Table> {
  const { decodeParquet } = await import('./parquet-decode.ts')
  const decoded = await decodeParquet(path, options)
  if (typeof decoded !== 'string') return decoded
  const { readParquet: read } = await import('./parquet-read.ts')
  return read(path, options)
}

/** Reads a Parquet file row group by row group, keeping some columns whole; see parquet-scan.ts. */
export async function scanParquet(
  path: string,
  keep: readonly string[],
  each: (chunk: Table, progress: ScanProgress) => Promise<void | false>,
  options?: ScanParquetOptions,
): Promise<Table | undefined> {
  const { scanParquet: scan } = await import('./parquet-scan.ts')
  return scan(path, keep, each, options)
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
