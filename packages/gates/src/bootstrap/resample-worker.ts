/**
 * The resampling thread's entry point (`threaded-resampler.ts`): draws a bootstrap's resamples
 * with `createResampler`, in order, into the slots of a ring in shared memory, each as soon as
 * the main thread has taken the slot's last one. scripts/build.mjs bundles it as
 * dist/resample-worker.js; from source it is bundled on demand (`workerScript`).
 */
import { workerData } from 'node:worker_threads'
import { createResampler } from '@mlgate/stats'
import { FULL, STOP, type RingSetup } from './_ring.ts'

/** How long a wait lasts before the stop flag is looked at again. */
const WAIT_MS = 1000

const { n, seed, resamples, slots, counts, control } = workerData as RingSetup
const state = new Int32Array(control)
const resampler = createResampler(n, seed)
for (let r = 0; r < resamples && Atomics.load(state, STOP) === 0; r++) {
  const slot = r % slots
  // Wait for the main thread to take the slot's previous resample (or to stop the ring).
  while (Atomics.load(state, slot) === FULL && Atomics.load(state, STOP) === 0) {
    Atomics.wait(state, slot, FULL, WAIT_MS)
  }
  if (Atomics.load(state, STOP) !== 0) break
  resampler.draw(new Uint8Array(counts, slot * n, n))
  Atomics.store(state, slot, FULL)
  Atomics.notify(state, slot)
}
