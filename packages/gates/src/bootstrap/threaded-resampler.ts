import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { threadsSetting, workerScript } from '@mlgate/data'
import { createResampler, type Resampler, type ResamplerFactory } from '@mlgate/stats'
import { EMPTY, FULL, STOP, type RingSetup } from './_ring.ts'

/** The resampling thread's file beside each bundle in dist/ (scripts/build.mjs writes it). */
export const WORKER_BUNDLE = 'resample-worker.js'

/**
 * Bootstraps that draw at least this many counts (rows × resamples) draw them on a thread of
 * their own. Drawing a resample of a million rows takes 5–6 ms of the 15–20 ms a binary
 * bootstrap spends on it, and starting the thread some 50 ms.
 */
export const THREAD_FROM_DRAWS = 20_000_000

/**
 * A bootstrap's resamples drawn on a thread of its own while the calling thread evaluates the
 * previous ones: the same generator, seed and order as `createResampler`, so the same counts and
 * the same intervals. Undefined where that thread cannot help: one core (or MLGATE_THREADS=1), or
 * no worker code (a dist/ built without it). Smaller bootstraps get `createResampler` itself.
 */
export async function resamplerFactory(
  env: Readonly<Record<string, string | undefined>> = process.env,
  fromDraws = THREAD_FROM_DRAWS,
): Promise<ResamplerFactory | undefined> {
  if ((threadsSetting(env) ?? availableParallelism()) < 2) return undefined
  const script = await workerScript(
    WORKER_BUNDLE,
    new URL('./resample-worker.ts', import.meta.url),
    import.meta.url,
  )
  if (script === undefined) return undefined
  return (n, seed, resamples) =>
    n * resamples < fromDraws
      ? createResampler(n, seed)
      : threadedResampler(script, { n, seed, resamples })
}

/** Resamples drawn ahead at most. */
const SLOTS = 4

/**
 * How long the calling thread waits for one resample before it takes the thread for stopped (a
 * draw takes milliseconds; a thread's start, on a loaded machine, well under a second).
 */
const STALLED_MS = 30_000

/**
 * The resampler of one bootstrap, its resamples drawn by `script` (resample-worker.ts). Exported
 * for tests, which give a thread that never draws and a shorter `stalledMs`.
 */
export function threadedResampler(
  script: URL,
  { n, seed, resamples }: { n: number; seed: number; resamples: number },
  stalledMs = STALLED_MS,
): Resampler & { close(): void } {
  const slots = Math.max(1, Math.min(SLOTS, resamples))
  const setup: RingSetup = {
    n,
    seed,
    resamples,
    slots,
    counts: new SharedArrayBuffer(slots * n),
    control: new SharedArrayBuffer(4 * (STOP + 1)),
  }
  const state = new Int32Array(setup.control)
  const worker = new Worker(script, { workerData: setup })
  worker.unref()
  // The thread's failure is an event this thread hears only once it stops waiting: a ring that
  // stays empty is the sign. Then the same resamples are drawn here, from the first.
  let here: Resampler | undefined
  let drawn = 0
  const stop = () => {
    Atomics.store(state, STOP, 1)
    for (let s = 0; s < slots; s++) Atomics.notify(state, s)
    void worker.terminate()
  }
  return {
    draw(out) {
      if (here === undefined) {
        const slot = drawn % slots
        if (filled(state, slot, stalledMs)) {
          out.set(new Uint8Array(setup.counts, slot * n, n))
          Atomics.store(state, slot, EMPTY)
          Atomics.notify(state, slot)
          drawn++
          return
        }
        stop()
        here = createResampler(n, seed)
        for (let r = 0; r < drawn; r++) here.draw(out)
        process.emitWarning(
          `the bootstrap's resampling thread stopped after ${drawn} of ${resamples} resamples, so the rest were drawn on the main thread: the same intervals, more slowly. Reinstall mlgate, or set MLGATE_THREADS=1 to draw on one thread without this warning.`,
          { code: 'MLGATE_RESAMPLE_THREAD' },
        )
      }
      here.draw(out)
      drawn++
    },
    close: stop,
  }
}

// --- internal ---

/** Waits until `slot` holds a resample; false when none came within `stalledMs`. */
function filled(state: Int32Array, slot: number, stalledMs: number): boolean {
  const deadline = Date.now() + stalledMs
  while (Atomics.load(state, slot) !== FULL) {
    const left = deadline - Date.now()
    if (left <= 0) return false
    Atomics.wait(state, slot, EMPTY, left)
  }
  return true
}
