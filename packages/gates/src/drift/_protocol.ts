import type { CsvRangeJob } from '@mlgate/data'
// The module alone: the package's index would bring all its code into the worker's bundle.
import { ModelError } from '@mlgate/onnx/errors'
import { StatsInputError } from '@mlgate/stats'
import { ConfigError } from '../errors.ts'

/** What the main thread posts to a drift worker: a task (`_task.ts`) and its number. */
export type WorkerRequest = { readonly id: number; readonly task: unknown }

/**
 * Posted last before a worker is ended (`PoolWorker.close`): answered, with no output, once the
 * tasks before it and the worker's own start of ONNX Runtime have finished.
 */
export type SettleRequest = { readonly kind: 'settle' }

/**
 * Reads a byte range of a CSV file the main thread is reading (`CsvRangeHelper`) or scanning (a
 * holdout's last part, `planCsvTail`): run after the tasks posted before it, its output the
 * range's rows (`CsvRangePart`).
 */
export type CsvRangeRequest = { readonly kind: 'csv-range'; readonly job: CsvRangeJob }

/** What a worker posts back: the task's output, or the error it threw. */
export type WorkerReply =
  | { readonly id: number; readonly output: unknown }
  | { readonly id: number; readonly error: ErrorDescription }

/** How far a long task has come (a scoring's rows), posted before its reply. */
export type WorkerProgress = { readonly id: number; readonly progress: readonly [number, number] }

/** An error as it crosses threads: structured cloning keeps neither its class nor its fields. */
export type ErrorDescription = {
  readonly name: string
  readonly message: string
  readonly stack?: string | undefined
}

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack }
  return { name: 'Error', message: String(error) }
}

/**
 * The error a task would have thrown on the main thread: the gate's, the statistics' and the
 * model's own error classes come back as themselves, so callers tell user mistakes from bugs as
 * before.
 */
export function reviveError(d: ErrorDescription): Error {
  const error =
    d.name === 'ConfigError'
      ? new ConfigError(d.message)
      : d.name === 'StatsInputError'
        ? new StatsInputError(d.message)
        : d.name === 'ModelError'
          ? new ModelError(d.message)
          : Object.assign(new Error(d.message), { name: d.name })
  if (d.stack !== undefined) error.stack = d.stack
  return error
}
