import { availableParallelism } from 'node:os'

/**
 * Cores this process keeps busy with long work on threads of its own, such as the drift gate's
 * comparisons while `mlgate run`'s other gates use the main thread. A reader that could start a
 * thread of its own (the CSV reader's second one) does so only when a core is left for it: on a
 * 2-core runner one more thread would only slow the threads it shares the cores with, and cost
 * its memory.
 */
let busy = 0

/** Marks `count` cores busy until the returned function is called (once; later calls do nothing). */
export function occupyCores(count: number): () => void {
  busy += count
  let released = false
  return () => {
    if (released) return
    released = true
    busy -= count
  }
}

/**
 * Cores not marked busy, out of `cores` (MLGATE_THREADS, the thread count every mlgate step
 * honours, when set; else the machine's), the calling thread's own included.
 */
export function freeCores(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const cores = Number(env['MLGATE_THREADS']?.trim() || availableParallelism())
  return cores - busy
}
