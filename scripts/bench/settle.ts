/**
 * The pause before each process the bench times (the Python peer, every `mlgate run`, every read
 * in a fresh process, every action cold start), so that each starts from the same state of the
 * machine's memory.
 *
 * Why: on a virtual machine whose kernel reports free pages to the hypervisor (Linux's free page
 * reporting through virtio-balloon, `page_reporting.page_reporting_order` on the kernel command
 * line), memory a process frees goes back to the host about two seconds later. Until then the
 * next process gets it as cheap pages; after, every page it touches first costs a fault on the
 * host as well. Measured on the bench machine (Node 24, reference workload): a cached `mlgate
 * run` right after a cold one took 1.90–2.03 s with 0.32–0.45 s in the kernel, and 2.19–2.48 s
 * with 0.83–1.23 s in the kernel 3 s later; so without a pause, each process's time depended on
 * how much memory the one before it had just freed. Where the kernel does not report free pages,
 * the pause changes nothing but the bench's length.
 *
 * MLGATE_BENCH_SETTLE_SECONDS sets it (0: no pause).
 */
export function settleSeconds(): number {
  const text = process.env['MLGATE_BENCH_SETTLE_SECONDS']
  if (text === undefined || text === '') return DEFAULT_SETTLE_SECONDS
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(
      `MLGATE_BENCH_SETTLE_SECONDS=${text} is not a number of seconds ≥ 0; unset it for the default ${DEFAULT_SETTLE_SECONDS} s.`,
    )
  }
  return seconds
}

/** Waits `settleSeconds()` (the bench runs its processes one at a time, synchronously). */
export function settle(): void {
  const ms = settleSeconds() * 1000
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

// --- internal ---

/** A second more than the kernel's delay before it reports freed pages (2 s). */
const DEFAULT_SETTLE_SECONDS = 3
