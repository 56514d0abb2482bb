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
 * Sets the engine flags of this module, now rather than at the first collection: the one that
 * on-demand collections need, and, on V8 13 and later (Node 24), `EXTERNAL_MEMORY_FLAG`.
 * V8 stamps each compiled script it caches with a hash of its flags and rejects the cache in a
 * process whose flags differ: set halfway through a run, a flag would leave the code compiled
 * before it and the code compiled after it under two hashes, and the next run would compile one
 * half afresh. Call it before the compile cache is turned on.
 */
export function setCollectionFlags(): void {
  exposedCollector()
  // Older engines do not know the flag, and say so on stderr.
  if (Number(process.versions.v8.split('.')[0]) >= 13) setFlagsFromString(EXTERNAL_MEMORY_FLAG)
}

/**
 * By default V8 starts a full collection each time 64 MB more of array memory (external to its
 * heap) has been allocated since the last one: a million-row gate allocates gigabytes of arrays
 * in all, and a cached `mlgate run` of the reference workload made 27 full collections, their
 * marking on the other core and their pauses on the main thread. With this flag, array memory
 * counts toward the heap's growing limit instead: 2 to 4 full collections. The garbage of large
 * reads is then collected at once (`collectAfterRead`), and the drift workers run a full
 * collection of their own now and then. Measured on the reference workload (Node 24, 5
 * alternating pairs, a slow spell): cached `mlgate run` 2.44–2.92 s against 2.73–3.09 s, with
 * 0.3 s less CPU, peaks 670–700 MiB against 639–657 MiB; cold peaks alike (940–970 MiB against
 * 943–962 MiB). Streaming 10 million rows of drift: 9.2 s against 10.5 s from CSV, 11.5 s
 * against 11.8 s from Parquet, peaks 1,061–1,067 MiB against 910–990 MiB; with the linear model,
 * 10.9 s against 10.8 s, 1,501 MiB against 1,344 MiB.
 */
export const EXTERNAL_MEMORY_FLAG = '--external-memory-accounted-in-global-limit'

/**
 * Runs a full collection after a whole read of `cells` values, when that is enough to matter
 * (8 million values: 64 MB of numbers): the reader's scratch (blocks of the file, columns grown
 * and cut to size) is garbage by then, and freed at once its memory serves the next arrays,
 * where V8, counting array memory toward its heap limit (`EXTERNAL_MEMORY_FLAG`), would leave it
 * for a while and raise the peak. A few milliseconds.
 */
export function collectAfterRead(cells: number): void {
  if (cells >= COLLECT_AFTER_CELLS) fullCollection()?.()
}

const COLLECT_AFTER_CELLS = 8_000_000

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
