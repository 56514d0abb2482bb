import { Worker } from 'node:worker_threads'
import { countByte } from './_count-byte.ts'
import { LF, QUOTE } from './_csv-field.ts'
import { freeCores } from './busy-cores.ts'
import {
  appendCsvRange,
  fieldSpecs,
  sharedRows,
  type CsvRangeJob,
  type CsvRangePart,
} from './_csv-range.ts'
import { readRows } from './_csv-rows.ts'
import { beginWindowed, finishWindowed, openCsvWindow, parseWindowed } from './_csv-window.ts'
import { delimiterByte } from './csv.ts'
import { openRangeFile, type RangeFile } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'
import { workerScript } from './worker-script.ts'

/**
 * Files from this size on are read on two threads. The second thread costs about 0.1 s of CPU
 * to start (loading and compiling its code); on the 216 MB reference workload two threads took
 * 1.27 s against 1.69 s for one (medians of 6 fresh processes, 2-core machine). Below some 30 MB
 * it saves nothing.
 */
export const PARALLEL_ABOVE_BYTES = 32 * 1024 * 1024

/**
 * What the second thread posts back: its rows, or why it could not read them. `input` is true
 * when the input is at fault (the main thread then meets the same error, with its line number),
 * false when the thread itself failed (its code did not load, it ran out of memory).
 */
export type CsvRangeReply =
  { readonly part: CsvRangePart } | { readonly error: string; readonly input: boolean }

/**
 * Whether a CSV file of `size` bytes is read on two threads: large enough, and two cores free
 * (`freeCores`: MLGATE_THREADS, the thread count every mlgate step honours, when set, else the
 * machine's, less those other work of the process holds).
 */
export function readsInParallel(
  size: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
  above = PARALLEL_ABOVE_BYTES,
): boolean {
  return size >= above && freeCores(env) >= 2
}

/**
 * A thread that reads a byte range of a CSV file for the reader (`CsvRangeJob`): the reader's own
 * second thread, or a worker of the process that has other work (the drift gate's, which loads a
 * profile before or after and compares the data once read).
 */
export type CsvRangeHelper = {
  /** Whether the thread is free now; the reader asks before each block it reads. */
  ready(): boolean
  /** The range's rows, or why they could not be read. */
  read(job: CsvRangeJob): Promise<CsvRangeReply>
  /** The part of what is left to read that the helper reads once free, from the end. */
  readonly share: number
  /**
   * Whether the main thread counts the records before the split first, so that the helper writes
   * its rows in place, into the columns' shared memory (`CsvRangeJob.at`): worth it for the
   * reader's own thread, which the main thread would wait for to start anyway. Else its rows come
   * in arrays of its own, copied into the columns at the end.
   */
  readonly countFirst: boolean
}

/**
 * Reads a CSV file on two threads into the table `readCsvFile` gives. The main thread reads the
 * header and the blocks after it until `helper` is free (its own second thread, started here,
 * at once), then splits the rest: the helper reads its `share` of what is left (half for the
 * reader's own thread), from the first line break at that point to the end, and the main thread
 * up to there, each through a window of its own (`_csv-window.ts`), parsing each block as it
 * comes in. Then the helper's rows are appended (`appendCsvRange`): its number columns are
 * already in place when the main thread's records up to the split could be counted (no quote, no
 * blank line among them), since it wrote them into the main thread's columns (shared memory)
 * from that row on. When the main thread's last record runs past the split (a quoted line break
 * there), when the helper fails (bad input: the main thread then meets the same error, with its
 * line number), or when the parts' columns cannot be joined exactly, the main thread reads the
 * rest itself: same table, slower. Resolves to undefined, having read nothing, when there is no
 * helper and no worker code. `blockBytes` is the size of each read (smaller in tests, to split
 * small files).
 */
