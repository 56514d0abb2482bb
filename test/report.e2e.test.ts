import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
const MARKER = '<!-- mlgate:report -->'
const RANK = { pass: 0, warn: 1, fail: 2, error: 3 } as const
type Status = keyof typeof RANK

let api: GitHubStandIn
let results: ResultsStandIn
let workspace: string

/** A checkout of a user's repository: the fraud example's models, data and data schema. */
beforeAll(async () => {
  api = await startGitHubStandIn()
  results = await startResultsStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-report-e2e-'))
  for (const sub of ['models', 'data', 'contracts']) mkdirSync(join(workspace, sub))
  const copy = (from: string, to: string) =>
    copyFileSync(join(REPO_ROOT, 'examples/fraud', from), join(workspace, to))
  copy('model.onnx', 'models/model.onnx')
  copy('champion.onnx', 'models/champion.onnx')
  copy('holdout.csv', 'data/holdout.csv')
  copy('train.csv', 'data/train.csv')
  copy('schema.yml', 'contracts/fraud.schema.yml')
})

afterAll(async () => {
  await api?.close()
  await results?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

afterEach(() => {
  const violations = [...api.violations(), ...results.violations()]
  api.reset()
  results.reset()
  // Every request to GitHub and to the artifact service must be one the real services accept.
  expect(violations).toEqual([])
})

/** The four gates on the fraud example, each as its own job would run it: no comment of its own. */
const GATES = {
  'accuracy-gate': {
    model: 'models/model.onnx',
    champion: 'models/champion.onnx',
    data: 'data/holdout.csv',
    label: 'is_fraud',
    threshold: '0.08',
    min: 'roc_auc=0.85\naverage_precision=0.25',
    'min-change': 'roc_auc=-0.01',
    resamples: '100',
    comment: 'false',
  },
  'drift-check': {
    reference: 'data/train.csv',
    current: 'data/holdout.csv',
    label: 'is_fraud',
    cache: 'false',
    comment: 'false',
  },
  'fairness-check': {
    model: 'models/model.onnx',
    data: 'data/holdout.csv',
    label: 'is_fraud',
    sensitive: 'age_group, region',
    threshold: '0.08',
    max: 'demographic_parity_difference=0.1',
    resamples: '100',
    comment: 'false',
  },
  'validate-schema': {
    schema: 'contracts/fraud.schema.yml',
    data: 'data/holdout.csv',
    environment: 'training',
    model: 'models/model.onnx',
    comment: 'false',
  },
} as const
const IDS = {
  'accuracy-gate': 'accuracy',
  'drift-check': 'drift',
  'fairness-check': 'fairness',
  'validate-schema': 'schema',
} as const
const TITLES = {
  accuracy: 'Accuracy gate',
  drift: 'Drift gate',
  fairness: 'Fairness gate',
  schema: 'Schema gate',
} as const
const EMOJI: Record<Status, string> = { pass: '✅', warn: '⚠️', fail: '❌', error: '🚫' }
const WORD: Record<Status, string> = { pass: 'Pass', warn: 'Warn', fail: 'Fail', error: 'Error' }

/**
 * ACTIONS_RUNTIME_TOKEN of one job of one workflow run: the artifact client reads the run and job
 * backend ids from its `scp` claim, and lists the artifacts of the whole run.
 */
function jobToken(runId: string): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64url')
  const scp = `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runId}:${randomUUID()}`
  return `${b64('{"alg":"none","typ":"JWT"}')}.${b64(JSON.stringify({ scp, exp: 4102444800 }))}.sig`
}

/** Comment text with markdown escapes and HTML entities undone, to compare with plain sentences. */
const plain = (body: string) =>
  body
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
const prComments = (n: number) => api.comments().filter((c) => c.issueNumber === n)
const sections = (body: string) =>
  [...body.matchAll(/^### (\S+) (.+?) · (\w+)$/gm)].map((m) => m.slice(1))

describe.each(nodeRuntimes())('report on $label', (runtime) => {
  /** One job of the workflow run `runId` on pull request `pr`. */
  const job = (
    action: string,
    runId: string,
    pr: number,
    o: Partial<RunActionOptions> = {},
  ): Promise<ActionRun> =>
    runAction({
      entry: builtAction(action),
      node: runtime.path,
      actionYml: actionYml(action),
      apiUrl: api.url,
      workspace,
      repository: REPO,
      event: { name: 'pull_request', number: pr },
      resultsUrl: results.url,
      timeoutMs: 120_000,
      ...o,
      env: { ACTIONS_RUNTIME_TOKEN: jobToken(runId), ...o.env },
    })

  describe.skipIf(runtime.missing !== undefined)(runtime.missing ?? 'as a final job', () => {
    it('four gates in parallel jobs leave one comment with all four sections and one verdict', async () => {
      const runId = randomUUID()
      const names = Object.keys(GATES) as (keyof typeof GATES)[]
      const gates = await Promise.all(names.map((a) => job(a, runId, 41, { inputs: GATES[a] })))
      const statusOf: Record<string, Status> = {}
      gates.forEach((g, i) => {
        const id = IDS[names[i] ?? 'accuracy-gate']
        expect(g.timedOut, `${id} timed out`).toBe(false)
        expect(g.outputs.status, `${id}: ${g.errors.join('\n')}`).toMatch(/^(pass|warn|fail)$/)
        statusOf[id] = g.outputs.status as Status
      })
      // The gates posted no comment; each left its result as an artifact and its own check run.
      expect(api.comments()).toHaveLength(0)
      expect(
        results
          .artifacts()
          .map((a) => a.name)
          .sort(),
      ).toEqual(['mlgate-accuracy', 'mlgate-drift', 'mlgate-fairness', 'mlgate-schema'])

      const report = await job('report', runId, 41, {
        inputs: { expect: 'accuracy, drift, fairness, schema' },
      })
      const worst = Object.values(statusOf).reduce((a, b) => (RANK[b] > RANK[a] ? b : a))
      expect(report.stderr).toBe('')
      expect(report.outputs.status).toBe(worst)
      expect(report.exitCode).toBe(RANK[worst] >= RANK.fail ? 1 : 0)
      expect(JSON.parse(report.outputs.gates ?? '')).toEqual(statusOf)

      const comments = prComments(41)
      expect(comments).toHaveLength(1)
      const body = comments[0]?.body ?? ''
      expect(body.startsWith(`${MARKER}\n## ${EMOJI[worst]} ${WORD[worst]} — `)).toBe(true)
      const passed = Object.values(statusOf).filter((s) => s === 'pass').length
      expect(body.split('\n')[1]).toContain(
        passed === 4 ? 'All 4 gates passed.' : `${passed} of 4 gates passed`,
      )
      expect(sections(body)).toEqual(
        (['accuracy', 'drift', 'fairness', 'schema'] as const).map((id) => [
          EMOJI[statusOf[id] ?? 'error'],
          TITLES[id],
          WORD[statusOf[id] ?? 'error'],
        ]),
      )
      expect(report.outputs['comment-url']).toMatch(/#issuecomment-\d+$/)

      const check = api.checkRuns().filter((c) => c.name === 'mlgate')
      expect(check).toHaveLength(1)
      expect(check[0]?.headSha).toBe(report.event.headSha)
      expect(check[0]?.conclusion).toBe(
        worst === 'pass' ? 'success' : worst === 'warn' ? 'neutral' : 'failure',
      )
      expect(
        api
          .checkRuns()
          .map((c) => c.name)
          .sort(),
      ).toEqual([
        'mlgate',
        'mlgate / accuracy',
        'mlgate / drift',
        'mlgate / fairness',
        'mlgate / schema',
      ])
      expect(report.summary).toContain('Fairness gate')

      // The combined artifact holds each gate's result exactly as that gate uploaded it, and the
      // same results as one HTML page.
      const artifactFiles = async (name: string) => {
        const a = results.artifacts().find((x) => x.name === name)
        const files = await unzipEntries(a?.bytes ?? Buffer.alloc(0))
        return new Map([...files].map(([f, b]) => [f, b.toString('utf8')]))
      }
      type Json = { status: string; results: { gate: string }[] }
      const combinedFiles = await artifactFiles('mlgate-report')
      expect([...combinedFiles.keys()].sort()).toEqual(['report.html', 'report.json'])
      const combined = JSON.parse(combinedFiles.get('report.json') ?? '') as Json
      expect(combined.status).toBe(worst)
      for (const id of ['accuracy', 'drift', 'fairness', 'schema'] as const) {
        const own = JSON.parse(
          (await artifactFiles(`mlgate-${id}`)).get(`${id}.json`) ?? '',
        ) as Json
        expect(combined.results.find((r) => r.gate === id)).toEqual(own.results[0])
        expect(combinedFiles.get('report.html')).toContain(TITLES[id])
      }
      expect(combinedFiles.get('report.html')).toMatch(/^<!DOCTYPE html>/)
    }, 240_000)

    it('names a gate whose job crashed before uploading, and the verdict is error', async () => {
      const runId = randomUUID()
      const [fairness, schema] = await Promise.all([
        job('fairness-check', runId, 42, {
          inputs: { ...GATES['fairness-check'], data: 'data/missing.csv' },
        }),
        job('validate-schema', runId, 42, { inputs: GATES['validate-schema'] }),
      ])
      expect(fairness.outputs.status).toBe('error')
      expect(schema.outputs.status).toMatch(/^(pass|warn)$/)
      expect(results.artifacts().map((a) => a.name)).toEqual(['mlgate-schema'])

      const report = await job('report', runId, 42, { inputs: { expect: 'schema\nfairness' } })
      expect(report.exitCode).toBe(1)
      expect(report.outputs.status).toBe('error')
      expect(JSON.parse(report.outputs.gates ?? '')).toEqual({
        schema: schema.outputs.status,
        fairness: 'error',
      })
      expect(report.errors.join('\n')).toMatch(
        /Fairness gate could not be evaluated: No result: the job did not upload one/,
      )
      const [comment, ...others] = prComments(42)
      expect(others).toEqual([])
      const body = comment?.body ?? ''
      expect(sections(body).map((s) => s.slice(1))).toEqual([
        ['Schema gate', WORD[schema.outputs.status as Status]],
        ['Fairness gate', 'Error'],
      ])
      expect(plain(body)).toContain(
        'No result: the job did not upload one (no mlgate-* artifact in this run holds one).',
      )
      expect(body.split('\n')[1]).toMatch(/^## 🚫 Error — .*Fairness gate could not run/)
    }, 120_000)

    it('keeps the newer of two results for a gate and shows an unreadable one as an error section', async () => {
      const runId = randomUUID()
      const schema = await job('validate-schema', runId, 43, { inputs: GATES['validate-schema'] })
      expect(schema.exitCode).toBe(0)
      const fresh = results.artifacts().find((a) => a.name === 'mlgate-schema')
      const freshJson = (await unzipEntries(fresh?.bytes ?? Buffer.alloc(0))).get('schema.json')
      const stale = JSON.parse(freshJson?.toString('utf8') ?? '') as {
        results: { status: string; summary: string }[]
      }
      for (const r of stale.results)
        Object.assign(r, { status: 'fail', summary: 'Stale result of the first attempt.' })
      results.seedArtifact({
        name: 'mlgate-schema-attempt-1',
        runBackendId: runId,
        files: { 'schema.json': JSON.stringify(stale) },
        createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
      results.seedArtifact({
        name: 'mlgate-drift',
        runBackendId: runId,
        files: { 'drift.json': '{"status":"pass","results":[{"gate":"drift","title":7}]}' },
      })
      // An artifact of another run is not this run's result.
      results.seedArtifact({
        name: 'mlgate-accuracy',
        runBackendId: randomUUID(),
        files: { 'accuracy.json': '{}' },
      })

      const report = await job('report', runId, 43)
      expect(report.outputs.status).toBe('error')
      expect(report.warnings).toContain(
        'Two results for gate "schema": kept the newer one from artifact mlgate-schema (schema.json), dropped artifact mlgate-schema-attempt-1 (schema.json).',
      )
      const body = prComments(43)[0]?.body ?? ''
      expect(sections(body).map((s) => s.slice(1))).toEqual([
        ['Drift gate', 'Error'],
        ['Schema gate', WORD[schema.outputs.status as Status]],
      ])
      expect(body).not.toContain('Stale result')
      expect(plain(body)).toMatch(
        /Its result could not be read: artifact mlgate-drift \(drift\.json\): results\[0\]\.title: expected a string, found number 7\./,
      )
    }, 120_000)
  })
})
