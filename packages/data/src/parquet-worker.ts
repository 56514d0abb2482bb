/**
 * The Parquet decoder's second thread: decodes the columns it is given (`parquet-decode.ts`)
 * and posts them back, their arrays transferred. scripts/build.mjs bundles it as
 * dist/parquet-worker.js beside the CLI and the actions; from source it is bundled on demand
 * (`worker-script.ts`).
 */
import { parentPort } from 'node:worker_threads'
import { decodeColumns } from './_parquet-file.ts'
import { Damaged } from './_parquet-scratch.ts'
import type { ParquetJob, ParquetReply } from './parquet-decode.ts'
import type { Column } from './table.ts'

const port = parentPort
if (port == null) {
  throw new Error(
    'parquet-worker.js runs as a worker thread of mlgate; it cannot be run by itself.',
  )
}
port.once('message', (job: ParquetJob) => {
  let columns: Column[]
  try {
    columns = decodeColumns(job.path, job.layout, job.columns)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const reply = error instanceof Damaged ? { damaged: message } : { reason: message }
    port.postMessage(reply satisfies ParquetReply)
    return
  }
  const buffers: ArrayBuffer[] = []
  for (const column of columns) {
    if (column.type === 'string') buffers.push(column.codes.buffer as ArrayBuffer)
    else {
      buffers.push(column.values.buffer as ArrayBuffer)
      if (column.missing != null) buffers.push(column.missing.buffer as ArrayBuffer)
    }
  }
  port.postMessage({ columns } satisfies ParquetReply, buffers)
})
