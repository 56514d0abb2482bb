import { statSync } from 'node:fs'
import { beginWindowed, finishWindowed, openCsvWindow, parseWindowed } from './_csv-window.ts'
import {
  PARALLEL_ABOVE_BYTES,
  readCsvInParallel,
  readsInParallel,
  type CsvRangeHelper,
} from './csv-parallel.ts'
import { delimiterByte } from './csv.ts'
import { openRangeFile } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * How `readCsvFile` reads a file: its block size, and another thread that may read part of a
 * large one (`readCsvInParallel`).
 */
export type CsvFileReading = {
  /** Bytes per read (smaller in tests, to cut small files into many blocks). */
  readonly blockBytes?: number | undefined
  /** A thread that reads the last part of the file once it is free. */
  readonly helper?: CsvRangeHelper | undefined
  /** Files from this size on are read on two threads: `PARALLEL_ABOVE_BYTES` when omitted. */
  readonly parallelAboveBytes?: number | undefined
}

/**
 * Reads a CSV file into a table: the same table, and the same errors, as `parseCsv` on the
 * file's bytes. The main thread only parses: the rows of each block are parsed while libuv's
 * pool reads the next block (`_csv-window.ts`). Memory holds the columns and two blocks of the
 * file, not the whole file. A large file is read on two threads (`readCsvInParallel`): with a
 * `helper`, the second is that thread, once it is free; otherwise the reader's own, when two
 * cores are free.
 */
export async function readCsvFile(
  path: string,
  options?: ReadOptions,
  reading: CsvFileReading = {},
): Promise<Table> {
  const { blockBytes = READ_BLOCK, helper, parallelAboveBytes } = reading
  // A file that cannot be read fails below, with the errors every reader gives.
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0
  const above = parallelAboveBytes ?? PARALLEL_ABOVE_BYTES
  if (helper ? size >= above : readsInParallel(size, process.env, above)) {
    const table = await readCsvInParallel(path, options, blockBytes, helper)
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
