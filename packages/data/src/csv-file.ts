import { statSync } from 'node:fs'
import { beginWindowed, finishWindowed, openCsvWindow, parseWindowed } from './_csv-window.ts'
import { readCsvInParallel, readsInParallel } from './csv-parallel.ts'
import { delimiterByte } from './csv.ts'
import { openRangeFile } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * Reads a CSV file into a table: the same table, and the same errors, as `parseCsv` on the
 * file's bytes. The main thread only parses: the rows of each block are parsed while libuv's
 * pool reads the next block (`_csv-window.ts`). Memory holds the columns and two blocks of the
 * file, not the whole file.
 * `blockBytes` is the size of each read (smaller in tests, to cut small files into many blocks).
 */
export async function readCsvFile(
  path: string,
  options?: ReadOptions,
  blockBytes = READ_BLOCK,
): Promise<Table> {
  // A file that cannot be read fails below, with the errors every reader gives.
  if (readsInParallel(statSync(path, { throwIfNoEntry: false })?.size ?? 0)) {
    const table = await readCsvInParallel(path, options)
    if (table !== undefined) return table
  }
  const file = await openRangeFile(path)
  try {
    const delimiter = delimiterByte(options?.delimiter, path)
    const window = await openCsvWindow(file, blockBytes)
    const read = await beginWindowed(window, path, options, delimiter)
    await parseWindowed(window, read.rows, file.size, file.size)
    return await finishWindowed(read, file)
  } finally {
    await file.close()
  }
}

/** Bytes per read: 4 MiB holds about 19,000 rows of the 34-column reference workload. */
const READ_BLOCK = 4 << 20
