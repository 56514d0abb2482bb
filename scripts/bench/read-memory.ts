import { join } from 'node:path'
import type { Table } from '@mlgate/data'
import { columnRows, readTable } from '@mlgate/data'
import { nodeWithPeakRss } from './peak-rss.ts'
import { settle } from './settle.ts'
import { median } from './side-by-side.ts'

/**
 * Fresh processes per read. The same fresh read of the 216 MB file varied by up to 1.6× on the
 * bench machine (0.67–1.08 s on two threads, Node 24, each after the settling pause), more than
 * one thread differs from two; the median of three says which is faster.
 */
export const FRESH_READ_ROUNDS = 3

/** One file read in fresh processes, as a gate reads it, with its peak memory. */
export type ReadMemoryStep = {
  readonly step: string
  /** The median of `runs`. */
  readonly seconds: number
  /** Each fresh process's read, in the order they ran. */
  readonly runs: readonly number[]
  /** The largest peak resident set of the processes (GNU time), null without /usr/bin/time. */
  readonly peakRssMib: number | null
  /** Bytes of the table's arrays: values, missing-cell marks, text codes. */
  readonly decodedMib: number
}

/** What `bench.js --read FILE` prints: the read's seconds and the decoded columns' bytes. */
type ReadReport = { readonly seconds: number; readonly decodedBytes: number }

/** Reads `file` (the child side of `benchReadMemory`) and prints a `ReadReport` line. */
export async function readForMemory(file: string): Promise<void> {
  const started = process.hrtime.bigint()
  const table = await readTable(file)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const report: ReadReport = { seconds, decodedBytes: decodedBytes(table) }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

/**
 * Each of `reads` in `FRESH_READ_ROUNDS` fresh `node dist/bench.js --read FILE` processes under
 * GNU time (on `node`), round by round so that each read meets the others' aftermath alike: the
 * peak memory of a process that reads one file, against the size of what it decoded. The child
 * restarts itself for huge pages as the CLI and the actions do (Node 22.15 and later).
 */
export function benchReadMemory(
  root: string,
  reads: readonly { readonly step: string; readonly file: string; readonly threads?: string }[],
  node = process.execPath,
): ReadMemoryStep[] {
  const script = join(root, 'dist', 'bench.js')
  const samples = reads.map(() => [] as (ReadReport & { readonly peakRssMib: number | null })[])
  for (let round = 0; round < FRESH_READ_ROUNDS; round++) {
    reads.forEach(({ file, threads }, i) => {
      settle()
      const env = {
        PATH: process.env['PATH'] ?? '',
        ...(threads ? { MLGATE_THREADS: threads } : {}),
      }
      const { child, peakRssMib } = nodeWithPeakRss([script, '--read', file], env, node)
      if (child.status !== 0) {
        throw new Error(`reading ${file} failed: ${child.stderr.slice(-2000)}`)
      }
      const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ReadReport
      samples[i]?.push({ ...report, peakRssMib })
    })
  }
  return reads.map(({ step }, i) => {
    const runs = samples[i] ?? []
    const seconds = runs.map((r) => r.seconds)
    const peaks = runs.map((r) => r.peakRssMib)
    const result: ReadMemoryStep = {
      step,
      seconds: median(seconds),
      runs: seconds,
      peakRssMib: peaks.includes(null) ? null : Math.max(...(peaks as number[])),
      decodedMib: (runs[0]?.decodedBytes ?? 0) / 2 ** 20,
    }
    process.stderr.write(
      `${step.padEnd(44)} ${result.seconds.toFixed(3).padStart(8)} s median (${seconds.map((x) => x.toFixed(3)).join(', ')})  peak RSS ${result.peakRssMib?.toFixed(0) ?? '?'} MiB for ${result.decodedMib.toFixed(0)} MiB decoded\n`,
    )
    return result
  })
}

// --- internal ---

/**
 * The decoded columns' bytes with every number as a double, however the reader holds them
 * (decimal keys take half): the yardstick stays the same from reader to reader.
 */
function decodedBytes(table: Table): number {
  let bytes = 0
  for (const c of table.columns) {
    bytes += c.type === 'string' ? c.codes.byteLength : 8 * columnRows(c)
    if (c.type !== 'string' && c.missing) bytes += c.missing.byteLength
  }
  return bytes
}
