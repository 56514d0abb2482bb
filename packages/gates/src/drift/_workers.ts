import { availableParallelism } from 'node:os'
import { occupyCores, type CsvRangeHelper } from '@mlgate/data'
import { dispatch } from './_dispatch.ts'
import type { PoolWorker } from './_pool-worker.ts'
import { startWorker } from './_pool-worker.ts'
import type { SummarySession } from './_summary-session.ts'
import { localSession, workerSession } from './_summary-session.ts'
import type { DriftTask, TaskOutput } from './_task.ts'
import { runTask } from './_task.ts'
import { holdsCores, threadsFor, threadsFromEnvironment } from './_threads.ts'
import { driftWorkerScript } from './_worker-script.ts'
import type { SummaryPlan } from './_accumulate.ts'

/**
 * Runs a drift run's per-column tasks, on worker threads when that pays. Workers start on first
 * use and serve every later call (the profile, then the comparison) until `close`.
 */
export type DriftWorkers = {
  /**
   * Outputs in task order, identical to running each task on the main thread (errors too: the
   * first failing task's error is thrown).
   */
  run<T extends DriftTask>(tasks: readonly T[], options?: RunOptions): Promise<TaskOutput<T>[]>
  /**
   * Summaries of current columns read chunk by chunk, one per `plans` entry (its key is its
   * index), each kept by one thread. Streamed data is large: the session uses min(cores, columns)
   * workers unless a thread count is set.
   */
  summaries(plans: readonly SummaryPlan[]): Promise<SummarySession>
  /**
   * The first worker as a helper of the CSV reader (`CsvRangeHelper`): free once the tasks posted
   * to it are done (a stored profile's load, or none when it reads first: `startHelper`), it reads
   * the last part of the current data while the main thread reads the rest. Undefined before any
   * worker has started.
   */
  csvHelper(): CsvRangeHelper | undefined
  /**
   * Starts the first worker now, if none has started and the run may use workers, so that it can
   * read part of the current data before its first task (`csvHelper`). False when it cannot.
   */
  startHelper(): Promise<boolean>
  /** The most threads any call ran its tasks on: its workers, or 1 for the main thread alone. */
  readonly threads: number
  close(): Promise<void>
}

export type RunOptions = {
  /**
   * The tasks' typed arrays are the caller's to give away: they are moved to the workers rather
   * than copied (`postable`). Copies are made one task at a time, as workers take them.
   */
  readonly handOver?: boolean
  /**
   * Work for the main thread while the workers run (reading the next file): every task is
   * handed out first, so that the workers need nothing more from the main thread, then this is
   * called. On the main thread alone, it is called after the tasks.
   */
  readonly meanwhile?: (() => void) | undefined
  /** How far task `index` (of the call's tasks) has come, when it says: a scoring's rows. */
  readonly onProgress?: (index: number, done: number, total: number) => void
  /**
   * Every task is posted at once, as with `meanwhile` and `handOver`, also when their arrays are
   * copied (all copies made at once): for tasks whose arrays are mostly shared memory, while the
   * main thread goes on with long work of its own and would feed the workers late.
   */
  readonly allAtOnce?: boolean
  /**
   * Values the run's later calls are expected to touch (the comparison after a profile is
   * decoded): they count toward the break-even, since workers started for this call serve them.
   */
  readonly planned?: number
  /**
   * The main thread has long work of its own meanwhile (another gate): the tasks go to one
   * worker fewer than the cores (at least one), so that it keeps a core. Not with a thread count
   * set (`requested`).
   */
  readonly spareCore?: boolean
  /**
   * The tasks go to a worker however few they are (a single task), unless the thread count is
   * 1: the main thread has work of its own meanwhile and the caller knows the tasks are long.
   */
  readonly offMainThread?: boolean
}

/**
 * The pool of one drift run. `requested` (or MLGATE_THREADS) fixes the thread count; otherwise
 * a call uses min(available cores, tasks) workers when its tasks touch at least
 * `BREAK_EVEN_VALUES` values, else the main thread, unless an earlier call started workers.
 */
