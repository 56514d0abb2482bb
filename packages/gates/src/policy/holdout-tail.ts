import { statSync } from 'node:fs'
import type { CsvRangeHelper, CsvScanTail, CsvTailPlan } from '@mlgate/data'
import { planCsvTail, readsWithHelper } from '@mlgate/data'
import { inspectModel } from '@mlgate/onnx'
import { columnsScored } from '../scored-chunks.ts'
import type { HoldoutScoring } from './workspace.ts'
import { keptColumns } from './workspace.ts'

/**
 * The part of a CSV holdout's bytes, from the end, that the drift gate's worker reads before its
 * comparisons while the main thread scans the rest. The main thread scores every row and the
 * worker only parses, but the worker's comparisons end later by as long, and the run ends when
 * both threads have. Measured on the reference workload (cached `mlgate run`, Node 24, 12
 * rounds of three alternating runs): 1.650 s with a fifth, 1.655 s with a quarter, 1.685 s
 * without (each faster in 8 of 12 rounds); 0.15 and 0.3 gained less. A profile of the run with
 * a fifth shows both threads ending within 0.1 s of each other. With the 100-tree ensemble,
 * which scores the current data on that worker, it is neither faster nor slower (3 pairs,
 * 5.45–5.70 s against 5.52–5.72 s).
 */
export const HOLDOUT_TAIL_SHARE = 0.2

/**
 * The most bytes of a holdout its tail takes: the tail's columns are held whole until the scan
 * takes them, so that the scan of a large holdout still holds a bounded part of its rows at once
 * (64 MiB of the reference workload decode to about 55 MB in the 22 columns the tail decodes).
 */
export const HOLDOUT_TAIL_MAX_BYTES = 64 * 1024 * 1024

/** A holdout's tail, planned at once and handed to the drift gate's worker when it has one. */
export type HoldoutTail = {
  /**
   * Gives the tail to the worker (`DriftRunHooks.beforeComparing`), once, unless `needed` says
   * the holdout will not be scanned (a cold drift gate has read it whole as its reference).
   */
  readonly beforeComparing: (read: CsvRangeHelper['read']) => void
  /** The tail as the scan takes it (`scanCsv`), once given to a worker; else undefined. */
  scanTail(): CsvScanTail | undefined
  /** Settles once the tail is planned, or found not to be. */
  readonly planned: Promise<void>
}

/**
 * Plans the last `HOLDOUT_TAIL_SHARE` of the holdout `path`, `maxBytes` at most
 * (`HOLDOUT_TAIL_MAX_BYTES` when omitted), scored in chunks for `scorings`, when it is a CSV file
 * of at least `above` bytes (`readsWithHelper`): the columns the chunks hold, from the models'
 * inputs, then a header and a line break found. The plan is ready long before the drift gate has
 * read its current data. A tail not planned by then (a model that cannot be read: the gates that
 * open it report why), or never given to a worker, leaves the scan to read the whole file.
 */
export function holdoutTail(
  path: string,
  scorings: readonly HoldoutScoring[],
  needed: () => boolean,
  options: {
    readonly above: number | undefined
    readonly blockBytes: number | undefined
    readonly maxBytes?: number
  },
): HoldoutTail {
  const { above, blockBytes, maxBytes = HOLDOUT_TAIL_MAX_BYTES } = options
  let plan: CsvTailPlan | undefined
  let tail: CsvScanTail | undefined
  const planned = readsWithHelper(path, undefined, above)
    ? scannedColumns(scorings)
        .then((columns) =>
          planCsvTail(path, { share: HOLDOUT_TAIL_SHARE, maxBytes, columns, blockBytes }),
        )
        .then(
          (made) => {
            plan = made
          },
          () => undefined,
        )
    : Promise.resolve()
  return {
    planned,
    beforeComparing(read) {
      if (plan === undefined || tail !== undefined || !needed()) return
      tail = { split: plan.split, size: plan.size, part: read(plan.job) }
    },
    scanTail: () => tail,
  }
}

// --- internal ---

/**
 * The columns the scan's chunks hold (as `scoreInChunks` chooses them), or undefined for all:
 * also when a model file is `INSPECT_BELOW_BYTES` or more, which would take long to decode a
 * second time just for its inputs (the worker then parses every column).
 */
async function scannedColumns(
  scorings: readonly HoldoutScoring[],
): Promise<Set<string> | undefined> {
  const large = (s: HoldoutScoring) =>
    (statSync(s.model, { throwIfNoEntry: false })?.size ?? 0) >= INSPECT_BELOW_BYTES
  if (scorings.some(large)) return undefined
  const infos = await Promise.all(scorings.map((s) => inspectModel(s.model)))
  const scored = columnsScored(
    infos.map((info, i) => ({ info, columns: scorings[i]!.spec.columns })),
  )
  return scored && new Set([...keptColumns(scorings), ...scored])
}

/** Model files from this size on are not decoded to plan the tail (see `scannedColumns`). */
const INSPECT_BELOW_BYTES = 8 * 1024 * 1024
