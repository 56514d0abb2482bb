import { statSync } from 'node:fs'
import { readRows, type CsvRows } from './_csv-rows.ts'
import { beginWindowed, finishWindowed, openCsvWindow, parseWindowed } from './_csv-window.ts'
import { readCsvInParallel, readsInParallel } from './csv-parallel.ts'
import { delimiterByte } from './csv.ts'
import { openPageToucher, openRangeFile, type PageToucher } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * Reads a CSV file into a table: the same table, and the same errors, as `parseCsv` on the
 * file's bytes. The main thread only parses: the rows of each block are parsed while libuv's
 * pool reads the next block (`_csv-window.ts`) and maps the memory of the column rows ahead
 * (`PageToucher`). Memory holds the columns and two blocks of the file, not the whole file.
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
  let pages: RowPages | null = null
  try {
    const delimiter = delimiterByte(options?.delimiter, path)
    const window = await openCsvWindow(file, blockBytes)
    const read = await beginWindowed(window, path, options, delimiter)
    const { rows } = read
    const ahead = await rowPages(rows)
    pages = ahead
    await parseWindowed(window, rows, file.size, file.size, (end) => parseTo(rows, end, ahead))
    return await finishWindowed(read, file)
  } finally {
    // Pages still being touched must be done before the arrays are handed out.
    if (pages != null) await pages.close()
    await file.close()
  }
}

/** Bytes per read: 4 MiB holds about 19,000 rows of the 34-column reference workload. */
const READ_BLOCK = 4 << 20

/** Reads the rows up to `end`, never into rows whose pages are still being touched. */
async function parseTo(rows: CsvRows, end: number, pages: RowPages | null): Promise<void> {
  for (;;) {
    readRows(rows, end, pages?.limit)
    if (rows.pos >= end || pages == null) return
    await pages.advance()
  }
}

/**
 * The rows the parser may write while libuv's pool touches the pages of the next ones. The
 * parser stays below `limit`; `advance` waits until the pages of the next `ROW_PAGES` rows are
 * touched, starts on the rows after them, and raises `limit`. No read of /dev/zero ever covers
 * a row the parser has reached, so it cannot overwrite a value.
 */
type RowPages = {
  readonly limit: number
  advance(): Promise<void>
  close(): Promise<void>
}

/** Rows per step of `RowPages`: 512 KiB of each number column. */
const ROW_PAGES = 1 << 16

async function rowPages(rows: CsvRows): Promise<RowPages> {
  // Small files and systems without /dev/zero: the parser maps its pages itself.
  const toucher: PageToucher | null = rows.capacity > 4 * ROW_PAGES ? await openPageToucher() : null
  const capacity = rows.capacity
  let touching: Promise<void> | null = null
  const touch = (from: number): void => {
    const to = Math.min(capacity, from + ROW_PAGES)
    // Arrays that grew (the row estimate was low) are new ones: leave them to the parser.
    if (toucher == null || from >= to || rows.capacity !== capacity) {
      touching = null
      return
    }
    const views: ArrayBufferView[] = [rows.rowStarts.subarray(from, to)]
    for (const column of rows.fields) {
      if (column.values != null) views.push(column.values.subarray(from, to))
    }
    touching = toucher.touch(views)
  }
  const pages = {
    // The first rows are written before any touching could finish.
    limit: toucher == null ? Infinity : ROW_PAGES,
    async advance() {
      await touching
      pages.limit = touching == null ? Infinity : pages.limit + ROW_PAGES
      touch(pages.limit)
    },
    async close() {
      await touching
      await toucher?.close()
    },
  }
  touch(ROW_PAGES)
  return pages
}
