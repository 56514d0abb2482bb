import { Worker } from 'node:worker_threads'
import type { CsvRangeJob, CsvRangePart } from '@mlgate/data'
import type { CsvRangeRequest, SettleRequest, WorkerProgress, WorkerReply } from './_protocol.ts'
import { reviveError } from './_protocol.ts'
import type { PostedTask } from './_transfer.ts'
import { THREADS_VARIABLE } from './_threads.ts'

/** One worker thread and the tasks posted to it, each answered by its own promise. */
export type PoolWorker = {
  readonly worker: Worker
  /** The task's output; `onProgress` hears how far it has come, when it says. */
  post(posted: PostedTask, onProgress?: Progress): Promise<unknown>
  /** Whether every task posted to it has been answered. */
  idle(): boolean
  /** Reads a range of a CSV file once the tasks posted before are done (`CsvRangeHelper`). */
  readCsvRange(job: CsvRangeJob): Promise<CsvRangePart>
  /**
   * Ends the thread once its native calls have returned: the tasks posted before, and its start
   * of ONNX Runtime. A thread ended while one of ONNX Runtime's asynchronous calls was still
   * running aborts the whole process (the call's return finds no thread to go back to), so the
   * worker first answers a `settle` request, which it does only after them.
   */
  close(): Promise<void>
}

/** Done and total, in the task's own units (a scoring's rows). */
export type Progress = (done: number, total: number) => void

type Pending = {
  resolve(output: unknown): void
  reject(error: Error): void
  readonly onProgress: Progress | undefined
}

/**
 * Starts a worker on the drift worker's code. A worker that stops (a crash, an exit) fails every
 * task it holds and every later one, saying how to run without workers.
 */
export function startWorker(script: URL): PoolWorker {
  const worker = new Worker(script)
  const pending = new Map<number, Pending>()
  let nextId = 0
  let dead: Error | undefined
  const failAll = (error: Error) => {
    dead ??= error
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  // An idle worker must not keep the process alive; a busy one must, or a run awaiting it exits.
  worker.unref()
  worker.on('message', (reply: WorkerReply | WorkerProgress) => {
    const p = pending.get(reply.id)
    if (p === undefined) return
    if ('progress' in reply) return p.onProgress?.(...reply.progress)
    pending.delete(reply.id)
    if (pending.size === 0) worker.unref()
    if ('error' in reply) p.reject(reviveError(reply.error))
    else p.resolve(reply.output)
  })
  worker.on('error', (error) => failAll(workerStopped(error.message)))
  worker.on('exit', (code) => failAll(workerStopped(`it exited with code ${code}`)))
  const send = (
    task: PostedTask['task'] | SettleRequest | CsvRangeRequest,
    transfer: ArrayBuffer[],
    onProgress?: Progress,
  ): Promise<unknown> => {
    if (dead) return Promise.reject(dead)
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress })
      worker.ref()
      worker.postMessage({ id, task }, transfer)
    })
  }
  return {
    worker,
    post: ({ task, transfer }, onProgress) => send(task, transfer, onProgress),
    idle: () => pending.size === 0,
    readCsvRange: (job) => send({ kind: 'csv-range', job }, []) as Promise<CsvRangePart>,
    async close() {
      // A stopped worker has nothing running; it rejects at once.
      await send({ kind: 'settle' }, []).catch(() => undefined)
      await worker.terminate()
    },
  }
}

// --- internal ---

function workerStopped(why: string): Error {
  return new Error(
    `A drift worker thread stopped: ${why}. Set ${THREADS_VARIABLE}=1 to run the drift gate on the main thread.`,
  )
}