export function driftWorkers(
  requested: number | undefined = threadsFromEnvironment(),
): DriftWorkers {
  const workers: PoolWorker[] = []
  let used = 1
  let closed = false
  let keys = 0
  return {
    get threads() {
      return used
    },
    async run(tasks, options = {}) {
      if (closed) throw new Error('driftWorkers: run after close')
      // Workers already started cost nothing more to use: a later call goes to them even below
      // the break-even.
      const started = requested === 1 ? 0 : Math.min(workers.length, tasks.length)
      const worth = Math.max(threadsFor(tasks, requested, options.planned), started)
      const offMain = options.offMainThread === true && requested !== 1
      const script = worth > 1 || started > 0 || offMain ? await driftWorkerScript() : undefined
      if (script === undefined) {
        const { onProgress } = options
        const outputs = tasks.map((t, i) =>
          runTask(t, onProgress && ((done, total) => onProgress(i, done, total))),
        )
        options.meanwhile?.()
        // A scoring task's output comes when its model has scored.
        return (await Promise.all(outputs)) as TaskOutput<(typeof tasks)[number]>[]
      }
      const wanted =
        options.spareCore === true && requested === undefined
          ? Math.max(1, Math.min(worth, availableParallelism() - 1))
          : worth
      while (workers.length < wanted) workers.push(startWorker(script))
      used = Math.max(used, wanted)
      const release = holdsCores(tasks, options) ? occupyCores(wanted) : () => undefined
      const outputs = dispatch(tasks, workers.slice(0, wanted), {
        handOver: options.handOver === true,
        // Copied arrays are made as their tasks start: fed as workers finish, only the tasks in
        // flight hold copies (a lent reference table is not copied whole at once). The main
        // thread's other work yields at every block it reads, which is when they are fed.
        allAtOnce:
          options.allAtOnce === true ||
          (options.meanwhile !== undefined && options.handOver === true),
        onProgress: options.onProgress,
      }).finally(release)
      options.meanwhile?.()
      return (await outputs) as TaskOutput<(typeof tasks)[number]>[]
    },
    csvHelper() {
      const worker = workers[0]
      if (worker === undefined || closed) return undefined
      return {
        ready: () => worker.idle(),
        ...WORKER_CSV_SHARE,
        read: (job) =>
          worker.readCsvRange(job).then(
            (part) => ({ part }),
            // A fault of the input comes back as the reader's own DataError, by name.
            (error: Error) => ({ error: error.message, input: error.name === 'DataError' }),
          ),
      }
    },
    async startHelper() {
      if (closed || requested === 1) return false
      if (workers.length > 0) return true
      const script = await driftWorkerScript()
      if (script === undefined || closed) return false
      if (workers.length === 0) workers.push(startWorker(script))
      return true
    },
    async summaries(plans) {
      if (closed) throw new Error('driftWorkers: summaries after close')
      const wanted = Math.max(1, Math.min(requested ?? availableParallelism(), plans.length))
      const script = wanted > 1 ? await driftWorkerScript() : undefined
      if (script === undefined) return localSession(plans)
      while (workers.length < wanted) workers.push(startWorker(script))
      used = Math.max(used, wanted)
      const base = keys
      keys += plans.length
      return workerSession(plans, base, workers.slice(0, wanted))
    },
    async close() {
      closed = true
      await Promise.all(workers.splice(0).map((w) => w.close()))
    },
  }
}

// --- internal ---

/**
 * How much the drift worker reads of the current CSV file once free: 40% of what the main thread
 * has not read by then, with no count of the records before it, its rows copied into the columns
 * at the end, which costs more than the main thread's own rows: so it reads less than half. A
 * worker that reads before it loads a stored profile (`startHelper`) is free at the main thread's
 * first block: it reads the last 40% of the file.
 *
 * Measured on the reference workload (cached `mlgate run`, Node 24), with the worker free once it
 * had loaded the profile: the drift gate's read of cur.csv took 574–606 ms against 613–764 ms
 * with half and the records counted first, 658–692 ms with 40% counted, 595–621 ms with half
 * uncounted (3 runs each). Reading first, counted records (the worker writing in place) made the
 * whole run slower: 1.85 s against 1.75 s (medians of 8 alternating pairs, 0.15 s more CPU).
 */
const WORKER_CSV_SHARE = { share: 0.4, countFirst: false } as const
