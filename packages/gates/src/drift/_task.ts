import type { Column } from '@mlgate/data'
// The module alone: the package's index would bring its readers into the worker's bundle.
import { columnRows, receivedColumn } from '@mlgate/data/decimal-column'
import type { SummaryAccumulator, SummaryPlan } from './_accumulate.ts'
import { summaryAccumulator, summaryPlan } from './_accumulate.ts'
import type { EncodedDistribution, StoredDistribution } from './_ecdf-codec.ts'
import { decodeStored, encodeDistribution } from './_ecdf-codec.ts'
import type { FeatureDrift } from './feature-drift.ts'
import { compareWithProfile, featureDrift } from './feature-drift.ts'
import type { ProfileFileRead } from './_profile-load.ts'
import { readProfileFile } from './_profile-load.ts'
import type { FeatureProfile, ProfileTask, ReferenceDistribution } from './profile.ts'
import { distinctCount, distinctForm, isKeyed, runProfileTask } from './profile.ts'
import type { ScoreTask, ScoredDrift } from './_score-task.ts'

/**
 * What a scored row counts as in `taskWork`: on the reference workload, scoring a million rows took
 * about as long as 5 to 10 of its columns' comparisons.
 */
const SCORE_WEIGHT = 8

/** Comparing one current column with its reference profile. */
export type CompareTask = {
  readonly kind: 'compare'
  readonly entry: FeatureProfile
  readonly column: Column
  /** The current data's name, for error messages. */
  readonly source: string
  readonly noiseLevel: number
}

/** Decoding one feature's exact distribution from a profile file. */
export type DecodeTask = { readonly kind: 'decode' } & StoredDistribution

/**
 * Reading a profile file whole (`readProfileFile`): its text, its JSON and every distribution's
 * decoding, on a worker while the main thread reads the current data. `bytes`: the file's size.
 * `warm`: a model scores the current data once it is read (on the main thread, or on this worker:
 * `ScoreTask`); the worker starts ONNX Runtime after the load, while the main thread still reads,
 * or `first`, before the load, when it has read its part of the current data already and the main
 * thread is about to score (drift-worker.ts).
 */
export type LoadTask = {
  readonly kind: 'load'
  readonly path: string
  readonly bytes: number
  readonly warm?: 'first' | 'after'
}

/**
 * Profiling one reference column for a profile file: its numeric distribution is encoded too, on
 * the thread that has it at hand.
 */
export type StoredProfileTask = Omit<ProfileTask, 'kind'> & { readonly kind: 'profile-to-store' }

/** A profiled column, and its distribution as a profile file stores it (numeric columns). */
export type ProfiledToStore = {
  readonly feature: FeatureProfile
  readonly encoded?: EncodedDistribution
}

/**
 * One column's share of a drift run: profiling a reference column, comparing a current column
 * with its profile, or decoding or encoding a profile's distribution. The same function runs a
 * task on the main thread and on a worker, so the two paths cannot give different numbers.
 */
export type DriftTask =
  ProfileTask | StoredProfileTask | CompareTask | DecodeTask | LoadTask | ScoreTask

export type TaskOutput<T extends DriftTask> = T extends ProfileTask
  ? FeatureProfile
  : T extends StoredProfileTask
    ? ProfiledToStore
    : T extends CompareTask
      ? FeatureDrift
      : T extends LoadTask
        ? ProfileFileRead
        : T extends ScoreTask
          ? ScoredDrift
          : ReferenceDistribution

/**
 * A task's output; a scoring task's when its model has scored (a promise), `onProgress` hearing
 * its rows as they are scored.
 */
export function runTask<T extends DriftTask>(
  task: T,
  onProgress?: (done: number, total: number) => void,
): T extends ScoreTask ? Promise<ScoredDrift> : TaskOutput<T>
export function runTask(
  task: DriftTask,
  onProgress?: (done: number, total: number) => void,
):
  | FeatureProfile
  | ProfiledToStore
  | FeatureDrift
  | ReferenceDistribution
  | ProfileFileRead
  | Promise<ScoredDrift> {
  switch (task.kind) {
    case 'profile':
      return runProfileTask({ ...task, column: receivedColumn(task.column) })
    case 'profile-to-store': {
      const feature = runProfileTask({
        ...task,
        kind: 'profile',
        column: receivedColumn(task.column),
      })
      if (feature.kind !== 'numeric') return { feature }
      return { feature, encoded: encodeDistribution(distinctForm(feature.distribution)) }
    }
    case 'compare':
      return featureDrift(task.entry, receivedColumn(task.column), task.source, task.noiseLevel)
    case 'decode':
      return decodeStored(task)
    case 'load':
      return readProfileFile(task.path)
    case 'score':
      // Its code (and ONNX Runtime's) loads only where a model scores.
      return import('./_score-task.ts').then((m) => m.runScoreTask(task, onProgress))
  }
}

/** Adds one chunk's part of a current column to the summary kept under `key` by its thread. */
export type FeedTask = {
  readonly kind: 'feed'
  readonly key: number
  readonly summary: SummaryPlan
  readonly part: Column
}

/** Compares the summary kept under `key` with the column's profile, and forgets the summary. */
export type FinishTask = {
  readonly kind: 'finish'
  readonly key: number
  readonly entry: FeatureProfile
  readonly noiseLevel: number
}

/** Tasks that use the summaries a thread keeps between tasks (`kept`). */
export type KeptTask = FeedTask | FinishTask

export function runKeptTask(
  kept: Map<number, SummaryAccumulator>,
  task: KeptTask,
): FeatureDrift | null {
  if (task.kind === 'feed') {
    let accumulator = kept.get(task.key)
    if (accumulator === undefined)
      kept.set(task.key, (accumulator = summaryAccumulator(task.summary)))
    accumulator.add(task.part)
    return null
  }
  const accumulator = kept.get(task.key)
  kept.delete(task.key)
  const summary = (accumulator ?? summaryAccumulator(summaryPlan(task.entry))).finish()
  return compareWithProfile(task.entry, summary, task.noiseLevel)
}

/**
 * What a task costs, in values touched: the rows of its column, plus the reference's distinct
 * values a comparison merges with (the KS walk), or the distinct values decoded (for a whole
 * profile file, its bytes: about one per distinct value).
 * Categorical columns count their rows too, though a code count is cheaper than a numeric
 * distribution; the rule that uses this is coarse anyway.
 */
export function taskWork(task: DriftTask): number {
  if (task.kind === 'decode') return task.encoded.distinct
  if (task.kind === 'load') return task.bytes
  // Scoring costs far more per row than a comparison: it goes first among the tasks.
  if (task.kind === 'score') return SCORE_WEIGHT * task.table.rowCount
  const rows = columnRows(task.column)
  if (task.kind === 'compare' && task.entry.kind === 'numeric') {
    const d = task.entry.distribution
    return rows + (isKeyed(d) ? d.counts.length : distinctCount(d))
  }
  return rows
}
