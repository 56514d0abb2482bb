/**
 * One drift run of the reference workload in its own process, for comparing thread counts and
 * peak memory (run it under `/usr/bin/time -v`). Bundle it beside the drift worker first:
 *
 *   node scripts/bench/build-drift-threads.mjs /tmp/dt
 *   MLGATE_THREADS=1 /usr/bin/time -v node /tmp/dt/drift-threads.js --data DIR --mode profile
 *
 * `--dump FILE` writes the result as JSON. `--stream-above BYTES` sets when the current file is read in chunks (a large number: never).
 * `--mode cold` compares ref.csv with cur.csv; `--mode profile` reads `--profile` (default
 * DIR/ref.profile.json, written by `--mode write-profile`) and cur.csv. Prints one JSON line: the
 * wall time, the gate's own timings, and a digest of the result (checks, metrics, tables) that
 * must not change with the thread count.
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  driftConfigSchema,
  driftProfileConfigSchema,
  runDriftGate,
  writeDriftProfile,
} from '@mlgate/gates'
import type { GateResult } from '@mlgate/gates'

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    mode: { type: 'string', default: 'profile' },
    profile: { type: 'string' },
    current: { type: 'string' },
    exclude: { type: 'string', default: 'gender,label' },
    'stream-above': { type: 'string' },
    dump: { type: 'string' },
  },
})
if (!values.data) throw new Error('--data DIR is required (a folder written by gen.mjs)')
const reference = join(values.data, 'ref.csv')
const current = values.current ?? join(values.data, 'cur.csv')
const profile = values.profile ?? join(values.data, 'ref.profile.json')
const exclude = values.exclude.split(',').filter((c) => c !== '')
const hooks =
  values['stream-above'] === undefined ? {} : { streamAboveBytes: Number(values['stream-above']) }

const started = performance.now()
let result: GateResult
if (values.mode === 'cold') {
  result = await runDriftGate(driftConfigSchema.parse({ reference, current, exclude }), hooks)
} else if (values.mode === 'write-profile') {
  result = await writeDriftProfile(
    driftProfileConfigSchema.parse({ reference, out: profile, exclude }),
  )
} else if (values.mode === 'profile') {
  result = await runDriftGate(driftConfigSchema.parse({ profile, current, exclude }), hooks)
} else {
  throw new Error(`--mode must be cold, profile or write-profile, got ${values.mode}`)
}
const seconds = (performance.now() - started) / 1000
if (values.dump) writeFileSync(values.dump, `${JSON.stringify(result, null, 1)}\n`)
const timings = Object.fromEntries(
  Object.entries(result.context).filter(([k]) => k.endsWith('_ms') || k.endsWith('_bytes')),
)
const digest = createHash('sha256')
  .update(JSON.stringify([result.status, result.checks, result.metrics, result.tables]))
  .digest('hex')
  .slice(0, 16)
process.stdout.write(
  `${JSON.stringify({ mode: values.mode, threads: process.env['MLGATE_THREADS'] ?? 'auto', seconds: Number(seconds.toFixed(3)), status: result.status, digest, ...timings })}\n`,
)
