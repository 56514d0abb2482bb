/**
 * Where worker threads start to pay for the drift comparison: the same 32 columns as the reference
 * workload (20 normal with 4 decimals, 5 counts, 5 amounts with 2 decimals and 1% missing in
 * two, 2 categories), at growing row counts, compared with a profile held in memory on the main
 * thread and on 2 workers, start-up included. Each measurement runs in a fresh process, so that
 * both sides start with cold code as a gate run does; medians of `--repeat`, alternating.
 * Bundle it with build-drift-threads.mjs, then:
 *
 *   node bench-out/dw/drift-break-even.js [--rows 5000,20000,...] [--repeat 5]
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Column } from '@mlgate/data'
import { makeTable } from '@mlgate/data'
import {
  buildProfile,
  driftConfigSchema,
  driftWorkers,
  evaluateDrift,
  evaluateDriftWith,
  parseProfile,
  serializeProfile,
} from '@mlgate/gates'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000,10000,20000,50000,100000,200000,500000' },
    repeat: { type: 'string', default: '5' },
    one: { type: 'string' },
    profile: { type: 'string' },
    'write-profile': { type: 'string' },
  },
})
const config = driftConfigSchema.parse({ current: 'cur', reference: 'ref' })

if (values['write-profile'] !== undefined) {
  writeFileSync(values['write-profile'], serializeProfile(referenceProfile(Number(values.rows))))
} else if (values.one !== undefined) {
  const rows = Number(values.rows)
  process.stdout.write(`${await measure(rows, values.profile!, values.one === 'workers')}\n`)
} else {
  const self = fileURLToPath(import.meta.url)
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-break-even-'))
  const file = join(dir, 'profile.json')
  const once = (rows: number, mode: string) =>
    Number(
      execFileSync(
        process.execPath,
        [self, '--rows', String(rows), '--one', mode, '--profile', file],
        { encoding: 'utf8' },
      ),
    )
  process.stdout.write('rows\tvalues\tmain ms\t2 workers ms\tmain / workers\n')
  for (const rows of values.rows.split(',').map(Number)) {
    writeFileSync(file, serializeProfile(referenceProfile(rows)))
    const main: number[] = []
    const pooled: number[] = []
    for (let r = 0; r < Number(values.repeat); r++) {
      main.push(once(rows, 'main'))
      pooled.push(once(rows, 'workers'))
    }
    const m = median(main)
    const p = median(pooled)
    process.stdout.write(
      `${rows}\t${rows * 32}\t${m.toFixed(1)}\t${p.toFixed(1)}\t${(m / p).toFixed(2)}\n`,
    )
  }
  rmSync(dir, { recursive: true, force: true })
}

/** Milliseconds of one comparison of `rows` rows, in this (fresh) process. */
async function measure(rows: number, file: string, workers: boolean): Promise<number> {
  // Read as a gate run reads it, so that no drift code has run on this thread before.
  const profile = parseProfile(readFileSync(file, 'utf8'), file)
  const current = workload(rows, 2, 0.3)
  const inputs = { profile, profileSource: file, current }
  const t = performance.now()
  if (workers) {
    const pool = driftWorkers(2)
    await evaluateDriftWith(pool, config, inputs)
    await pool.close()
  } else {
    evaluateDrift(config, inputs)
  }
  return performance.now() - t
}

// --- helpers ---

function referenceProfile(rows: number) {
  const reference = workload(rows, 1, 0)
  return buildProfile({
    table: reference,
    file: 'ref',
    sha256: '',
    features: reference.columns.map((c) => c.name),
    categorical: new Set(),
  })
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function numberColumn(name: string, values: Float64Array, missing: Uint8Array | null): Column {
  let nullCount = 0
  if (missing) for (const m of missing) nullCount += m
  return { name, type: 'number', values, missing, nullCount }
}

/** The reference workload's column kinds (performance.md), `shift` standard deviations apart. */
function workload(rows: number, seed: number, shift: number) {
  let state = seed * 2654435761
  const uniform = () => {
    state = (state * 48271) % 2147483647
    return (state + 0.5) / 2147483647
  }
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
  const columns: Column[] = []
  for (let j = 0; j < 30; j++) {
    const values = new Float64Array(rows)
    const missing = j >= 28 ? new Uint8Array(rows) : null
    for (let i = 0; i < rows; i++) {
      const z = normal() + (j % 6 === 0 ? shift : 0)
      if (j < 20) values[i] = Math.round((j + 2 * z) * 1e4) / 1e4
      else if (j < 25) values[i] = Math.round(Math.exp(1 + 0.1 * j + 0.6 * z))
      else values[i] = Math.round(Math.exp(3 + 0.2 * j + 0.8 * z) * 100) / 100
      if (missing && uniform() < 0.01) {
        values[i] = NaN
        missing[i] = 1
      }
    }
    columns.push(numberColumn(`f${j}`, values, missing))
  }
  for (const [name, levels] of [
    ['country', 20],
    ['channel', 5],
  ] as const) {
    const dictionary = Array.from({ length: levels }, (_, k) => `${name}${k}`)
    const codes = Int32Array.from({ length: rows }, () => Math.floor(uniform() ** 2 * levels))
    columns.push({ name, type: 'string', codes, dictionary, nullCount: 0 })
  }
  return makeTable(`workload-${rows}`, columns)
}
