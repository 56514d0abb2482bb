import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './support/repo-paths.ts'
import { nodeRuntimes } from './support/run-action.ts'

/**
 * The compile cache (packages/gates/src/compile-cache.ts) on the Node the actions run on: the CLI
 * turns it on in its own folder of the temporary directory, and its worker threads use it too.
 */
const node24 = nodeRuntimes().find((r) => r.label === 'node24')!
const scratch = mkdtempSync(join(tmpdir(), 'mlgate-compile-cache-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const fixtures = join(REPO_ROOT, 'packages/gates/test/fixtures')

/** One `mlgate drift` on two worker threads with TMPDIR at `tmp`; Node's cache log on stderr. */
function drift(tmp: string, extra: Record<string, string> = {}): string {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    MLGATE_THREADS: '2',
    NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
    ...extra,
  }
  delete env['NODE_COMPILE_CACHE']
  const run = spawnSync(
    node24.path,
    [
      join(REPO_ROOT, 'dist/mlgate.js'),
      'drift',
      '--reference',
      join(fixtures, 'drift-bc-reference.csv'),
      '--current',
      join(fixtures, 'drift-bc-shifted.csv'),
    ],
    { env, encoding: 'utf8' },
  )
  // 1: the shifted data fails the gate, as it should.
  expect(run.status, run.stderr.slice(-2000)).toBe(1)
  return run.stderr
}

/** Whether the log shows a cached compile of a bundle file whose name matches `file`. */
const accepted = (log: string, file: string) =>
  new RegExp(`code cache for ESM file://\\S*/dist/${file} was accepted`).test(log)

describe.skipIf(node24.missing != null)('compile cache on Node 24', () => {
  it('fills a cache in the temporary directory that the next run and its workers load', () => {
    const tmp = mkdtempSync(join(scratch, 'tmp-'))
    const first = drift(tmp)
    expect(accepted(first, 'drift-worker.js')).toBe(false)
    expect(existsSync(join(tmp, 'node-compile-cache'))).toBe(true)
    const second = drift(tmp)
    // The entry file itself is compiled before it turns the cache on; what it loads is cached.
    expect(accepted(second, 'main-\\w+\\.js')).toBe(true)
    expect(accepted(second, 'drift-worker.js')).toBe(true)
    // Every script is compiled under the same V8 flags, so V8 takes every cached one.
    expect(second.match(/code cache for ESM \S+ was rejected/g)).toBeNull()
  })

  it('stays off with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const tmp = mkdtempSync(join(scratch, 'off-'))
    drift(tmp, { NODE_DISABLE_COMPILE_CACHE: '1' })
    expect(existsSync(join(tmp, 'node-compile-cache'))).toBe(false)
  })
})

const missing = node24.missing
if (missing != null) {
  describe('compile cache', () => {
    it.skip(missing, () => {})
  })
}
