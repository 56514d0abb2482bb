/**
 * The shared memory between a bootstrap and its resampling thread: `slots` resamples of n counts
 * each, and an Int32 state per slot (EMPTY or FULL) followed by the stop flag.
 */
export type RingSetup = {
  readonly n: number
  readonly seed: number
  readonly resamples: number
  readonly slots: number
  readonly counts: SharedArrayBuffer
  readonly control: SharedArrayBuffer
}

export const EMPTY = 0
export const FULL = 1
/** Index of the stop flag in the control array, after the slots' states (at most this many). */
export const STOP = 8
