import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * A minor garbage collection, run on demand, or null where the engine does not offer one.
 *
 * For memory that only a collection frees and that V8 does not count as pressure, or counts too
 * late: DuckDB's result chunks (native memory freed by their objects' finalizers), a worker's
 * arrays between tasks. Left to V8, a long read or a run of tasks writes into fresh pages, each
 * of which faults on first touch (about 10 µs on a small virtual machine), and memory climbs.
 * Collected while young, the garbage's memory is reused at once; a minor collection of a small
 * heap takes a fraction of a millisecond.
 *
 * `gc` exists in contexts made after `--expose-gc` is set at run time; the main context gets no
 * `gc` global, so nothing else in the process sees it.
 */
export function youngCollection(): (() => void) | null {
  if (collect === undefined) collect = exposedCollector()
  return collect
}

// --- internal ---

let collect: (() => void) | null | undefined

function exposedCollector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined')
    if (typeof gc !== 'function') return null
    return () => {
      gc({ type: 'minor' })
    }
  } catch {
    return null
  }
}
