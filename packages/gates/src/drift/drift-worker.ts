/**
 * The drift worker's entry point: runs the tasks the main thread posts (`_workers.ts`) and posts
 * each output back, its typed arrays transferred. scripts/build.mjs bundles it as
 * dist/drift-worker.js beside the CLI and the actions; from source it is bundled on demand
 * (`_worker-script.ts`).
 */
import { parentPort } from 'node:worker_threads'
import type { SummaryAccumulator } from './_accumulate.ts'
import type { WorkerReply, WorkerRequest } from './_protocol.ts'
import { describeError } from './_protocol.ts'
import type { DriftTask, KeptTask } from './_task.ts'
import { runKeptTask, runTask } from './_task.ts'
import { buffersOf } from './_transfer.ts'

const port = parentPort
if (port == null) {
  throw new Error('drift-worker.js runs as a worker thread of mlgate; it cannot be run by itself.')
}
/** Summaries of current columns being read in chunks, kept between tasks. */
const kept = new Map<number, SummaryAccumulator>()
port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const task = request.task as DriftTask | KeptTask
    const output =
      task.kind === 'feed' || task.kind === 'finish' ? runKeptTask(kept, task) : runTask(task)
    reply = { id: request.id, output }
  } catch (error) {
    reply = { id: request.id, error: describeError(error) }
  }
  port.postMessage(reply, 'output' in reply ? buffersOf(reply.output) : [])
})
