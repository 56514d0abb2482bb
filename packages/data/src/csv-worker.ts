/**
 * The CSV reader's second thread: reads the second half of a file block by block, parses its
 * rows (`csv-parallel.ts`), and posts them back, their arrays transferred. scripts/build.mjs
 * bundles it as dist/csv-worker.js beside the CLI and the actions; from source it is bundled on
 * demand (`worker-script.ts`).
 */
import { parentPort } from 'node:worker_threads'
import type { CsvRangeJob } from './_csv-range.ts'
import type { CsvRangeReply } from './csv-parallel.ts'
import { partBuffers, readCsvRange } from './csv-range-read.ts'
import { DataError } from './errors.ts'

const port = parentPort
if (port == null) {
  throw new Error('csv-worker.js runs as a worker thread of mlgate; it cannot be run by itself.')
}
port.once('message', (job: CsvRangeJob) => {
  void readCsvRange(job).then(
    (part) => port.postMessage({ part } satisfies CsvRangeReply, partBuffers(part)),
    (error: unknown) =>
      port.postMessage({
        error: error instanceof Error ? error.message : String(error),
        input: error instanceof DataError,
      } satisfies CsvRangeReply),
  )
})
