import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { countByte } from './_count-byte.ts'
import { LF } from './_csv-field.ts'
import { appendCsvRange, fieldSpecs, type CsvRangeJob, type CsvRangePart } from './_csv-range.ts'
import { estimateRows, headerRecordEnd, lastRecordEnd } from './_csv-records.ts'
import { parseAsRead } from './_csv-blocks.ts'
import { readRows } from './_csv-rows.ts'
import { beginCsv, delimiterByte, finishCsv } from './csv.ts'
import { openSharedFile } from './node-file-blocks.ts'
import type { ReadOptions } from './read-options.ts'
import type { Table } from './table.ts'
import { workerScript } from './worker-script.ts'

/**
 * Files from this size on are read on two threads. The second thread costs about 0.1 s of CPU
 * to start (loading and compiling its code); on the 216 MB reference workload two threads took
 * 1.25 s against 1.5 s for one (medians, 2-core machine), the memory writes of the columns and
 * the page faults of fresh buffers being shared by both cores. Below some 30 MB it saves nothing.
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
 * Whether a CSV file of `size` bytes is read on two threads: large enough, two cores or more,
 * and MLGATE_THREADS (the thread count every mlgate step honours) not set to 1.
 */
export function readsInParallel(
  size: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
  above = PARALLEL_ABOVE_BYTES,
): boolean {
  const threads = Number(env['MLGATE_THREADS']?.trim() || availableParallelism())
  return size >= above && threads >= 2
}

/**
 * Reads a CSV file on two threads into the table `readCsvFile` gives. The file goes into memory
 * both threads share: the main thread reads the header and the first half, a worker thread the
 * second half from the first line break past the middle, each parsing its blocks as they come
 * in. Then the worker's rows are appended (`appendCsvRange`). When the first half's last record
 * runs past that line break (a quoted line break there), when the worker fails (bad input: the
 * main thread then meets the same error, with its line number), or when the halves' columns
 * cannot be joined exactly, the main thread reads the second half itself: same table, slower.
 * Resolves to undefined, having read nothing, when there is no worker code. `blockBytes` is the
 * size of each read (smaller in tests, to split small files).
 */
export async function readCsvInParallel(
  path: string,
  options?: ReadOptions,
  blockBytes = READ_BLOCK,
): Promise<Table | undefined> {
  const script = await workerScript('csv-worker.js', csvWorkerSource, import.meta.url)
  if (script === undefined) return undefined
  const delimiter = delimiterByte(options?.delimiter, path)
  const file = await openSharedFile(path)
  const worker = new Worker(script)
  const reply = new Promise<CsvRangeReply>((resolve) => {
    worker.once('message', resolve)
    worker.once('error', (error) => resolve({ error: error.message, input: false }))
    worker.once('exit', (code) =>
      resolve({ error: `it stopped with exit code ${code}`, input: false }),
    )
  })
  try {
    const { bytes, size } = file
    const sample = Math.min(size, blockBytes)
    await file.read(0, sample)
    // Every record ends with a LF, so that the row loop never checks for the end of the input; a
    // LF after one that ends the file makes a blank line, which the row loop skips.
    bytes[size] = LF
    const header = headerRecordEnd(bytes.subarray(0, sample), delimiter)
    if (header < 0) {
      // A header longer than a block (hardly a real file): one thread, once all is in.
      await file.read(sample, size)
      const read = beginCsv(bytes, path, options, delimiter, (start) => countByte(bytes, start, LF))
      readRows(read.rows, bytes.length)
      return finishCsv(read)
    }
    const read = beginCsv(bytes, path, options, delimiter, (start) =>
      estimateRows(bytes, start, sample, size, delimiter),
    )
    const { rows } = read
    const middle = Math.max(sample, Math.floor((rows.pos + size) / 2))
    // The worker starts at the first line break from the middle on; the main thread stops there.
    const probeEnd = Math.min(size, middle + blockBytes)
    await file.read(middle, probeEnd)
    const split = bytes.indexOf(LF, middle) + 1
    if (split <= rows.pos || split > probeEnd) {
      // The header runs past the middle, or a record longer than a block: one thread.
      await file.read(sample, size)
      readRows(rows, bytes.length)
      return finishCsv(read)
    }
    const job: CsvRangeJob = {
      file: path,
      bytes,
      start: split,
      end: bytes.length,
      readFrom: probeEnd,
      blockBytes,
      delimiter,
      fields: fieldSpecs(rows.fields),
      missing: options?.missing,
      // The worker's share of the rows the main thread made room for.
      capacity:
        Math.ceil((rows.capacity * (bytes.length - split)) / (bytes.length - rows.pos)) + 1024,
    }
    worker.postMessage(job)
    // Each thread reads its own half, and parses it as its blocks come in.
    await parseAsRead(rows, file, sample, middle, split, blockBytes)
    // The rest of the first half, up to the split, as far as the bytes read so far hold records.
    const last = lastRecordEnd(bytes.subarray(rows.pos, probeEnd), delimiter)
    if (last >= 0) readRows(rows, Math.min(rows.pos + last + 1, split))
    const answer = await reply
    if ('error' in answer && !answer.input) threadFailed(path, answer.error)
    // Appended only when the first half ended exactly where the worker began.
    if (rows.pos === split && 'part' in answer && appendCsvRange(rows, answer.part)) {
      return finishCsv(read)
    }
    // Otherwise the main thread reads on from where it stopped, once all the bytes are in.
    await worker.terminate()
    await file.read(probeEnd, size)
    readRows(rows, bytes.length)
    return finishCsv(read)
  } finally {
    await worker.terminate()
    await file.close()
  }
}

// --- internal ---

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
