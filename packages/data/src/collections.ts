import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// Garbage collections on demand. `gc` exists in contexts made after `--expose-gc` is set at run
// time; the main context gets no `gc` global, so nothing else in the process sees it.

/**
 * A minor garbage collection, run on demand, or null where the engine does not offer one.
 *
 * For memory that only a collection frees and that V8 does not count as pressure, or counts too
 * late: DuckDB's result chunks (native memory freed by their objects' finalizers), a worker's
 * arrays between tasks. Left to V8, a long read or a run of tasks writes into fresh pages, each
 * of which faults on first touch (about 10 µs on a small virtual machine), and memory climbs.
 * Collected while young, the garbage's memory is reused at once; a minor collection of a small
 * heap takes a fraction of a millisecond.
 */
export function youngCollection(): (() => void) | null {
  const gc = exposedCollector()
  return gc && (() => gc({ type: 'minor' }))
}

/**
 * A full garbage collection, run on demand, or null where the engine does not offer one: for
 * arrays that were long alive (old generation) and have just been let go, which only a full
 * collection frees and which V8, counting them as external memory, may leave for a long while.
 * Takes some milliseconds on a heap of tens of MB.
 */
export function fullCollection(): (() => void) | null {
  const gc = exposedCollector()
  // Without options: Node 20's V8 takes { type: 'major' } for a minor collection.
  return gc && (() => gc())
}

/**
 * Sets the engine flag that on-demand collections need, now rather than at the first collection.
 * V8 stamps each compiled script it caches with a hash of its flags and rejects the cache in a
 * process whose flags differ: set halfway through a run, the flag would leave the code compiled
 * before it and the code compiled after it under two hashes, and the next run would compile one
 * half afresh. Call it before the compile cache is turned on.
 */
export function exposeCollections(): void {
  exposedCollector()
}

// --- internal ---

type Collector = (options?: { type: 'minor' }) => void

let collector: Collector | null | undefined

function exposedCollector(): Collector | null {
  if (collector !== undefined) return collector
  collector = null
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined')
    if (typeof gc === 'function') collector = gc as Collector
  } catch {
    // An engine that refuses the flag: no collections on demand.
  }
  return collector
}
