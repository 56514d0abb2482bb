import { statSync } from 'node:fs'
import { countByte } from './_count-byte.ts'
import { LF } from './_csv-field.ts'
import { estimateRows, headerRecordEnd, lastRecordEnd } from './_csv-records.ts'
import { readRows, replaceBytes, type CsvRows } from './_csv-rows.ts'
import { readCsvInParallel, readsInParallel } from './csv-parallel.ts'
import { beginCsv, delimiterByte, finishCsv, type CsvRead } from './csv.ts'
import { openFileBlocks, openPageToucher, type PageToucher } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'

/**
 * Reads a CSV file into a table: the same table, and the same errors, as `parseCsv` on the
 * file's bytes. The main thread only parses: the rows of each block are parsed while libuv's
 * pool reads the next block and maps the memory of the column rows ahead (`PageToucher`).
 */
export async function readCsvFile(path: string, options?: ReadOptions): Promise<Table> {
  // A file that cannot be read fails below, with the errors every reader gives.
  if (readsInParallel(statSync(path, { throwIfNoEntry: false })?.size ?? 0)) {
    const table = await readCsvInParallel(path, options)
    if (table !== undefined) return table
  }
  const file = await openFileBlocks(path)
  let pending: Promise<number> | null = null
  let pages: RowPages | null = null
  try {
    const delimiter = delimiterByte(options?.delimiter, path)
    const { bytes } = file
    let filled = await file.next()
    let read: CsvRead | null = null
    while (filled < file.size) {
      pending = file.next()
      if (read == null && headerRecordEnd(bytes.subarray(0, filled), delimiter) >= 0) {
        const sample = filled
        read = beginCsv(bytes, path, options, delimiter, (start) =>
          estimateRows(bytes, start, sample, file.size, delimiter),
        )
        pages = await rowPages(read.rows)
      }
      if (read != null) {
        const { rows } = read
        const end = lastRecordEnd(bytes.subarray(rows.pos, filled), delimiter)
        if (end >= 0) await parseTo(rows, rows.pos + end + 1, pages)
      }
      filled = await pending
      pending = null
    }
    // Everything is in: the rest, with a LF after the last record if it has none.
    let data = bytes.subarray(0, file.size)
    if (file.size === 0 || bytes[file.size - 1] !== LF) {
      bytes[file.size] = LF
      data = bytes.subarray(0, file.size + 1)
    }
    if (read == null) {
      read = beginCsv(data, path, options, delimiter, (start) => countByte(data, start, LF))
      readRows(read.rows, data.length)
    } else {
      replaceBytes(read.rows, data)
      await parseTo(read.rows, data.length, pages)
    }
    return finishCsv(read)
  } finally {
    // An error while a block is read or pages are touched must not close a file under the read.
    if (pending != null) await pending.catch(() => 0)
    if (pages != null) await pages.close()
    await file.close()
  }
}

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
