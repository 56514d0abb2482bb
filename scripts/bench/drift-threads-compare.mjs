// Runs drift-threads.js (bundled by build-drift-threads.mjs) in several variants in turn,
// `--repeat` times, each run in its own process under /usr/bin/time -v, and prints the medians of
// wall time, the gate's timings and peak RSS, with the load average before and after (the
// machine may be shared: compare only figures taken in the same conditions). A variant is
// `label=bundle-folder:threads[:stream-above-bytes]`; the default compares 1 and 2 threads of
// bench-out/dw.
//
//   node scripts/bench/drift-threads-compare.mjs --data DIR [--mode profile|cold]
//     [--profile FILE] [--variants before=bench-out/old:1,1=bench-out/dw:1,2=bench-out/dw:2]
//     [--repeat 5]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '1=bench-out/dw:1,2=bench-out/dw:2' },
    data: { type: 'string' },
    mode: { type: 'string', default: 'profile' },
    profile: { type: 'string' },
    current: { type: 'string' },
    repeat: { type: 'string', default: '5' },
  },
})
if (!values.data) throw new Error('--data DIR is required')
const args = ['--data', values.data, '--mode', values.mode]
if (values.profile) args.push('--profile', values.profile)
if (values.current) args.push('--current', values.current)
const variants = values.variants.split(',').map((v) => {
  const [label, rest] = v.split('=')
  const [bundle, threads, streamAbove] = rest.split(':')
  const extra = streamAbove === undefined ? [] : ['--stream-above', streamAbove]
  return { label, script: join(bundle, 'drift-threads.js'), threads, extra }
})
const runs = new Map(variants.map((v) => [v.label, []]))

const scratch = mkdtempSync(join(tmpdir(), 'mlgate-drift-compare-'))
const timeFile = join(scratch, 'time.txt')
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
process.stdout.write(`load before: ${load()}\n`)
for (let r = 0; r < Number(values.repeat); r++) {
  for (const { label, script, threads, extra } of variants) {
    let stdout
    try {
      stdout = execFileSync(
        '/usr/bin/time',
        ['-v', '-o', timeFile, process.execPath, script, ...args, ...extra],
        { env: { ...process.env, MLGATE_THREADS: threads }, encoding: 'utf8', maxBuffer: 1 << 24 },
      )
    } catch (error) {
      throw new Error(`run failed: ${error.stderr ?? error}`)
    }
    const report = readFileSync(timeFile, 'utf8')
    const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(report)?.[1])
    const run = JSON.parse(stdout.trim().split('\n').at(-1))
    runs.get(label).push({
      ...run,
      // CPU seconds of all threads: what the run costs whatever else shares the machine.
      cpu_seconds: Number(
        (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')).toFixed(2),
      ),
      peak_rss_mb: Math.round(field('Maximum resident set size \\(kbytes\\)') / 1024),
    })
  }
}
process.stdout.write(`load after: ${load()}\n`)
rmSync(scratch, { recursive: true, force: true })
const keys = [...new Set([...runs.values()].flat().flatMap((r) => Object.keys(r)))].filter(
  (k) => k === 'seconds' || k === 'cpu_seconds' || k.endsWith('_ms') || k === 'peak_rss_mb',
)
process.stdout.write(
  `| variant | ${keys.join(' | ')} | digest |\n|${' --- |'.repeat(keys.length + 2)}\n`,
)
for (const [label, list] of runs) {
  const med = (k) => {
    const xs = list
      .map((r) => r[k])
      .filter((x) => typeof x === 'number')
      .sort((a, b) => a - b)
    return xs.length === 0 ? '' : String(xs[Math.floor(xs.length / 2)])
  }
  const digests = [...new Set(list.map((r) => r.digest))].join(' ')
  process.stdout.write(`| ${label} | ${keys.map(med).join(' | ')} | ${digests} |\n`)
}
