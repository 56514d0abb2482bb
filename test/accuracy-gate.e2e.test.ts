import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubStandIn, type GitHubStandIn } from './support/github-standin.ts'
import { actionYml, builtAction, REPO_ROOT } from './support/repo-paths.ts'
import {
  nodeRuntimes,
  runAction,
  type ActionRun,
  type RunActionOptions,
} from './support/run-action.ts'

const MARKER = '<!-- mlgate:accuracy -->'
const REPO = 'mlgate-test/demo'

let api: GitHubStandIn
let workspace: string

/** A checkout of a user's repository: the bundled fraud example, plus a crafted copy of its holdout. */
beforeAll(async () => {
  api = await startGitHubStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-accuracy-e2e-'))
  mkdirSync(join(workspace, 'models'))
  mkdirSync(join(workspace, 'data'))
  for (const f of ['model.onnx', 'champion.onnx'])
    copyFileSync(join(REPO_ROOT, 'examples/fraud', f), join(workspace, 'models', f))
  const holdout = readFileSync(join(REPO_ROOT, 'examples/fraud/holdout.csv'), 'utf8')
  writeFileSync(join(workspace, 'data/holdout.csv'), holdout)
  // A label column named to inject HTML and an @-mention into the PR comment.
  writeFileSync(
    join(workspace, 'data/crafted.csv'),
    holdout.replace('is_fraud', '"<img src=x onerror=alert(1)> @admin"'),
  )
})

afterAll(async () => {
  await api?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

afterEach(() => {
  const violations = api.violations()
  api.reset()
  // Every request the action made must conform to GitHub's OpenAPI description.
  expect(violations).toEqual([])
})

const passing = {
  model: 'models/model.onnx',
  champion: 'models/champion.onnx',
  data: 'data/holdout.csv',
  label: 'is_fraud',
  threshold: '0.08',
  min: 'roc_auc=0.85\naverage_precision=0.25',
  'min-change': 'roc_auc=-0.01',
  resamples: '200',
}
const failing = { ...passing, min: 'roc_auc=0.99' }
const mlgateComments = () => api.comments().filter((c) => c.body.includes(MARKER))

describe.each(nodeRuntimes())('accuracy-gate on $label', (runtime) => {
  const run = (o: Partial<RunActionOptions>): Promise<ActionRun> =>
    runAction({
      entry: builtAction('accuracy-gate'),
      node: runtime.path,
      actionYml: actionYml('accuracy-gate'),
      apiUrl: api.url,
      workspace,
      repository: REPO,
      ...o,
    })

  describe.skipIf(runtime.missing !== undefined)(
    runtime.missing ?? 'runs as the runner runs it',
    () => {
      it('keeps one sticky comment across two runs on a PR and puts the verdict on the head SHA', async () => {
        const first = await run({
          event: { name: 'pull_request', number: 12 },
          inputs: passing,
          keepTemp: true,
        })
        const reportPath = first.outputs['report-path'] ?? ''
        const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { status: string }
        rmSync(first.tempRoot ?? '', { recursive: true, force: true })
        expect(reportPath.startsWith(first.processEnv.RUNNER_TEMP ?? '-')).toBe(true)
        expect(report.status).toBe('pass')
        expect(first.stderr).toBe('')
        expect(first.exitCode).toBe(0)
        expect(first.outputs.status).toBe('pass')
        expect(first.outputs.passed).toBe('true')
        expect(Number(first.outputs['roc-auc'])).toBeGreaterThan(0.85)
        expect(JSON.parse(first.outputs.metrics ?? '{}')).toHaveProperty('average_precision')
        expect(first.summary).toContain('Accuracy gate')
        expect(mlgateComments()).toHaveLength(1)
        const id = mlgateComments()[0]?.id

        const second = await run({ event: { name: 'pull_request', number: 12 }, inputs: failing })
        expect(second.exitCode).toBe(1)
        expect(second.errors.join('\n')).toMatch(/Accuracy gate failed/)
        expect(second.outputs.status).toBe('fail')
        const comments = mlgateComments()
        expect(comments).toHaveLength(1)
        expect(comments[0]?.id).toBe(id)
        expect(comments[0]?.body).toMatch(/roc_auc|ROC AUC/)
        expect(comments[0]?.body).toMatch(/fail/i)

        const runs = api.checkRuns()
        expect(runs).toHaveLength(2)
        expect(runs.map((r) => r.conclusion)).toEqual(['success', 'failure'])
        expect(runs.every((r) => r.headSha === second.event.headSha)).toBe(true)
      })

      it('on a fork PR passes with a warning and the summary, writing nothing', async () => {
        const r = await run({
          event: { name: 'pull_request', number: 13, fork: true },
          inputs: passing,
        })
        expect(r.exitCode).toBe(0)
        expect(r.warnings.join('\n')).toMatch(/fork|read-only/i)
        expect(r.summary).toContain('Accuracy gate')
        expect(api.comments()).toHaveLength(0)
        expect(api.checkRuns()).toHaveLength(0)
      })

      it('on schedule posts a check run on GITHUB_SHA and no comment', async () => {
        const r = await run({ event: { name: 'schedule' }, inputs: passing })
        expect(r.exitCode).toBe(0)
        expect(api.comments()).toHaveLength(0)
        expect(api.checkRuns().map((c) => c.headSha)).toEqual([r.event.sha])
      })

      it('says how far scoring and the bootstrap are in the log (every update with interval 0)', async () => {
        const r = await run({
          event: { name: 'schedule' },
          inputs: passing,
          env: { MLGATE_PROGRESS_EVERY_MS: '0' },
        })
        expect(r.exitCode).toBe(0)
        expect(r.stdout).toMatch(/^scoring candidate: (\d+)\/\1 rows \(100%, [\d.]+ s\)$/m)
        expect(r.stdout).toMatch(/^scoring champion: (\d+)\/\1 rows \(100%/m)
        expect(r.stdout).toMatch(/^bootstrap: 25\/200 resamples \(12%/m)
        expect(r.stdout).toMatch(/^paired bootstrap: 200\/200 resamples \(100%/m)
      })

      it('does not duplicate its comment among 130 others', async () => {
        api.seedComments(REPO, 14, 130)
        await run({ event: { name: 'pull_request', number: 14 }, inputs: passing })
        await run({ event: { name: 'pull_request', number: 14 }, inputs: failing })
        expect(mlgateComments()).toHaveLength(1)
        expect(api.comments()).toHaveLength(131)
      })

      it('renders a crafted column name as inert text', async () => {
        const r = await run({
          event: { name: 'pull_request', number: 15 },
          inputs: {
            ...passing,
            data: 'data/crafted.csv',
            label: '<img src=x onerror=alert(1)> @admin',
          },
        })
        expect(r.exitCode).toBe(0)
        const body = mlgateComments()[0]?.body ?? ''
        expect(body).toContain('onerror')
        expect(body).not.toContain('<img')
        expect(body).not.toMatch(/(^|[^\w])@admin\b/)
      })

      it('fails with status error and a clear message when an input is wrong, before any write', async () => {
        const r = await run({
          event: { name: 'pull_request', number: 16 },
          inputs: { ...passing, data: 'data/missing.csv' },
        })
        expect(r.exitCode).toBe(1)
        expect(r.outputs.status).toBe('error')
        expect(r.errors.join('\n')).toContain('data/missing.csv')
        expect(r.stdout).not.toMatch(/^\s+at /m)
      })
    },
  )
})
