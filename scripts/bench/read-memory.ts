import { join } from 'node:path'
import type { Table } from '@mlgate/data'
import { readTable } from '@mlgate/data'
import { nodeWithPeakRss } from './peak-rss.ts'

/** One file read in a fresh process, as a gate reads it, with its peak memory. */
export type ReadMemoryStep = {
  readonly step: string
  readonly seconds: number
  /** Peak resident set of the whole process (GNU time), null without /usr/bin/time. */
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
 * Each of `reads` in a fresh `node dist/bench.js --read FILE` under GNU time (on `node`): the
 * peak memory of a process that reads one file, against the size of what it decoded. The child
 * restarts itself for huge pages as the CLI and the actions do (Node 22.15 and later).
 */
export function benchReadMemory(
  root: string,
  reads: readonly { readonly step: string; readonly file: string; readonly threads?: string }[],
  node = process.execPath,
): ReadMemoryStep[] {
  const script = join(root, 'dist', 'bench.js')
  return reads.map(({ step, file, threads }) => {
    const env = { PATH: process.env['PATH'] ?? '', ...(threads ? { MLGATE_THREADS: threads } : {}) }
    const { child, peakRssMib } = nodeWithPeakRss([script, '--read', file], env, node)
    if (child.status !== 0) throw new Error(`reading ${file} failed: ${child.stderr.slice(-2000)}`)
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ReadReport
    const result: ReadMemoryStep = {
      step,
      seconds: report.seconds,
      peakRssMib,
      decodedMib: report.decodedBytes / 2 ** 20,
    }
    process.stderr.write(
      `${step.padEnd(44)} ${result.seconds.toFixed(3).padStart(8)} s  peak RSS ${result.peakRssMib?.toFixed(0) ?? '?'} MiB for ${result.decodedMib.toFixed(0)} MiB decoded\n`,
    )
    return result
  })
}

// --- internal ---

function decodedBytes(table: Table): number {
  let bytes = 0
  for (const c of table.columns) {
    bytes += c.type === 'string' ? c.codes.byteLength : c.values.byteLength
    if (c.type !== 'string' && c.missing) bytes += c.missing.byteLength
  }
  return bytes
}
