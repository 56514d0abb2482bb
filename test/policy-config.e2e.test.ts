import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubStandIn, type GitHubStandIn } from './support/github-standin.ts'
import { actionYml, builtAction, REPO_ROOT } from './support/repo-paths.ts'
import { nodeRuntimes, runAction, type RunActionOptions } from './support/run-action.ts'

// The actions read mlgate.yml through `config:`; inputs on the uses: line override it.
let api: GitHubStandIn
let workspace: string

beforeAll(async () => {
  api = await startGitHubStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-policy-e2e-'))
  cpSync(join(REPO_ROOT, 'examples/fraud'), join(workspace, 'fraud'), { recursive: true })
})

afterAll(async () => {
  await api?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

afterEach(() => {
  const violations = api.violations()
  api.reset()
  expect(violations).toEqual([])
})

/** Markdown without its escapes, to match what a reader sees. */
const plain = (markdown: string) => markdown.replaceAll('\\', '')

// One runtime is enough here: the per-action tests cover both.
const runtime = nodeRuntimes().find((r) => r.missing === undefined)!

function run(action: string, inputs: Record<string, string>, o: Partial<RunActionOptions> = {}) {
  return runAction({
    entry: builtAction(action),
    node: runtime.path,
    actionYml: actionYml(action),
    apiUrl: api.url,
    workspace,
    repository: 'mlgate-test/policy',
    event: { name: 'pull_request', number: 3 },
    inputs: { 'check-run': 'false', ...inputs },
    ...o,
  })
}

describe('actions with config: mlgate.yml', () => {
  it('accuracy-gate takes model, data, label and bounds from the file', async () => {
    const result = await run('accuracy-gate', { config: 'fraud/mlgate.yml', resamples: '100' })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('pass')
    expect(Number(result.outputs['roc-auc'])).toBeGreaterThan(0.85)
    // The file's five bounds (three min, one max, one min-change) were all checked.
    expect(plain(result.summary)).toMatch(/All 5 bound\(s\) hold/)
  }, 60_000)

  it('lets an input override the file: a stricter bound fails the gate', async () => {
    const result = await run('accuracy-gate', {
      config: 'fraud/mlgate.yml',
      min: 'roc_auc=0.99',
      resamples: '100',
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('fail')
    // The input replaced the file's min bounds; its max and min-change bounds still apply.
    expect(plain(result.summary)).toMatch(/ROC AUC[^\n]*≥ 0\.99/)
    expect(plain(result.summary)).not.toMatch(/≥ 0\.25/)
    expect(plain(result.summary)).toMatch(/≤ 0\.15/)
  }, 60_000)

  it('drift-check reads the per-feature bands of the file', async () => {
    const result = await run('drift-check', { config: 'fraud/mlgate.yml', cache: 'false' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('pass')
    // merchant_risk: { warn: 0.15, fail: 0.3 } and prediction: 0.2 from the file.
    expect(plain(result.summary)).toMatch(/\| PSI · merchant_risk \| [0-9.]+ \| ≤ 0\.3 \|/)
    expect(plain(result.summary)).toMatch(/\| PSI · prediction: P\(1\) \| [0-9.]+ \| ≤ 0\.2 \|/)
    expect(plain(result.summary)).toMatch(/\| PSI · amount \| [0-9.]+ \| ≤ 0\.25 \|/)
  }, 60_000)

  it('model-card takes its card section, model and template from the file', async () => {
    // The evidence: the combined report of `mlgate run` on the same file.
    const cli = join(REPO_ROOT, 'dist/mlgate.js')
    const out = join(workspace, 'run')
    execFileSync(
      process.execPath,
      [cli, 'run', 'fraud/mlgate.yml', '--out', out, '--only', 'accuracy,fairness'],
      {
        cwd: workspace,
        stdio: 'pipe',
      },
    )
    const result = await run('model-card', {
      config: 'fraud/mlgate.yml',
      results: 'run/mlgate-report.json',
      out: 'card',
      artifact: 'false',
    })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('pass')
    const card = readFileSync(join(workspace, 'card', 'README.md'), 'utf8')
    expect(card).toMatch(/^---\nlicense: "proprietary"/)
    expect(card).toContain('Rank transactions for manual review')
  }, 60_000)

  it('names the file and line of a mistake in it', async () => {
    const result = await run('fairness-check', { config: 'fraud/missing.yml' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('error')
    expect(result.stdout).toMatch(/::error::.*fraud\/missing\.yml/)
  }, 30_000)
})
