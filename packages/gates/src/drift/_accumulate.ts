import type { Column } from '@mlgate/data'
import type { KeyGrid } from '@mlgate/stats'
import { columnDistribution, distributionMerger, keyedCounter, keyedDistinct } from '@mlgate/stats'
import { categoryCounts } from './_columns.ts'
import type { CurrentSummary } from './feature-drift.ts'
import type { FeatureProfile } from './profile.ts'
import { isKeyed } from './profile.ts'

/**
 * The summary of a current column read in consecutive parts (chunks of a CSV file), built up
 * part by part: `finish` gives what `summarizeCurrent` gives for the whole column, double for
 * double, while memory holds only the merged summary (a numeric column's distinct values, a
 * categorical one's categories), never the column.
 *
 * A part whose cells are all missing may have any type. Otherwise every part must have the type
 * the whole column would have (`_stream.ts` checks that before adding): numbers for a numeric
 * profile; for a categorical one, one type throughout, since category names come from it (text
 * as written, numbers as their shortest decimal text, booleans as true/false).
 */
export type SummaryAccumulator = {
  add(part: Column): void
  finish(): CurrentSummary
}

/**
 * How a current column is summarised: by its profile's kind, and for a numeric profile decoded as
 * counts on a decimal grid (`decodeReference`), on that grid while the values fit it.
 */
export type SummaryPlan = { readonly kind: CurrentSummary['kind']; readonly grid?: KeyGrid }

export function summaryPlan(entry: FeatureProfile): SummaryPlan {
  if (entry.kind !== 'numeric' || !isKeyed(entry.distribution)) return { kind: entry.kind }
  const { scale, first, counts } = entry.distribution
  return { kind: 'numeric', grid: { scale, first, width: counts.length } }
}

export function summaryAccumulator(plan: SummaryPlan): SummaryAccumulator {
  return plan.kind === 'numeric' ? numericAccumulator(plan.grid) : categoricalAccumulator()
}

// --- internal ---

/**
 * Values a numeric summary gathers before it computes their distribution and merges it into the
 * column's: 2 MiB per column. A run per chunk (some 80,000 rows of the reference workload) made
 * the merges cost as much as the rest of a comparison; runs of 2^20 values left all the work for
 * the end of the file, where nothing overlaps it, and took 8 MiB per column. 2^18 values keep
 * the counting path of `columnDistribution` for ranges of up to a million steps, and merge each
 * value about log2(rows / 2^18) times.
 */
const RUN_VALUES = 1 << 18

/**
 * With a grid, values are counted on it (`keyedCounter`: one pass, no merges) until one does not
 * fit; from there on, and without a grid, they are gathered in runs whose distributions merge.
 */
function numericAccumulator(grid: KeyGrid | undefined): SummaryAccumulator {
  const counter = grid ? keyedCounter(grid) : undefined
  let counting = counter !== undefined
  const merger = distributionMerger()
  let run: Float64Array | undefined
  let filled = 0
  let rows = 0
  let present = 0
  let missing = 0
  const flush = () => {
    if (filled === 0) return
    const d = columnDistribution(run!.subarray(0, filled))
    present += d.present
    missing += d.missing
    if (d.distinct.values.length > 0) merger.add(d.distinct)
    filled = 0
  }
  return {
    add(part) {
      if (part.type === 'string') {
        if (part.nullCount !== part.codes.length) {
          throw new Error(`summaryAccumulator: text in numeric column "${part.name}"`)
        }
        rows += part.codes.length
        missing += part.codes.length
        return
      }
      const values = part.values
      rows += values.length
      let from = 0
      if (counting) {
        from = counter!.add(values)
        counting = from === values.length
        if (counting) return
      }
      run ??= new Float64Array(RUN_VALUES)
      for (let at = from; at < values.length;) {
        const n = Math.min(values.length - at, RUN_VALUES - filled)
        run.set(values.subarray(at, at + n), filled)
        filled += n
        at += n
        if (filled === RUN_VALUES) flush()
      }
    },
    finish() {
      flush()
      run = undefined
      if (counter) {
        const counted = counter.result()
        if (counting)
          return { kind: 'numeric', rows, ...counted, missing: missing + counted.missing }
        // The values counted before one did not fit join the merged runs.
        if (counted.keyed.present > 0) merger.add(keyedDistinct(counted.keyed))
        present += counted.keyed.present
        missing += counted.missing
      }
      return {
        kind: 'numeric',
        rows,
        distribution: { distinct: merger.result(), present, missing },
      }
    },
  }
}

function categoricalAccumulator(): SummaryAccumulator {
  // Categories in order of first appearance, as a whole column's dictionary holds them.
  const index = new Map<string, number>()
  const names: string[] = []
  const counts: number[] = []
  let missing = 0
  return {
    add(part) {
      const c = categoryCounts(part)
      missing += c.missing
      c.names.forEach((name, i) => {
        const n = c.counts[i]!
        if (n === 0) return
        const at = index.get(name)
        if (at !== undefined) counts[at]! += n
        else {
          index.set(name, names.length)
          names.push(name)
          counts.push(n)
        }
      })
    },
    finish() {
      return {
        kind: 'categorical',
        counts: { names, counts: Float64Array.from(counts), missing },
      }
    },
  }
}
