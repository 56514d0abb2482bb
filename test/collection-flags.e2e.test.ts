import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './support/repo-paths.ts'
import { nodeRuntimes } from './support/run-action.ts'

/**
 * The engine flags of packages/data/src/collections.ts on the Node the actions run on: with
 * `setCollectionFlags`, dead arrays no longer start a full collection per 64 MB allocated.
 */
const node24 = nodeRuntimes().find((r) => r.label === 'node24')!
const scratch = mkdtempSync(join(tmpdir(), 'mlgate-collection-flags-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * A process that allocates and fills 512 MB of arrays, one 8 MB array alive at a time, and prints
 * how many full collections ran meanwhile; with `set`, after `setCollectionFlags`. Node 24 loads
 * the module's TypeScript source as it is.
 */
const PROBE = `
import { constants, PerformanceObserver } from 'node:perf_hooks'
const { setCollectionFlags } = await import(process.argv[2])
if (process.argv[3] === 'set') setCollectionFlags()
let major = 0
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++
}).observe({ entryTypes: ['gc'] })
let alive
for (let i = 0; i < 64; i++) (alive = new Float64Array(1 << 20)).fill(i)
setTimeout(() => console.log(JSON.stringify({ major, last: alive[0] })), 50)
`

function fullCollections(mode: 'set' | 'default'): number {
  const probe = join(scratch, 'probe.mjs')
  writeFileSync(probe, PROBE)
  const module = pathToFileURL(join(REPO_ROOT, 'packages/data/src/collections.ts')).href
  const run = spawnSync(node24.path, [probe, module, mode], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  // An engine that did not know the flag would have said so here.
  expect(run.stderr).not.toMatch(/unrecognized flag/)
  const out = JSON.parse(run.stdout) as { major: number; last: number }
  expect(out.last).toBe(63)
  return out.major
}

describe.skipIf(node24.missing != null)('collection flags on Node 24', () => {
  it('leaves dead arrays to the heap limit instead of a full collection per 64 MB', () => {
    const byDefault = fullCollections('default')
    const withFlags = fullCollections('set')
    expect(byDefault).toBeGreaterThanOrEqual(3)
    expect(withFlags).toBeLessThan(byDefault / 2)
  })
})
