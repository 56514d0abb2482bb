import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubStandIn, type GitHubStandIn } from './support/github-standin.ts'
import { actionYml, builtAction, REPO_ROOT } from './support/repo-paths.ts'
import { nodeRuntimes, runAction } from './support/run-action.ts'

/**
 * The drift worker in the built bundles: dist/mlgate.js and dist/drift-check.js start
 * dist/drift-worker.js from beside themselves. The fixtures are small, so MLGATE_THREADS forces
 * the workers that a large file would get anyway; the results must be those of one thread.
 */

const FIXTURES = join(REPO_ROOT, 'packages/gates/test/fixtures')
const reference = join(FIXTURES, 'drift-bc-reference.csv')
const shifted = join(FIXTURES, 'drift-bc-shifted.csv')
const run = promisify(execFile)

type Report = { context: Record<string, unknown> } & Record<string, unknown>

/** A report without what may differ between runs: timings and the thread count. */
function comparable(r: Report): Report {
  const context = Object.fromEntries(
    Object.entries(r.context).filter(([k]) => !k.endsWith('_ms') && k !== 'threads'),
  )
  return { ...r, context }
}

let workspace: string
let api: GitHubStandIn

beforeAll(async () => {
  api = await startGitHubStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-drift-threads-e2e-'))
  mkdirSync(join(workspace, 'data'))
  copyFileSync(reference, join(workspace, 'data', 'train.csv'))
  copyFileSync(shifted, join(workspace, 'data', 'drifted.csv'))
})

afterAll(async () => {
  await api?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

describe('drift on worker threads, from the built bundles', () => {
  it('dist/mlgate.js gives the one-thread result on two threads', async () => {
    const cli = async (threads: string): Promise<Report> => {
      const r = await run(
        process.execPath,
        [
          join(REPO_ROOT, 'dist/mlgate.js'),
          'drift',
          '--reference',
          reference,
          '--current',
          shifted,
          '--label',
          'diagnosis',
          '--json',
        ],
        { env: { PATH: process.env['PATH'] ?? '', MLGATE_THREADS: threads } },
      ).catch((e: { code: number; stdout: string; stderr: string }) => e)
      expect(r.stderr).toBe('')
      return JSON.parse(r.stdout) as Report
    }
    const one = await cli('1')
    const two = await cli('2')
    expect(one.context['threads']).toBe(1)
    expect(two.context['threads']).toBe(2)
    expect(two['status']).toBe('fail')
    expect(comparable(two)).toEqual(comparable(one))
  })

  it('refuses an MLGATE_THREADS that is not a number', async () => {
    const r = await run(
      process.execPath,
      [join(REPO_ROOT, 'dist/mlgate.js'), 'drift', '--reference', reference, '--current', shifted],
      { env: { PATH: process.env['PATH'] ?? '', MLGATE_THREADS: 'many' } },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e)
    expect('code' in r ? r.code : 0).toBe(2)
    expect(r.stderr).toMatch(/MLGATE_THREADS must be a whole number of threads .*got "many"/)
  })

  describe.each(nodeRuntimes())('dist/drift-check.js on $label', (runtime) => {
    it.skipIf(runtime.missing !== undefined)(
      runtime.missing ?? 'gives the one-thread result on two threads',
      async () => {
        const action = async (threads: string, cached = false): Promise<Report> => {
          // The action caches the profile in the checkout; without it, the run starts cold.
          if (!cached) rmSync(join(workspace, '.mlgate'), { recursive: true, force: true })
          const r = await runAction({
            entry: builtAction('drift-check'),
            node: runtime.path,
            actionYml: actionYml('drift-check'),
            apiUrl: api.url,
            workspace,
            event: { name: 'schedule', cron: '17 3 * * *' },
            inputs: {
              reference: 'data/train.csv',
              current: 'data/drifted.csv',
              label: 'diagnosis',
            },
            env: { MLGATE_THREADS: threads },
            keepTemp: true,
          })
          expect(r.stderr).toBe('')
          expect(r.exitCode).toBe(1)
          const report = JSON.parse(readFileSync(r.outputs['report-path'] ?? '', 'utf8')) as Report
          rmSync(r.tempRoot ?? '', { recursive: true, force: true })
          return report
        }
        const one = await action('1')
        const two = await action('2')
        const warm = await action('2', true)
        expect(one.context['threads']).toBe(1)
        expect(two.context['threads']).toBe(2)
        expect(comparable(two)).toEqual(comparable(one))
        expect(warm.context['threads']).toBe(2)
        expect(warm.context['profile']).toMatch(/^read from /)
        for (const key of ['status', 'checks', 'metrics', 'tables', 'findings']) {
          expect(warm[key], key).toEqual(one[key])
        }
        api.reset()
      },
    )
  })
})
