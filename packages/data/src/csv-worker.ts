/**
 * The CSV reader's second thread: reads the second half of a file block by block, parses its
 * rows (`csv-parallel.ts`), and posts them back, their arrays transferred. scripts/build.mjs
 * bundles it as dist/csv-worker.js beside the CLI and the actions; from source it is bundled on
 * demand (`worker-script.ts`).
 */
import { parentPort } from 'node:worker_threads'
import { csvRangePart, csvRangeRows, partBuffers, type CsvRangeJob } from './_csv-range.ts'
import { heldBytes, openCsvWindow, parseWindowed } from './_csv-window.ts'
import { replaceBytes } from './_csv-rows.ts'
import type { CsvRangeReply } from './csv-parallel.ts'
import { DataError } from './errors.ts'
import { openRangeFile } from './node-file-blocks.ts'

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
  const file = await openRangeFile(job.file)
  try {
    if (file.size !== job.size) {
      throw new DataError(
        'the file changed size while it was read; read it again once it is written',
        { file: job.file },
      )
    }
    const window = await openCsvWindow(file, job.blockBytes, job.start)
    replaceBytes(rows, heldBytes(window))
    await parseWindowed(window, rows, file.size, file.size)
  } finally {
    await file.close()
  }
  return csvRangePart(rows, job)
}
