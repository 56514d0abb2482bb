import { statSync } from 'node:fs'
import { collectAfterRead } from './collections.ts'
import { readCsvFile, type CsvFileReading } from './csv-file.ts'
import { PARALLEL_ABOVE_BYTES } from './csv-parallel.ts'
import { DataError } from './errors.ts'
import { parseJsonl } from './jsonl.ts'
import { readBytes } from './node.ts'
import { readParquet } from './parquet.ts'
import type { ReadOptions, TableFormat } from './read-options.ts'
import type { Table } from './table.ts'

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
}

/**
 * Reads a CSV, JSONL or Parquet file, choosing the reader from `options.format` or the extension.
 * `csv`: how a CSV file is read (`readCsvFile`), such as with a thread that may read part of it.
 */
export async function readTable(
  path: string,
  options?: ReadOptions,
  csv?: CsvFileReading,
): Promise<Table> {
  const table = await readFormat(path, options, csv)
  collectAfterRead(table.rowCount * table.columns.length)
  return table
}

/** The format an extension stands for; a DataError for any other file name. */
export function formatFromPath(path: string): TableFormat {
  const format = extensionFormat(path)
  if (format === undefined) {
    throw new DataError(
      `cannot tell the format from the file name; name it .csv, .tsv, .jsonl, .ndjson or .parquet, or give the format option ('csv', 'jsonl' or 'parquet')`,
      { file: path },
    )
  }
  return format
}

/**
 * Whether `readTable(path, options, { helper, parallelAboveBytes: above })` gives the helper part
 * of the file to read: a CSV file of at least `above` bytes (`PARALLEL_ABOVE_BYTES` when omitted).
 */
export function readsWithHelper(
  path: string,
  options?: ReadOptions,
  above: number = PARALLEL_ABOVE_BYTES,
): boolean {
  if ((options?.format ?? extensionFormat(path)) !== 'csv') return false
  return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) >= above
}

// --- internal ---

function extensionFormat(path: string): TableFormat | undefined {
  const match = /\.[^./\\]+$/.exec(path)
  return match == null ? undefined : EXTENSIONS[match[0].toLowerCase()]
}

async function readFormat(
  path: string,
  options: ReadOptions | undefined,
  csv: CsvFileReading | undefined,
): Promise<Table> {
  const format = options?.format ?? formatFromPath(path)
  if (format === 'parquet') return readParquet(path, options)
  // CSV is parsed block by block while the file is read; JSONL from the whole file's bytes.
  if (format === 'csv') return readCsvFile(path, options, csv)
  return parseJsonl(await readBytes(path), path, options)
}
