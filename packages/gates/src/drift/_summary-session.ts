import type { Column } from '@mlgate/data'
import type { SummaryAccumulator, SummaryPlan } from './_accumulate.ts'
import type { PoolWorker } from './_pool-worker.ts'
import type { FeedTask } from './_task.ts'
import { runKeptTask } from './_task.ts'
import { postable } from './_transfer.ts'
import type { FeatureDrift } from './feature-drift.ts'
import type { FeatureProfile } from './profile.ts'

/**
 * The summaries of current columns read chunk by chunk (`DriftWorkers.summaries`): each column
 * is summarised by one thread, which keeps its summary between chunks.
 */
export type SummarySession = {
  /**
   * Adds one chunk's columns to their summaries; their arrays move to the workers (the chunk is
   * the caller's to give). Resolves when every part is added.
   */
  feed(parts: readonly { readonly key: number; readonly part: Column }[]): Promise<void>
  /**
   * Compares each summary with its profile (`entries[key]`), in key order; the profiles' arrays
   * move to the workers with `handOver`, else they are copied.
   */
  finish(
    entries: readonly FeatureProfile[],
    noiseLevel: number,
    handOver: boolean,
  ): Promise<FeatureDrift[]>
}

/** A session whose columns are shared out among `workers`, numeric ones weighing more. */
export function workerSession(
  plans: readonly SummaryPlan[],
  base: number,
  workers: readonly PoolWorker[],
): SummarySession {
  // Each column to the worker with the least work so far, numeric columns first.
  const owner: number[] = []
  const load = workers.map(() => 0)
  const order = plans
    .map((_, k) => k)
    .sort((a, b) => weight(plans[b]!) - weight(plans[a]!) || a - b)
  for (const k of order) {
    const w = load.indexOf(Math.min(...load))
    owner[k] = w
    load[w]! += weight(plans[k]!)
  }
  return {
    async feed(parts) {
      const tasks: FeedTask[] = parts.map(({ key, part }) => ({
        kind: 'feed',
        key: base + key,
        summary: plans[key]!,
        part,
      }))
      const posted = postable(tasks, true)
      await Promise.all(posted.map((p, i) => workers[owner[parts[i]!.key]!]!.post(p)))
    },
    async finish(entries, noiseLevel, handOver) {
      const posted = postable(
        entries.map((entry, k) => ({ kind: 'finish', key: base + k, entry, noiseLevel })),
        handOver,
      )
      const settled = await Promise.allSettled(posted.map((p, k) => workers[owner[k]!]!.post(p)))
      const failed = settled.find((r) => r.status === 'rejected')
      if (failed) throw failed.reason
      return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value as FeatureDrift)
    },
  }
}

/** A session on the main thread. */
export function localSession(plans: readonly SummaryPlan[]): SummarySession {
  const kept = new Map<number, SummaryAccumulator>()
  return {
    feed(parts) {
      for (const { key, part } of parts) {
        runKeptTask(kept, { kind: 'feed', key, summary: plans[key]!, part })
      }
      return Promise.resolve()
    },
    finish(entries, noiseLevel) {
      return Promise.resolve(
        entries.map((entry, key) => runKeptTask(kept, { kind: 'finish', key, entry, noiseLevel })!),
      )
    },
  }
}

// --- internal ---

/** Relative cost of a numeric summary (a distribution) to a categorical one (a count). */
const NUMERIC_WEIGHT = 4

function weight(plan: SummaryPlan): number {
  return plan.kind === 'numeric' ? NUMERIC_WEIGHT : 1
}
