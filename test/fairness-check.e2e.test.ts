import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
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

const MARKER = '<!-- mlgate:fairness -->'
const REPO = 'mlgate-test/demo'

let api: GitHubStandIn
let workspace: string

/**
 * A checkout of a user's repository: the bundled fraud example (whose age groups and regions are
 * drawn independently of every feature, so its model treats them alike) and the loan fixture
 * (whose model approves men more often than women).
 */
beforeAll(async () => {
  api = await startGitHubStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-fairness-e2e-'))
  mkdirSync(join(workspace, 'models'))
  mkdirSync(join(workspace, 'data'))
  copyFileSync(join(REPO_ROOT, 'examples/fraud/model.onnx'), join(workspace, 'models/fraud.onnx'))
  copyFileSync(join(REPO_ROOT, 'examples/fraud/holdout.csv'), join(workspace, 'data/fraud.csv'))
  const fixtures = join(REPO_ROOT, 'packages/gates/test/fixtures')
  copyFileSync(join(fixtures, 'fairness-loans.onnx'), join(workspace, 'models/loans.onnx'))
  copyFileSync(join(fixtures, 'fairness-loans.csv'), join(workspace, 'data/loans.csv'))
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

const fair = {
  model: 'models/fraud.onnx',
  data: 'data/fraud.csv',
  label: 'is_fraud',
  sensitive: 'age_group, region',
  threshold: '0.08',
  max: 'demographic_parity_difference=0.1',
  resamples: '200',
}
const unfair = {
  model: 'models/loans.onnx',
  data: 'data/loans.csv',
  label: 'approved',
  sensitive: 'sex\nage',
  bucket: 'age=25,40,65',
  max: 'demographic_parity_difference=0.1',
  intersections: 'off',
  resamples: '200',
}
const fairnessComments = () => api.comments().filter((c) => c.body.includes(MARKER))

describe.each(nodeRuntimes())('fairness-check on $label', (runtime) => {
  const run = (o: Partial<RunActionOptions>): Promise<ActionRun> =>
    runAction({
      entry: builtAction('fairness-check'),
      node: runtime.path,
      actionYml: actionYml('fairness-check'),
      apiUrl: api.url,
      workspace,
      repository: REPO,
      ...o,
    })

  describe.skipIf(runtime.missing !== undefined)(
    runtime.missing ?? 'runs as the runner runs it',
    () => {
      it('posts the fairness section in one sticky comment and a check run that follows the policy', async () => {
        const first = await run({
          event: { name: 'pull_request', number: 21 },
          inputs: fair,
          keepTemp: true,
        })
        const report = JSON.parse(readFileSync(first.outputs['report-path'] ?? '', 'utf8')) as {
          status: string
          details: { groups: Record<string, unknown[]>; disparities: Record<string, unknown> }
        }
        rmSync(first.tempRoot ?? '', { recursive: true, force: true })
        expect(first.stderr).toBe('')
        expect(first.exitCode).toBe(0)
        expect(first.outputs.status).toBe('pass')
        expect(report.status).toBe('pass')
        expect(Object.keys(report.details.groups)).toEqual([
          'age_group',
          'region',
          'age_group&region',
        ])
        expect(JSON.parse(first.outputs.metrics ?? '{}')).toHaveProperty(
          'demographic_parity_difference[region]',
        )
        expect(JSON.parse(first.outputs.disparities ?? '{}')).toHaveProperty(
          'age_group.equalized_odds_difference',
        )
        expect(first.summary).toContain('Fairness gate')
        const [comment] = fairnessComments()
        expect(fairnessComments()).toHaveLength(1)
        const body = comment?.body ?? ''
        expect(body).toContain('Fairness gate')
        expect(body).toContain('Groups by age_group')
        expect(body).toContain('Demographic parity difference · region')
        // The chart of selection rate (bars) and TPR (line) per group.
        expect(body).toContain('```mermaid')
        // The disparities table asks for no chart: its rows mix attributes and scales.
        expect(body).not.toContain('Disparities: value')
        expect(body).toMatch(
          /title "Groups by age_group: selection rate \(bars\), TPR \(line\)"\n\s+x-axis \["18-25", "26-40", "41-65", "65\+"\]\n\s+y-axis "rate" 0 --> 1\n\s+bar \[[0-9., ]+\]\n\s+line \[[0-9., ]+\]/,
        )

        const second = await run({ event: { name: 'pull_request', number: 21 }, inputs: unfair })
        expect(second.exitCode).toBe(1)
        expect(second.outputs.status).toBe('fail')
        expect(second.errors.join('\n')).toMatch(/Fairness gate failed/)
        const comments = fairnessComments()
        expect(comments).toHaveLength(1)
        expect(comments[0]?.id).toBe(comment?.id)
        expect(comments[0]?.body).toContain(
          'Selection rate for sex female is 0.3553 against 0.5813 for sex male: difference 0.226, bound ≤ 0.1: the whole 95% interval',
        )
        const runs = api.checkRuns()
        expect(runs.map((r) => r.conclusion)).toEqual(['success', 'failure'])
        expect(runs.every((r) => r.headSha === second.event.headSha)).toBe(true)
      })

      it('says how far scoring and the bootstrap are in the log (every update with interval 0)', async () => {
        const r = await run({
          event: { name: 'schedule' },
          inputs: fair,
          env: { MLGATE_PROGRESS_EVERY_MS: '0' },
        })
        expect(r.exitCode).toBe(0)
        expect(r.stdout).toMatch(/^scoring: (\d+)\/\1 rows \(100%, [\d.]+ s\)$/m)
        expect(r.stdout).toMatch(/^bootstrap: 200\/200 resamples \(100%/m)
      })

      it('ends neutral when the evidence is not conclusive (the four-fifths rule on noise)', async () => {
        const r = await run({
          event: { name: 'pull_request', number: 22 },
          inputs: { ...fair, max: '', rule: 'four-fifths' },
        })
        expect(r.exitCode).toBe(0)
        expect(r.outputs.status).toBe('warn')
        expect(r.warnings.join('\n')).toMatch(/not conclusive/)
        expect(api.checkRuns().map((c) => c.conclusion)).toEqual(['neutral'])
        expect(fairnessComments()[0]?.body).toMatch(/four-fifths rule/)
      })

      it('fails with status error and names the column when a protected attribute is missing', async () => {
        const r = await run({
          event: { name: 'pull_request', number: 23 },
          inputs: { ...fair, sensitive: 'age_group, nationality' },
        })
        expect(r.exitCode).toBe(1)
        expect(r.outputs.status).toBe('error')
        expect(r.errors.join('\n')).toContain('nationality')
        expect(r.stdout).not.toMatch(/^\s+at /m)
      })
    },
  )
})
