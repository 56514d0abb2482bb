/**
 * The drift worker's entry point: runs the tasks the main thread posts (`_workers.ts`) and posts
 * each output back, its typed arrays transferred. scripts/build.mjs bundles it as
 * dist/drift-worker.js beside the CLI and the actions; from source it is bundled on demand
 * (`_worker-script.ts`).
 */
import { parentPort } from 'node:worker_threads'
// The module alone: the package's index would bring its readers into the worker's bundle.
import { fullCollection, youngCollection } from '@mlgate/data/collections'
import type { SummaryAccumulator } from './_accumulate.ts'
import type {
  CsvRangeRequest,
  SettleRequest,
  WorkerProgress,
  WorkerReply,
  WorkerRequest,
} from './_protocol.ts'
import { describeError } from './_protocol.ts'
import type { DriftTask, KeptTask } from './_task.ts'
import { runKeptTask, runTask } from './_task.ts'
import { buffersOf, viewBytes } from './_transfer.ts'

if (parentPort == null) {
  throw new Error('drift-worker.js runs as a worker thread of mlgate; it cannot be run by itself.')
}
const port = parentPort
/** Summaries of current columns being read in chunks, kept between tasks. */
const kept = new Map<number, SummaryAccumulator>()
/**
 * Tasks run one after another, in the order they came. A scoring task answers when its model has
 * scored (ONNX Runtime's calls are asynchronous); the tasks behind it wait rather than run between
 * its batches, so that its time (`score_current_ms`) is its own.
 */
let running: Promise<void> = Promise.resolve()
/**
 * ONNX Runtime's start on this thread (`warmModels`), once begun: the `settle` request that comes
 * before the thread is ended waits for it, since a thread ended during one of the runtime's
 * asynchronous calls aborts the whole process.
 */
let warming: Promise<void> = Promise.resolve()
port.on('message', (request: WorkerRequest) => {
  running = running.then(() => handle(request))
})

function handle(request: WorkerRequest): Promise<void> | void {
  const task = request.task as DriftTask | KeptTask | SettleRequest | CsvRangeRequest
  if (task.kind === 'settle') {
    return warming.then(() => port.postMessage({ id: request.id, output: null }))
  }
  if (task.kind === 'csv-range') {
    // The CSV reader's code loads only when a range comes (a cached run's current data).
    return import('@mlgate/data/csv-range-read')
      .then((m) => m.readCsvRange(task.job))
      .then(
        (part) => answer(request, { id: request.id, output: part }),
        (error: unknown) => answer(request, { id: request.id, error: describeError(error) }),
      )
  }
  if (task.kind === 'load' && task.warm === 'first') {
    warming = warmModels()
    return warming.then(() => run(request, task))
  }
  return run(request, task)
}

/** Runs a task and answers with its output or its error. */
function run(request: WorkerRequest, task: DriftTask | KeptTask): Promise<void> | void {
  let output: unknown
  try {
    if (task.kind === 'feed' || task.kind === 'finish') {
      streamed = true
      output = runKeptTask(kept, task)
    } else output = runTask(task, (done, total) => report(request, done, total))
  } catch (error) {
    return answer(request, { id: request.id, error: describeError(error) })
  }
  if (!(output instanceof Promise)) return answer(request, { id: request.id, output })
  return output.then(
    (value: unknown) => answer(request, { id: request.id, output: value }),
    (error: unknown) => answer(request, { id: request.id, error: describeError(error) }),
  )
}

/** Posts how far a task has come (a scoring's rows), for the main thread's progress lines. */
function report(request: WorkerRequest, done: number, total: number): void {
  const progress: WorkerProgress = { id: request.id, progress: [done, total] }
  port.postMessage(progress)
}

/** Posts a task's reply, then collects its garbage and starts what the task asks next. */
function answer(request: WorkerRequest, reply: WorkerReply): void {
  // Counted before the output's arrays move out.
  moved += viewBytes(request.task) + ('output' in reply ? viewBytes(reply.output) : 0)
  port.postMessage(reply, 'output' in reply ? buffersOf(reply.output) : [])
  // The tasks' arrays (their inputs, moved here, and their scratch) are garbage now: collected
  // while young, their memory serves the next tasks instead of fresh pages, which fault one by
  // one. Measured on the reference workload (Node 24, 4 alternating pairs of `mlgate run`): cold
  // peaks 1,005–1,048 MiB against 1,060–1,110 and 105,000–118,000 page faults against
  // 116,000–130,000; cached runs alike (876–916 MiB against 868–927); times within the noise
  // (cold 4.10–4.65 s against 4.09–4.38, cached 3.01–3.09 against 3.04–3.37). Small tasks
  // (chunks of streamed data) share a collection.
  //
  // Once the thread is fed streamed data, every eighth collection is a full one. With array
  // memory counted toward the heap's limit (`EXTERNAL_MEMORY_FLAG`), minor collections leave some
  // of it behind and V8 starts no full one for a long while: streaming 10 million rows, the
  // workers then held 1.2 GB of dead arrays (a peak of 2,164 MiB against 913 MiB); a full
  // collection per 64 MB moved kept it at 1,038 MiB in the same time (10.4 s). Whole columns come
  // in a few dozen tasks, whose garbage the minor collections free: there, the two full ones of a
  // cached `mlgate run` of the reference workload (at its 8th and 16th of 20 collections) cost
  // 20–35 ms (medians of 14–16 alternating rounds) and lowered its peak by 0–30 MiB.
  if (moved >= COLLECT_AFTER_BYTES) {
    moved = 0
    collections++
    if (streamed && collections % FULL_EVERY === 0) collectAll?.()
    else collect?.()
  }
  const task = request.task as DriftTask
  if (task.kind === 'load' && task.warm === 'after') warming = warmModels()
}

/**
 * Starts ONNX Runtime on this thread (`warmRuntime`) before or after a profile's load (`LoadTask`),
 * while the main thread reads the current data its model will score: the runtime's start-up, once
 * per process, is then off the main thread's path (60–90 ms). Its code loads only then. Only the
 * load it comes before and the thread's end wait for it, and a runtime that cannot load is the
 * main thread's own model's error to report.
 */
function warmModels(): Promise<void> {
  return import('@mlgate/onnx/warm').then((m) => m.warmRuntime()).catch(() => undefined)
}

/** Bytes of tasks' inputs and outputs between collections: a column of a million numbers. */
const COLLECT_AFTER_BYTES = 8_000_000
/** One collection in this many is a full one (see above). */
const FULL_EVERY = 8
const collect = youngCollection()
const collectAll = fullCollection()
/** Bytes of tasks' inputs and outputs since the last collection, and collections so far. */
let moved = 0
let collections = 0
/** Whether the thread has been fed chunks of streamed data (`FeedTask`). */
let streamed = false
