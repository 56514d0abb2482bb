import { collectAfterRead } from './collections.ts'
import { readCsvFile, type CsvFileReading } from './csv-file.ts'
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
  const match = /\.[^./\\]+$/.exec(path)
  const format = match == null ? undefined : EXTENSIONS[match[0].toLowerCase()]
  if (format === undefined) {
    throw new DataError(
      `cannot tell the format from the file name; name it .csv, .tsv, .jsonl, .ndjson or .parquet, or give the format option ('csv', 'jsonl' or 'parquet')`,
      { file: path },
    )
  }
  return format
}

// --- internal ---

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
