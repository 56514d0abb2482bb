import { availableParallelism } from 'node:os'
import { ConfigError } from '../errors.ts'
import type { DriftTask } from './_task.ts'
import { taskWork } from './_task.ts'

/**
 * Values (rows, plus the reference's distinct values a comparison walks, summed over a call's
 * columns) below which the work stays on the main thread: starting workers would cost more than
 * they save. The main thread spends c per value; two workers cost s to start (load their code,
 * compile it cold, answer a first task) and then take half each, so they pay when s < c·W/2.
 * Measured on this project's 2-core machine (scripts/bench/drift-break-even.ts and a start-up
 * probe, with other jobs on the cores, which slows both alike): s ≈ 95 ms, c ≈ 30 ns (1M rows ×
 * 32 columns compared in 1.13 s), so W ≈ 6.3M; rounded up to 8M for the copies and the second
 * cold compile: about 250,000 rows of 32 columns.
 */
export const BREAK_EVEN_VALUES = 8_000_000

/**
 * Whether a call's workers hold their cores while they run (`occupyCores`), so that a CSV file
 * read on the main thread meanwhile stays on one thread rather than start one of its own: when
 * the main thread runs other gates beside them (`spareCore`), or reads the current data
 * (`meanwhile`) while they do long work, such as profiling a reference (at least twice the
 * break-even). Measured on the reference workload: a cold `mlgate drift` peaked at 600–640 MiB
 * instead of 750–800, a cold `mlgate run` at 995–1,030 instead of 1,085–1,135, in no more time.
 * A short call leaves them free (its workers are soon idle again) unless it spares a core, as
 * decoding a stored profile does.
 */
export function holdsCores(
  tasks: readonly DriftTask[],
  options: { readonly spareCore?: boolean; readonly meanwhile?: unknown },
): boolean {
  if (options.spareCore === true) return true
  if (options.meanwhile === undefined) return false
  let work = 0
  for (const t of tasks) work += taskWork(t)
  return work >= 2 * BREAK_EVEN_VALUES
}

/** The environment variable that sets the thread count: 1 keeps all work on the main thread. */
export const THREADS_VARIABLE = 'MLGATE_THREADS'

/**
 * How many threads a call runs on: see `driftWorkers`. `planned`: values the run's later calls
 * will touch, which workers started now serve too (`RunOptions.planned`).
 */
export function threadsFor(
  tasks: readonly DriftTask[],
  requested: number | undefined,
  planned = 0,
): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, tasks.length))
  let work = planned
  for (const t of tasks) work += taskWork(t)
  if (work < BREAK_EVEN_VALUES) return 1
  return Math.max(1, Math.min(availableParallelism(), tasks.length))
}

/** MLGATE_THREADS as a whole number ≥ 1, or undefined when unset or empty. */
export function threadsFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number | undefined {
  const text = env[THREADS_VARIABLE]?.trim()
  if (text === undefined || text === '') return undefined
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(
      `${THREADS_VARIABLE} must be a whole number of threads (1 runs on the main thread alone), got "${text}". Unset it to let mlgate choose.`,
    )
  }
  return n
}