export async function readCsvInParallel(
  path: string,
  options?: ReadOptions,
  blockBytes = READ_BLOCK,
  helper?: CsvRangeHelper,
): Promise<Table | undefined> {
  const own = helper === undefined ? await csvWorker() : undefined
  const reader = helper ?? own
  if (reader === undefined) return undefined
  const delimiter = delimiterByte(options?.delimiter, path)
  const file = await openRangeFile(path)
  try {
    const { size } = file
    const window = await openCsvWindow(file, blockBytes)
    // Number columns in shared memory: the helper writes its rows into them in place.
    const read = await beginWindowed(window, path, options, delimiter, true)
    const { rows } = read
    // Alone until the helper is free: each round parses the records held and reads the next
    // block (its stop lies a byte past what is held).
    while (!reader.ready() && window.end < size) {
      await parseWindowed(window, rows, window.end + 1, size)
    }
    const from = rows.base + rows.pos
    // With the last block held, what is left is read alone.
    const split =
      window.end < size
        ? await splitAfter(file, Math.floor(from + (size - from) * (1 - reader.share)), blockBytes)
        : -1
    if (split <= from) {
      // Nothing much left, the header runs past the middle, or a record longer than a block.
      await parseWindowed(window, rows, size, size)
      return await finishWindowed(read, file)
    }
    // The records up to the split, counted while the helper starts: the row its rows begin at.
    const counted = reader.countFirst ? await countRecords(file, from, split, blockBytes) : -1
    const at =
      counted >= 0 && rows.rowCount + counted <= rows.capacity ? rows.rowCount + counted : -1
    const left = rows.capacity - rows.rowCount
    const job: CsvRangeJob = {
      file: path,
      size,
      start: split,
      blockBytes,
      delimiter,
      fields: fieldSpecs(rows.fields),
      missing: options?.missing,
      // In place, the rest of the rows the main thread made room for; else the helper's share.
      capacity:
        at >= 0 ? rows.capacity - at : Math.ceil((left * (size - split)) / (size - from)) + 1024,
      at,
      shared: rows.fields.map((f) => sharedRows(f.values)),
      keyed: rows.fields.map((f) => (f.keys ?? f.keyRoom) != null),
      sharedKeys: rows.fields.map((f) => sharedRows(f.keys ?? f.keyRoom)),
    }
    const reply = reader.read(job)
    // Up to the split, read a block past it so that a record running past it is whole, and
    // never past the row where the helper writes its own.
    const limit = at >= 0 ? at : Infinity
    await parseWindowed(window, rows, split, Math.min(size, split + blockBytes), (end) =>
      readRows(rows, end, limit),
    )
    const answer = await reply
    if ('error' in answer && !answer.input) threadFailed(path, answer.error)
    // Appended only when the main thread's rows ended exactly where the helper's began.
    const ended = rows.base + rows.pos === split
    if (ended && 'part' in answer && appendCsvRange(rows, answer.part)) {
      return await finishWindowed(read, file)
    }
    // Otherwise the main thread reads on from where it stopped (over the rows the helper wrote
    // in place: it has finished).
    await parseWindowed(window, rows, size, size)
    return await finishWindowed(read, file)
  } finally {
    await own?.close()
    await file.close()
  }
}

/**
 * The records in file bytes [from, to) (`from` where a record starts, `to` just past a LF), or
 * -1 when their line feeds do not count them: a quote among them (a quoted field may hold line
 * feeds) or a blank line (the row loop skips it). Reads the bytes in blocks of its own; about
 * 40 ms for the first half of the 216 MB reference file, while the worker loads its code.
 */
export async function countRecords(
  file: RangeFile,
  from: number,
  to: number,
  blockBytes: number,
): Promise<number> {
  // From the LF before `from`, so that a blank line right at `from` shows as LF LF.
  const start = Math.max(0, from - 1)
  const buffer = Buffer.allocUnsafe(Math.min(blockBytes, Math.max(0, to - start)) + 2)
  let records = 0
  // The last two bytes of a block stay in front of the next, for a blank line across them.
  let kept = 0
  for (let at = start; at < to;) {
    const length = Math.min(blockBytes, to - at)
    await file.read(buffer, kept, length, at)
    const bytes = buffer.subarray(0, kept + length)
    if (bytes.includes(QUOTE) || bytes.includes(BLANK_LF) || bytes.includes(BLANK_CRLF)) return -1
    records += countByte(bytes, kept + (at === start && start < from ? 1 : 0), LF)
    const next = Math.min(2, bytes.length)
    bytes.copy(buffer, 0, bytes.length - next)
    kept = next
    at += length
  }
  return records
}

/**
 * File offset just past the first LF at or after `middle` (where the worker starts), or -1 when
 * there is none within a block.
 */
export async function splitAfter(
  file: RangeFile,
  middle: number,
  blockBytes: number,
): Promise<number> {
  const probe = new Uint8Array(Math.max(0, Math.min(blockBytes, file.size - middle)))
  await file.read(probe, 0, probe.length, middle)
  const lf = probe.indexOf(LF)
  return lf < 0 ? -1 : middle + lf + 1
}

// --- internal ---

const BLANK_LF = Buffer.from('\n\n')
const BLANK_CRLF = Buffer.from('\n\r\n')

/** The reader's own second thread, free at once; undefined when there is no worker code. */
async function csvWorker(): Promise<(CsvRangeHelper & { close(): Promise<void> }) | undefined> {
  const script = await workerScript('csv-worker.js', csvWorkerSource, import.meta.url)
  if (script === undefined) return undefined
  const worker = new Worker(script)
  const reply = new Promise<CsvRangeReply>((resolve) => {
    worker.once('message', resolve)
    worker.once('error', (error) => resolve({ error: error.message, input: false }))
    worker.once('exit', (code) =>
      resolve({ error: `it stopped with exit code ${code}`, input: false }),
    )
  })
  return {
    ready: () => true,
    share: 1 / 2,
    countFirst: true,
    read(job) {
      worker.postMessage(job)
      return reply
    },
    close: () => worker.terminate().then(() => undefined),
  }
}

/**
 * A second thread that fails on its own (not on the input) is a fault of the installation, such
 * as a bundle without dist/csv-worker.js beside it: the table is still right, read on one thread,
 * but the user should hear why the read is slower than it should be.
 */
function threadFailed(path: string, error: string): void {
  process.emitWarning(
    `the CSV reader's second thread failed (${error}), so ${path} was read on one thread: the same table, more slowly. Reinstall mlgate, or set MLGATE_THREADS=1 to read on one thread without this warning.`,
    { code: 'MLGATE_CSV_THREAD' },
  )
}

/** Bytes per read; the first holds the header (and the rows that estimate the row count). */
const READ_BLOCK = 4 << 20

const csvWorkerSource = new URL('./csv-worker.ts', import.meta.url)
