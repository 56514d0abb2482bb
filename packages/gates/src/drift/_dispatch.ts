import type { PoolWorker } from './_pool-worker.ts'
import type { DriftTask } from './_task.ts'
import { taskWork } from './_task.ts'
import { postable } from './_transfer.ts'

/** Tasks a worker holds at once when fed as it goes: one running, the next one ready. */
const QUEUE_DEPTH = 2

/**
 * Runs the tasks on the workers, largest first so that no long task is left for the end. Each
 * worker is fed as it finishes, which balances the load whatever the tasks really cost; with
 * `allAtOnce` (the main thread has other work meanwhile and cannot feed them) the tasks are
 * shared out at once, each to the worker with the least estimated work so far. `handOver`
 * moves the tasks' arrays instead of copying them (`postable`). After an error, only tasks
 * before the failed one are still started, and the error of the earliest failing task is thrown
 * once the others are done: the error the main thread would have met first.
 */
export function dispatch(
  tasks: readonly DriftTask[],
  workers: readonly PoolWorker[],
  {
    handOver,
    allAtOnce,
    onProgress,
  }: {
    readonly handOver: boolean
    readonly allAtOnce: boolean
    /** How far task `index` has come, when it says (a scoring task). */
    readonly onProgress?: ((index: number, done: number, total: number) => void) | undefined
  },
): Promise<unknown[]> {
  const work = tasks.map(taskWork)
  const order = tasks.map((_, i) => i).sort((a, b) => work[b]! - work[a]! || a - b)
  const outputs = new Array<unknown>(tasks.length)
  const posted = handOver ? postable(tasks, true) : undefined
  return new Promise((resolve, reject) => {
    let next = 0
    let running = 0
    let failed: { index: number; error: Error } | undefined
    const settle = () => {
      if (running > 0 || next < order.length) return
      if (failed) reject(failed.error)
      else resolve(outputs)
    }
    const start = (w: PoolWorker, index: number, then: () => void) => {
      running++
      const progress =
        onProgress && ((done: number, total: number) => onProgress(index, done, total))
      w.post(posted?.[index] ?? postable([tasks[index]!])[0]!, progress).then(
        (output) => {
          outputs[index] = output
          running--
          then()
        },
        (error: Error) => {
          if (failed === undefined || index < failed.index) failed = { index, error }
          running--
          then()
        },
      )
    }
    /** The next task still worth starting, or undefined. */
    const take = (): number | undefined => {
      while (next < order.length) {
        const index = order[next++]!
        if (failed === undefined || index < failed.index) return index
      }
      return undefined
    }
    if (allAtOnce) {
      const load = workers.map(() => 0)
      for (let index = take(); index !== undefined; index = take()) {
        const w = load.indexOf(Math.min(...load))
        load[w]! += work[index]!
        start(workers[w]!, index, settle)
      }
      return settle()
    }
    const feed = (w: PoolWorker): void => {
      const index = take()
      if (index === undefined) return settle()
      start(w, index, () => feed(w))
    }
    for (let depth = 0; depth < QUEUE_DEPTH; depth++) for (const w of workers) feed(w)
  })
}
