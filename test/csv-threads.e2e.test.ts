import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './support/repo-paths.ts'
import { nodeRuntimes } from './support/run-action.ts'

/**
 * The CSV reader's second thread in the built bundles: dist/mlgate.js starts dist/csv-worker.js
 * for files of 32 MiB or more. Its tables must be those of one thread, and a worker that fails
 * must be heard of (a warning), not hidden behind the one-thread fallback.
 */

const run = promisify(execFile)
// Scratch space under node_modules, so that a copy of dist/ still finds the packages it imports.
const scratch = join(REPO_ROOT, 'node_modules', '.cache')
const twoCores = availableParallelism() >= 2

type Outcome = { code: number; stdout: string; stderr: string }
type Report = { context: Record<string, unknown> } & Record<string, unknown>

let dir: string

/**
 * About 35 MB of rows with decimals, negatives, missing cells, text and a category; with
 * `quotes`, some quoted cells too (then the worker's rows cannot be counted ahead and go to
 * arrays of their own; without, it writes them in place).
 */
function writeLargeCsv(path: string, seed: number, shift: number, quotes: boolean): void {
  let state = seed
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
  const lines = ['id,x1,x2,x3,x4,x5,x6,x7,x8,city,note,label']
  const cities = ['Lyon', 'Oslo', 'Porto', 'Kyoto', 'Quito']
  for (let i = 0; i < 520_000; i++) {
    const cells = [String(i)]
    for (let c = 1; c <= 8; c++) {
      const u = next()
      cells.push(u < 0.01 ? '' : ((u - 0.5) * 100 * c + shift).toFixed(c % 4))
    }
    cells.push(cities[Math.floor(next() * cities.length)]!)
    const u = next()
    const quoted = quotes ? '"said ""hi"", then left"' : 'said hi'
    cells.push(u < 0.02 ? quoted : u < 0.04 ? '' : `n${Math.floor(u * 50)}`)
    cells.push(next() < 0.3 ? '1' : '0')
    lines.push(cells.join(','))
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
}

/** `mlgate drift` of the two files with the given bundle and Node; the report as JSON. */
async function drift(
  cli: string,
  env: Record<string, string> = {},
  node = process.execPath,
): Promise<Outcome> {
  return run(
    node,
    [
      cli,
      'drift',
      '--reference',
      join(dir, 'reference.csv'),
      '--current',
      join(dir, 'current.csv'),
      '--label',
      'label',
      '--json',
    ],
    { env: { PATH: process.env['PATH'] ?? '', ...env }, maxBuffer: 64 << 20 },
  ).then(
    (r) => ({ code: 0, ...r }),
    (e: Outcome) => e,
  )
}

/** A report without what may differ between runs: timings and the thread count. */
function comparable(stdout: string): Report {
  const r = JSON.parse(stdout) as Report
  const context = Object.fromEntries(
    Object.entries(r.context).filter(([k]) => !k.endsWith('_ms') && k !== 'threads'),
  )
  return { ...r, context }
}

beforeAll(() => {
  mkdirSync(scratch, { recursive: true })
  dir = mkdtempSync(join(scratch, 'mlgate-csv-threads-'))
  writeLargeCsv(join(dir, 'reference.csv'), 7, 0, false)
  writeLargeCsv(join(dir, 'current.csv'), 8, 40, true)
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!twoCores)('CSV files read on two threads, from the built bundles', () => {
  describe.each(nodeRuntimes())('on $label', (runtime) => {
    it.skipIf(runtime.missing !== undefined)(
      runtime.missing ?? 'dist/mlgate.js reads them into the one-thread tables, without warnings',
      async () => {
        const cli = join(REPO_ROOT, 'dist', 'mlgate.js')
        expect(existsSync(join(REPO_ROOT, 'dist', 'csv-worker.js'))).toBe(true)
        const two = await drift(cli, {}, runtime.path)
        const one = await drift(cli, { MLGATE_THREADS: '1' }, runtime.path)
        expect(two.stderr).toBe('')
        expect(one.stderr).toBe('')
        expect(two.code).toBe(1) // the current data drifts
        expect(comparable(two.stdout)).toEqual(comparable(one.stdout))
      },
    )
  })

  it('warns when the second thread fails, and still gives the same tables', async () => {
    const broken = join(dir, 'dist')
    cpSync(join(REPO_ROOT, 'dist'), broken, { recursive: true })
    writeFileSync(join(broken, 'csv-worker.js'), "throw new Error('a damaged install')\n")
    const warned = await drift(join(broken, 'mlgate.js'))
    const one = await drift(join(REPO_ROOT, 'dist', 'mlgate.js'), { MLGATE_THREADS: '1' })
    expect(warned.stderr).toMatch(/MLGATE_CSV_THREAD/)
    expect(warned.stderr).toMatch(/second thread failed \(a damaged install\)/)
    expect(warned.stderr).toContain('reference.csv was read on one thread')
    expect(comparable(warned.stdout)).toEqual(comparable(one.stdout))
  })
})

describe.skipIf(twoCores)('CSV files read on two threads', () => {
  it.skip('needs two cores or more: this machine has one, so every CSV file is read on one thread', () => {})
})
