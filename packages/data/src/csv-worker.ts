/**
 * The CSV reader's second thread: reads the second half of a file into the memory it shares with
 * the main thread, parses its rows as they come in (`csv-parallel.ts`), and posts them back,
 * their arrays transferred. scripts/build.mjs bundles it as dist/csv-worker.js beside the CLI and
 * the actions; from source it is bundled on demand (`worker-script.ts`).
 */
import { parentPort } from 'node:worker_threads'
import { parseAsRead } from './_csv-blocks.ts'
import { csvRangePart, csvRangeRows, partBuffers, type CsvRangeJob } from './_csv-range.ts'
import { readRows } from './_csv-rows.ts'
import type { CsvRangeReply } from './csv-parallel.ts'
import { DataError } from './errors.ts'
import { openSharedFile } from './node-file-blocks.ts'

const port = parentPort
if (port == null) {
  throw new Error('csv-worker.js runs as a worker thread of mlgate; it cannot be run by itself.')
}
port.once('message', (job: CsvRangeJob) => {
  void readRange(job).then(
    (part) => port.postMessage({ part } satisfies CsvRangeReply, partBuffers(part)),
    (error: unknown) =>
      port.postMessage({
        error: error instanceof Error ? error.message : String(error),
        input: error instanceof DataError,
      } satisfies CsvRangeReply),
  )
})

async function readRange(job: CsvRangeJob) {
  const rows = csvRangeRows(job)
  const file = await openSharedFile(job.file, job.bytes)
  try {
    await parseAsRead(rows, file, job.readFrom, file.size, job.end, job.blockBytes)
  } finally {
    await file.close()
  }
  readRows(rows, job.end)
  return csvRangePart(rows)
}
