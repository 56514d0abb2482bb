import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubStandIn, type GitHubStandIn } from './support/github-standin.ts'
import { actionYml, builtAction, REPO_ROOT } from './support/repo-paths.ts'
import {
  startResultsStandIn,
  unzipEntries,
  type ResultsStandIn,
} from './support/results-standin.ts'
import {
  nodeRuntimes,
  runAction,
  type ActionRun,
  type RunActionOptions,
} from './support/run-action.ts'

const REPO = 'mlgate-test/demo'

let api: GitHubStandIn
let service: ResultsStandIn
let workspace: string

/**
 * A checkout of a user's repository holding the bundled fraud example, and the results of the
 * accuracy, fairness and drift gates run on it by the built CLI (as earlier steps would).
 */
beforeAll(async () => {
  api = await startGitHubStandIn()
  service = await startResultsStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-card-e2e-'))
  for (const dir of ['models', 'data', 'results']) mkdirSync(join(workspace, dir))
  const example = join(REPO_ROOT, 'examples/fraud')
  copyFileSync(join(example, 'model.onnx'), join(workspace, 'models/fraud.onnx'))
  copyFileSync(join(example, 'train.csv'), join(workspace, 'data/train.csv'))
  copyFileSync(join(example, 'holdout.csv'), join(workspace, 'data/holdout.csv'))
  const mlgate = (...args: string[]) =>
    execFileSync(process.execPath, [join(REPO_ROOT, 'dist/mlgate.js'), ...args, '--json'], {
      cwd: workspace,
      encoding: 'utf8',
    })
  const common = ['--model', 'models/fraud.onnx', '--data', 'data/holdout.csv']
  const write = (name: string, text: string) =>
    writeFileSync(join(workspace, 'results', name), text)
  write(
    'accuracy.json',
    mlgate(
      'accuracy',
      ...common,
      '--label',
      'is_fraud',
      '--threshold',
      '0.08',
      '--min',
      'roc_auc=0.85',
      '--resamples',
      '100',
    ),
  )
  write(
    'fairness.json',
    mlgate(
      'fairness',
      ...common,
      '--label',
      'is_fraud',
      '--sensitive',
      'age_group,region',
      '--threshold',
      '0.08',
      '--max',
      'demographic_parity_difference=0.1',
      '--resamples',
      '100',
    ),
  )
  write(
    'drift.json',
    mlgate(
      'drift',
      '--reference',
      'data/train.csv',
      '--current',
      'data/holdout.csv',
      '--label',
      'is_fraud',
    ),
  )
}, 120_000)

