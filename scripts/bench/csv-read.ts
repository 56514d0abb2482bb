/**
 * The CSV reader alone on one file, for work on its speed: `readTable` (the file read in blocks
 * while it is parsed) and `parseCsv` (bytes already in memory) several times in one process,
 * then `readTable` once in each of several fresh processes (cold JIT, as a gate run sees it).
 * Prints MB/s per run and the medians. On a shared machine other work moves the figures, so it
 * also prints the load average and the speed of a plain JS loop over the same bytes (the
 * machine's pace at that moment), and for fresh processes the main thread's CPU time (Linux).
 *
 *   npx esbuild scripts/bench/csv-read.ts --bundle --platform=node --format=esm \
 *     --external:@duckdb/* --outfile=dist/csv-read.mjs && node dist/csv-read.mjs [file.csv] [--runs 5]
 *
 * The default file is the reference workload's ref.csv (bench-out/data-1000000, written by
 * `npm run bench` or ../shared/bench/gen.mjs).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parseCsv, readTable } from '@mlgate/data'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    // Internal: one timed readTable, printed as "seconds mainThreadCpuSeconds", for fresh runs.
    once: { type: 'boolean', default: false },
  },
})
const root = fileURLToPath(new URL('..', import.meta.url))
const file = positionals[0] ?? join(root, 'bench-out', 'data-1000000', 'ref.csv')
const runs = Number(values.runs)
const megabytes = statSync(file).size / 1e6

if (values.once) {
  const cpu = mainThreadCpu()
  const seconds = await time(() => readTable(file))
  process.stdout.write(`${seconds} ${mainThreadCpu() - cpu}\n`)
} else {
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  process.stderr.write(`${file}: ${megabytes.toFixed(0)} MB, load average ${load()}\n`)
  const bytes = readFileSync(file)
  report('plain JS loop over the bytes', [await time(() => byteSum(bytes))])

  const inProcess: number[] = []
  for (let i = 0; i < runs; i++) inProcess.push(await time(() => readTable(file)))
  report('readTable, one process', inProcess)

  const parseOnly: number[] = []
  for (let i = 0; i < runs; i++) parseOnly.push(await time(() => parseCsv(bytes, file)))
  report('parseCsv on bytes in memory', parseOnly)

  const fresh: number[] = []
  const cpu: number[] = []
  const script = fileURLToPath(import.meta.url)
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [script, file, '--once'], { encoding: 'utf8' })
    const [seconds = NaN, mainCpu = NaN] = out.trim().split(' ').map(Number)
    fresh.push(seconds)
    cpu.push(mainCpu)
  }
  report('readTable, fresh process each', fresh)
  if (cpu.every((s) => s > 0)) {
    process.stdout.write(
      `${'  main thread CPU'.padEnd(32)} median ${median(cpu).toFixed(3)} s (the rest of the wall time is waiting)\n`,
    )
  }
  process.stderr.write(`load average after: ${load()}\n`)
}

// --- internal ---

async function time(run: () => unknown): Promise<number> {
  const started = process.hrtime.bigint()
  await run()
  return Number(process.hrtime.bigint() - started) / 1e9
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
}

function report(what: string, seconds: readonly number[]): void {
  const m = median(seconds)
  const each = seconds.map((s) => `${(megabytes / s).toFixed(0)}`).join(' ')
  process.stdout.write(
    `${what.padEnd(32)} median ${m.toFixed(3)} s = ${(megabytes / m).toFixed(0)} MB/s  (runs, MB/s: ${each})\n`,
  )
}

/** A byte loop with nothing else to do: the ceiling for any JS parser on this machine now. */
function byteSum(bytes: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < bytes.length; i++) sum = (sum + (bytes[i] as number)) | 0
  return sum
}

/** Seconds the main thread has been on a CPU (Linux; 0 elsewhere). */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')
    return Number(stat.split(' ')[0]) / 1e9
  } catch {
    return 0
  }
}
