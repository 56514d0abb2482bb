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
 * Cores not marked busy, out of MLGATE_THREADS (`threadsSetting`) or else the machine's, the
 * calling thread's own included.
 */
export function freeCores(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return (threadsSetting(env) ?? availableParallelism()) - busy
}

/**
 * MLGATE_THREADS, the thread count every mlgate step honours, when it is a whole number from 1
 * to 9999; else undefined, and readers use the machine's cores (the drift gate refuses such a
 * value with a message that names it).
 */
export function threadsSetting(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number | undefined {
  const text = env['MLGATE_THREADS']?.trim() ?? ''
  return /^[1-9][0-9]{0,3}$/.test(text) ? Number(text) : undefined
}