afterAll(async () => {
  await api?.close()
  await service?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

afterEach(() => {
  const violations = api.violations()
  const serviceViolations = service.violations()
  api.reset()
  service.reset()
  // Every request the action made must conform to GitHub's OpenAPI description.
  expect(violations).toEqual([])
  expect(serviceViolations).toEqual([])
})

/** Git's blob id of a file's bytes: what the contents API calls its `sha`. */
function blobSha(text: string): string {
  const bytes = Buffer.from(text)
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex')
}

type Put = {
  url: string
  status: number
  body: { content: string; branch: string; sha?: string; message: string }
}

describe.each(nodeRuntimes())('model-card on $label', (runtime) => {
  const run = (o: Partial<RunActionOptions>): Promise<ActionRun> =>
    runAction({
      entry: builtAction('model-card'),
      node: runtime.path,
      actionYml: actionYml('model-card'),
      apiUrl: api.url,
      workspace,
      repository: REPO,
      ...o,
    })
  const puts = (): Put[] =>
    api
      .requests()
      .filter((r) => r.operationId === 'repos/create-or-update-file-contents')
      .map((r) => ({ url: r.url, status: r.status, body: r.body as Put['body'] }))
  const decoded = (p: Put | undefined) =>
    Buffer.from(p?.body.content ?? '', 'base64').toString('utf8')

  describe.skipIf(runtime.missing !== undefined)(
    runtime.missing ?? 'runs as the runner runs it',
    () => {
      it('commits the card to the pull request’s head branch, then updates it by its blob SHA', async () => {
        const out = `cards/${runtime.label}-commit`
        const inputs = {
          results: 'results/accuracy.json\nresults/fairness.json',
          model: 'models/fraud.onnx',
          data: 'training=data/train.csv',
          name: 'fraud-scorer',
          license: 'apache-2.0',
          out,
          commit: 'true',
        }
        const first = await run({ event: { name: 'pull_request', number: 31 }, inputs })
        expect(first.stderr).toBe('')
        expect(first.exitCode).toBe(0)
        // The default template's sections are still prompts.
        expect(first.outputs.status).toBe('warn')
        expect(first.outputs['card-path']).toBe(join(out, 'README.md'))
        const readme = readFileSync(join(workspace, out, 'README.md'), 'utf8')
        const json = readFileSync(join(workspace, out, 'model-card.json'), 'utf8')
        // The lineage is the pull request's head commit, not the test-merge commit.
        expect(readme).toContain(`commit/${first.event.headSha ?? ''}`)
        expect(readme).not.toContain(first.event.sha)

        const created = puts()
        expect(created.map((p) => [p.url, p.status, p.body.branch, p.body.sha])).toEqual([
          [
            `/repos/${REPO}/contents/${encodeURIComponent(`${out}/README.md`)}`,
            201,
            'feature',
            undefined,
          ],
          [
            `/repos/${REPO}/contents/${encodeURIComponent(`${out}/model-card.json`)}`,
            201,
            'feature',
            undefined,
          ],
        ])
        expect(decoded(created[0])).toBe(readme)
        expect(decoded(created[1])).toBe(json)
        expect(created[0]?.body.message).toContain(`Update model card ${out}/README.md`)
        expect(first.outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/)

        // A second run with the drift result too: both files change and are updated in place.
        const second = await run({
          event: { name: 'pull_request', number: 31 },
          inputs: { ...inputs, results: `${inputs.results}\nresults/drift.json` },
        })
        expect(second.exitCode).toBe(0)
        const updated = puts().slice(2)
        expect(updated.map((p) => [p.status, p.body.branch, p.body.sha])).toEqual([
          [200, 'feature', blobSha(readme)],
          [200, 'feature', blobSha(json)],
        ])
        expect(decoded(updated[0])).toContain('## Data drift')
        expect(decoded(updated[0])).toBe(readFileSync(join(workspace, out, 'README.md'), 'utf8'))

        // A third run with the same evidence changes nothing, so commits nothing.
        const third = await run({
          event: { name: 'pull_request', number: 31 },
          inputs: { ...inputs, results: `${inputs.results}\nresults/drift.json` },
        })
        expect(third.exitCode).toBe(0)
        expect(puts()).toHaveLength(4)
        expect(third.outputs['commit-sha']).toBe('')
        expect(third.stdout).toContain('is already up to date')
        const runs = api.checkRuns()
        expect(runs.map((r) => r.name)).toEqual([
          'mlgate / model-card',
          'mlgate / model-card',
          'mlgate / model-card',
        ])
        expect(runs.every((r) => r.headSha === first.event.headSha)).toBe(true)
      })

      it('does not commit on a pull request from a fork, and says why', async () => {
        const r = await run({
          event: { name: 'pull_request', number: 32, fork: true },
          inputs: {
            results: 'results/*.json',
            model: 'models/fraud.onnx',
            out: `cards/${runtime.label}-fork`,
            commit: 'true',
          },
        })
        expect(r.exitCode).toBe(0)
        expect(puts()).toEqual([])
        expect(r.warnings.join('\n')).toMatch(
          /model card was not committed: the pull request comes from a fork/,
        )
        expect(existsSync(join(workspace, `cards/${runtime.label}-fork/README.md`))).toBe(true)
      })

      it('uploads README.md and model-card.json as one artifact when not committing', async () => {
        const out = `cards/${runtime.label}-artifact`
        const r = await run({
          event: { name: 'push' },
          inputs: { results: 'results', model: 'models/fraud.onnx', out },
          resultsUrl: service.url,
        })
        expect(r.exitCode).toBe(0)
        expect(api.requests().filter((q) => q.operationId?.startsWith('repos/'))).toEqual([])
        expect(service.artifacts().map((a) => a.name)).toEqual(['model-card'])
        const files = await unzipEntries(service.artifacts()[0]?.bytes ?? Buffer.alloc(0))
        expect([...files.keys()].sort()).toEqual(['README.md', 'model-card.json'])
        expect(files.get('README.md')?.toString('utf8')).toBe(
          readFileSync(join(workspace, out, 'README.md'), 'utf8'),
        )
        expect(files.get('model-card.json')?.toString('utf8')).toBe(
          readFileSync(join(workspace, out, 'model-card.json'), 'utf8'),
        )
      })

      it('reads the reports the gate actions of the job left in RUNNER_TEMP by default', async () => {
        const gate = await runAction({
          entry: builtAction('accuracy-gate'),
          node: runtime.path,
          actionYml: actionYml('accuracy-gate'),
          apiUrl: api.url,
          workspace,
          repository: REPO,
          event: { name: 'push' },
          inputs: {
            model: 'models/fraud.onnx',
            data: 'data/holdout.csv',
            label: 'is_fraud',
            threshold: '0.08',
            min: 'roc_auc=0.85',
            resamples: '50',
            comment: 'false',
            'check-run': 'false',
          },
          keepTemp: true,
        })
        try {
          expect(gate.exitCode, gate.stderr).toBe(0)
          const report = gate.outputs['report-path'] ?? ''
          expect(report).toMatch(/mlgate-accuracy\.json$/)
          const out = `cards/${runtime.label}-temp`
          const r = await run({
            event: { name: 'push' },
            inputs: { model: 'models/fraud.onnx', out, 'check-run': 'false' },
            env: { RUNNER_TEMP: dirname(report) },
          })
          expect(r.exitCode, r.stdout).toBe(0)
          const card = JSON.parse(
            readFileSync(join(workspace, out, 'model-card.json'), 'utf8'),
          ) as { quantitative_analysis: { performance_metrics: { type: string; value: string }[] } }
          const result = JSON.parse(readFileSync(report, 'utf8')) as {
            metrics: Record<string, number>
          }
          expect(
            card.quantitative_analysis.performance_metrics.find((m) => m.type === 'roc_auc')?.value,
          ).toBe(String(result.metrics['roc_auc']))
        } finally {
          rmSync(gate.tempRoot ?? '', { recursive: true, force: true })
        }
      })

      it('fails with status error and writes nothing when there is no gate result', async () => {
        const out = `cards/${runtime.label}-none`
        const r = await run({
          event: { name: 'push' },
          inputs: { model: 'models/fraud.onnx', out },
        })
        expect(r.exitCode).toBe(1)
        expect(r.outputs.status).toBe('error')
        expect(r.errors.join('\n')).toMatch(/RUNNER_TEMP holds no mlgate-\*\.json report/)
        expect(existsSync(join(workspace, out))).toBe(false)
      })
    },
  )
})
