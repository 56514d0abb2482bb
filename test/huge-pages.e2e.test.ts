import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, builtAction } from './support/repo-paths.ts'
import { nodeRuntimes } from './support/run-action.ts'

/**
 * The relaunch under huge pages (packages/gates/src/huge-pages.ts), on the Node the actions run
 * on: Node 24 has `process.execve`, Node 20 does not and goes on as it is.
 */
const node24 = nodeRuntimes().find((r) => r.label === 'node24')!
const thpMode = (() => {
  try {
    return /\[(\w+)\]/.exec(
      readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'),
    )?.[1]
  } catch {
    return undefined
  }
})()
const noMadvise =
  thpMode === 'madvise'
    ? undefined
    : `this kernel's THP mode is ${thpMode ?? 'unknown'}, not madvise: nothing to relaunch for`

const scratch = mkdtempSync(join(tmpdir(), 'mlgate-huge-pages-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The environment of these tests' processes, without any huge-page setting of the caller's. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  delete env['GLIBC_TUNABLES']
  if (extra['MLGATE_HUGE_PAGES'] == null) delete env['MLGATE_HUGE_PAGES']
  return env
}

type Probe = {
  pid: number
  tunables: string | null
  args: string[]
  hugeKb: number
}

/**
 * Runs a script that relaunches as the entry points do, then fills 64 MiB and reports its pid,
 * GLIBC_TUNABLES, arguments and the huge pages it holds (/proc/self/smaps_rollup).
 */
function probe(env: NodeJS.ProcessEnv): { probe: Probe; pid: number; status: number | null } {
  const script = join(scratch, 'probe.mjs')
  const module = pathToFileURL(join(REPO_ROOT, 'packages/gates/src/huge-pages.ts')).href
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs'
import { relaunchWithHugePages } from ${JSON.stringify(module)}
relaunchWithHugePages()
const big = new Float64Array(8 << 20).fill(1)
const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8')
const hugeKb = Number(/AnonHugePages:\\s+(\\d+)/.exec(rollup)?.[1] ?? 0)
const tunables = process.env.GLIBC_TUNABLES ?? null
process.stdout.write(JSON.stringify({ pid: process.pid, tunables, args: process.argv.slice(2), hugeKb, one: big[12345] }))
process.exitCode = 3
`,
  )
  const run = spawnSync(node24.path, ['--no-warnings', script, 'a', 'b c'], {
    env,
    encoding: 'utf8',
  })
  expect(run.stderr).toBe('')
  return { probe: JSON.parse(run.stdout) as Probe, pid: run.pid ?? -1, status: run.status }
}

describe.skipIf(node24.missing != null)('huge pages on Node 24', () => {
  it.skipIf(noMadvise != null)(
    'replaces the process with one whose large arrays sit in huge pages: same pid, arguments and exit code',
    () => {
      const { probe: relaunched, pid, status } = probe(cleanEnv({ MLGATE_HUGE_PAGES: '1' }))
      expect(status).toBe(3)
      expect(relaunched.pid).toBe(pid)
      expect(relaunched.args).toEqual(['a', 'b c'])
      expect(relaunched.tunables).toBe(
        'glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432',
      )
      expect(relaunched.hugeKb).toBeGreaterThan(0)

      // The same script with the relaunch turned off: the same pid, and 4 KiB pages only.
      const { probe: plain } = probe(cleanEnv({ MLGATE_HUGE_PAGES: '0' }))
      expect(plain.tunables).toBeNull()
      expect(plain.hugeKb).toBe(0)

      // Left to the faults' cost (unit-tested in packages/gates): all the tunables or none.
      const { probe: timed } = probe(cleanEnv())
      if (timed.tunables == null) expect(timed.hugeKb).toBe(0)
      else expect(timed.tunables).toBe(relaunched.tunables)
    },
  )

  it('the CLI and the actions relaunch before anything else runs', () => {
    // A value the relaunch reads and refuses shows on stderr only if the entry point asked.
    for (const entry of [`${REPO_ROOT}dist/mlgate.js`, builtAction('accuracy-gate')]) {
      const run = spawnSync(node24.path, [entry, 'help'], {
        env: cleanEnv({ MLGATE_HUGE_PAGES: 'yes' }),
        encoding: 'utf8',
      })
      expect(run.stderr.split('\n')[0], entry).toBe(
        'mlgate: MLGATE_HUGE_PAGES=yes is not 0 or 1; going on as if unset (huge pages where page faults are slow; 0 turns them off, 1 on).',
      )
    }
  })
})

if (noMadvise != null) {
  describe('huge pages', () => {
    it.skip(noMadvise, () => {})
  })
}
