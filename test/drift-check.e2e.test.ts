import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubStandIn, type GitHubStandIn } from './support/github-standin.ts'
import { actionYml, builtAction, REPO_ROOT } from './support/repo-paths.ts'
import { startResultsStandIn, type ResultsStandIn } from './support/results-standin.ts'
import {
  nodeRuntimes,
  runAction,
  type ActionRun,
  type RunActionOptions,
} from './support/run-action.ts'

const REPO = 'mlgate-test/demo'
const FIXTURES = join(REPO_ROOT, 'packages/gates/test/fixtures')

let api: GitHubStandIn
let results: ResultsStandIn
let workspace: string

/** A checkout holding the training data and three nights of traffic: drifted, drifted, clean. */
beforeAll(async () => {
  api = await startGitHubStandIn()
  results = await startResultsStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-drift-e2e-'))
  mkdirSync(join(workspace, 'data'))
  for (const [from, to] of [
    ['drift-bc-reference.csv', 'train.csv'],
    ['drift-bc-shifted.csv', 'drifted.csv'],
    ['drift-bc-nodrift.csv', 'clean.csv'],
  ] as const) {
    copyFileSync(join(FIXTURES, from), join(workspace, 'data', to))
  }
})

afterAll(async () => {
  await api?.close()
  await results?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

afterEach(() => {
  const violations = api.violations()
  const serviceViolations = results.violations()
  api.reset()
  results.reset()
  // Every request the action made must conform to GitHub's OpenAPI description.
  expect(violations).toEqual([])
  expect(serviceViolations).toEqual([])
})

const nightly = {
  reference: 'data/train.csv',
  label: 'diagnosis',
  'tracking-key': 'breast-cancer-model',
  'dispatch-workflow': 'retrain.yml',
}
const drifted = { ...nightly, current: 'data/drifted.csv' }
const clean = { ...nightly, current: 'data/clean.csv' }
const tracking = () => api.issues().filter((i) => i.labels.includes('mlgate-drift'))

describe.each(nodeRuntimes())('drift-check on $label', (runtime) => {
  const run = (o: Partial<RunActionOptions>): Promise<ActionRun> =>
    runAction({
      entry: builtAction('drift-check'),
      node: runtime.path,
      actionYml: actionYml('drift-check'),
      apiUrl: api.url,
      workspace,
      repository: REPO,
      event: { name: 'schedule', cron: '17 3 * * *' },
      ...o,
    })

  describe.skipIf(runtime.missing !== undefined)(
    runtime.missing ?? 'runs as the runner runs it',
    () => {
      it('opens one issue and dispatches one retraining on drift, updates it, and closes it when clean', async () => {
        const first = await run({ inputs: drifted })
        expect(first.stderr).toBe('')
        expect(first.exitCode).toBe(1)
        expect(first.outputs.status).toBe('fail')
        expect(first.outputs.drifted).toBe('true')
        expect(first.outputs['drifted-features']?.split(',').sort()).toEqual([
          'mean_radius',
          'mean_texture',
          'size_band',
        ])
        expect(first.errors.join('\n')).toMatch(/Drift gate failed: 3 of 11 features drifted/)
        expect(tracking()).toHaveLength(1)
        const issue = tracking()[0]!
        expect(issue.state).toBe('open')
        expect(issue.title).toBe('Drift detected: breast-cancer-model')
        expect(issue.body).toMatch(/1 consecutive drifted run/)
        expect(issue.body).toContain('mean_radius')
        expect(first.outputs['issue-number']).toBe(String(issue.number))
        expect(api.dispatches()).toEqual([
          { kind: 'workflow_dispatch', repo: REPO, workflow: 'retrain.yml', body: { ref: 'main' } },
        ])
        expect(first.outputs.dispatched).toBe('workflow_dispatch of retrain.yml on main')
        expect(first.summary).toContain('Drift gate')
        expect(api.checkRuns().map((c) => c.conclusion)).toEqual(['failure'])

        const second = await run({ inputs: drifted })
        expect(second.exitCode).toBe(1)
        expect(tracking()).toHaveLength(1)
        expect(tracking()[0]?.number).toBe(issue.number)
        expect(tracking()[0]?.body).toMatch(/2 consecutive drifted runs/)
        // The alert fires once per episode: no second retraining.
        expect(api.dispatches()).toHaveLength(1)
        expect(second.outputs.dispatched).toBe('')

        const third = await run({ inputs: clean })
        expect(third.exitCode).toBe(0)
        expect(third.outputs.status).toBe('pass')
        expect(third.outputs.drifted).toBe('false')
        expect(tracking()).toHaveLength(1)
        expect(tracking()[0]?.state).toBe('closed')
        expect(api.comments(issue.number).map((c) => c.body)).toEqual([
          expect.stringMatching(/^Drift cleared in \[this run\]/),
        ])
        expect(api.dispatches()).toHaveLength(1)
      })

      it('alerts only after the given number of consecutive drifted runs, by repository_dispatch', async () => {
        const inputs = {
          ...drifted,
          'dispatch-workflow': '',
          'dispatch-event': 'retrain-model',
          'alert-after': '2',
        }
        await run({ inputs })
        expect(tracking()).toHaveLength(1)
        expect(tracking()[0]?.body).toMatch(/Retraining not dispatched yet/)
        expect(api.dispatches()).toHaveLength(0)
        await run({ inputs })
        expect(api.dispatches()).toEqual([
          { kind: 'repository_dispatch', repo: REPO, body: { event_type: 'retrain-model' } },
        ])
        const issue = tracking()[0]!
        expect(api.comments(issue.number).map((c) => c.body)).toEqual([
          expect.stringMatching(
            /Drift has lasted 2 consecutive runs \(alert after 2\)\. Retraining started/,
          ),
        ])
      })

      it('caches the reference profile by the reference file hash', async () => {
        rmSync(join(workspace, '.mlgate'), { recursive: true, force: true })
        const first = await run({ inputs: clean, resultsUrl: results.url, keepTemp: true })
        expect(first.outputs['profile-cache-hit']).toBe('false')
        const report = JSON.parse(readFileSync(first.outputs['report-path'] ?? '', 'utf8')) as {
          context: Record<string, string>
        }
        rmSync(first.tempRoot ?? '', { recursive: true, force: true })
        expect(report.context['profile']).toMatch(/^built from data\/train\.csv and written to/)
        expect(results.caches().map((c) => c.key)).toEqual([
          expect.stringMatching(/^mlgate-drift-profile-1-[0-9a-f]{32}$/),
        ])
        // A fresh checkout: the profile can only come back from the cache.
        rmSync(join(workspace, '.mlgate'), { recursive: true, force: true })
        const second = await run({ inputs: clean, resultsUrl: results.url, keepTemp: true })
        expect(second.outputs['profile-cache-hit']).toBe('true')
        const again = JSON.parse(readFileSync(second.outputs['report-path'] ?? '', 'utf8')) as {
          context: Record<string, string>
        }
        rmSync(second.tempRoot ?? '', { recursive: true, force: true })
        expect(again.context['profile']).toMatch(/^read from \.mlgate\/drift-profile\.json/)
        expect(second.exitCode).toBe(0)
        rmSync(join(workspace, '.mlgate'), { recursive: true, force: true })
      })

      it('says how far scoring is in the log (every update with interval 0)', async () => {
        mkdirSync(join(workspace, 'fraud'), { recursive: true })
        for (const f of ['model.onnx', 'train.csv', 'holdout.csv'])
          copyFileSync(join(REPO_ROOT, 'examples/fraud', f), join(workspace, 'fraud', f))
        const r = await run({
          inputs: {
            reference: 'fraud/train.csv',
            current: 'fraud/holdout.csv',
            label: 'is_fraud',
            model: 'fraud/model.onnx',
            cache: 'false',
            'tracking-issue': 'false',
          },
          env: { MLGATE_PROGRESS_EVERY_MS: '0' },
        })
        expect(r.exitCode).toBe(0)
        expect(r.stdout).toMatch(/^scoring reference: (\d+)\/\1 rows \(100%, [\d.]+ s\)$/m)
        expect(r.stdout).toMatch(/^scoring current: (\d+)\/\1 rows \(100%/m)
      })

      it('keeps pull requests out of the tracking issue', async () => {
        const r = await run({ event: { name: 'pull_request', number: 21 }, inputs: drifted })
        expect(r.exitCode).toBe(1)
        expect(api.issues()).toHaveLength(0)
        expect(api.dispatches()).toHaveLength(0)
        expect(api.comments(21)).toHaveLength(1)
      })

      it('refuses a file that is not a profile when no reference can rebuild it', async () => {
        const r = await run({
          inputs: { current: 'data/clean.csv', profile: 'data/train.csv' },
        })
        expect(r.exitCode).toBe(1)
        expect(r.outputs.status).toBe('error')
        expect(r.errors.join('\n')).toMatch(
          /data\/train\.csv is not a drift profile: it is not valid JSON/,
        )
        expect(api.issues()).toHaveLength(0)
      })
    },
  )
})
