import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { GateResult } from '@mlgate/gates'
import {
  LIMITS,
  publish,
  runContextFrom,
  type CheckAnnotation,
  type Renderers,
} from '@mlgate/github'
import { fakeRunner } from '@mlgate/github/testing'
import {
  STANDIN_TOKENS,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../../../test/support/github-standin.ts'

const yml = fileURLToPath(new URL('./fixtures/action.yml', import.meta.url))
const REPO = 'acme/models'
const HEAD = 'b'.repeat(40)
let api: GitHubStandIn

beforeAll(async () => {
  api = await startGitHubStandIn()
})
afterAll(() => api.close())
afterEach(() => {
  const violations = api.violations()
  api.reset()
  expect(violations).toEqual([])
})

const result: GateResult = {
  gate: 'drift',
  title: 'Drift gate',
  status: 'pass',
  summary: 'No column drifted.',
  checks: [],
  metrics: {},
  tables: [],
  findings: [],
  context: {},
  policy: '',
}

function prContext(apiUrl: string) {
  return runContextFrom(
    'pull_request',
    {
      number: 4,
      pull_request: {
        number: 4,
        head: { sha: HEAD, repo: { full_name: REPO } },
        base: { repo: { full_name: REPO } },
      },
    },
    {
      GITHUB_REPOSITORY: REPO,
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_API_URL: apiUrl,
      GITHUB_RUN_ID: '7',
    },
  )
}

/** Plain renderers, so these tests depend on packages/github alone. */
function plain(over: Partial<Renderers> = {}): Renderers {
  return {
    renderMarkdown: (rs, o) => `${o.marker}\n${rs.map((r) => r.summary).join('\n')}`,
    renderCheckOutput: () => ({
      title: 'Drift: pass',
      summary: 'fine',
      annotations: [],
      conclusion: 'success',
    }),
    renderSummary: () => '## Drift gate\n',
    renderJson: (rs) => JSON.stringify(rs),
    ...over,
  }
}

const base = () => ({
  token: STANDIN_TOKENS.write,
  context: prContext(api.url),
  env: {},
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
})

describe('publish', () => {
  it('writes the summary, the comment, the check run and the URL outputs', async () => {
    const runner = fakeRunner(yml)
    const report = await publish(runner, [result], { ...base(), render: plain() })
    expect(runner.summaries).toEqual(['## Drift gate\n'])
    expect(api.comments(4).map((c) => c.body)).toEqual([
      '<!-- mlgate:drift -->\nNo column drifted.',
    ])
    expect(api.checkRuns().map((r) => [r.name, r.headSha, r.status, r.conclusion])).toEqual([
      ['mlgate / drift', HEAD, 'completed', 'success'],
    ])
    expect(api.checkRuns()[0]?.detailsUrl).toBe('https://github.com/acme/models/actions/runs/7')
    expect(report.comment?.action).toBe('created')
    expect(runner.outputs.get('comment-url')).toBe(report.comment?.url)
    expect(runner.outputs.get('check-run-url')).toBe(report.checkRun?.url)
    expect(report.skipped).toEqual([
      'artifact: no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL unset)',
    ])
    expect(runner.debugs).toContain(
      'Artifact mlgate-drift not uploaded: no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL unset).',
    )
  })

  it('adds the marker when the renderer left it out, so the next run still finds the comment', async () => {
    const render = plain({ renderMarkdown: () => 'no marker here' })
    await publish(fakeRunner(yml), [result], { ...base(), render })
    const second = await publish(fakeRunner(yml), [result], { ...base(), render })
    expect(second.comment?.action).toBe('unchanged')
    expect(api.comments(4).map((c) => c.body)).toEqual(['<!-- mlgate:drift -->\nno marker here'])
  })

  it('cuts an oversized comment to 65 536 characters, keeping the marker, as a last resort', async () => {
    const runner = fakeRunner(yml)
    const render = plain({ renderMarkdown: (_rs, o) => `${'x'.repeat(70_000)}\n${o.marker}` })
    await publish(runner, [result], { ...base(), render })
    const [comment] = api.comments(4)
    expect(comment?.body.length).toBeLessThanOrEqual(LIMITS.commentBody)
    expect(comment?.body.startsWith('<!-- mlgate:drift -->\nxxx')).toBe(true)
    expect(comment?.body).toMatch(
      /cut to fit GitHub's 65 536-character comment limit; .*\[this run\]\(https:\/\/github.com\/acme\/models\/actions\/runs\/7\)\.$/,
    )
    expect(runner.debugs.some((d) => d.includes('rendered PR comment exceeded'))).toBe(true)
  })

  it('cuts a job summary over 1 MiB in bytes', async () => {
    const runner = fakeRunner(yml)
    await publish(runner, [result], {
      ...base(),
      render: plain({ renderSummary: () => 'é'.repeat(600_000) }),
    })
    const [summary] = runner.summaries
    expect(Buffer.byteLength(summary ?? '')).toBeLessThanOrEqual(LIMITS.stepSummaryBytes)
    expect(summary).toMatch(/cut to fit GitHub's 1 MiB job summary limit/)
  })

  it.each([
    [0, [0]],
    [50, [50]],
    [51, [50, 1]],
  ])('sends %i annotations as %j', async (count, sizes) => {
    const annotations: CheckAnnotation[] = Array.from({ length: count }, (_, i) => ({
      path: 'data/x.csv',
      start_line: i + 1,
      end_line: i + 1,
      // Columns are only allowed on single-line annotations; this one spans one line.
      start_column: 2,
      end_column: 4,
      annotation_level: 'warning',
      message: 'm',
      title: 't'.repeat(300),
    }))
    const render = plain({
      renderCheckOutput: () => ({
        title: 'T',
        summary: 'S',
        text: 'x'.repeat(70_000),
        annotations,
        conclusion: 'neutral',
      }),
    })
    await publish(fakeRunner(yml), [result], { ...base(), render })
    const bodies = api
      .requests()
      .filter((r) => r.operationId?.startsWith('checks/'))
      .map((r) => r.body as { output: { annotations: unknown[] } })
    expect(bodies.map((b) => b.output.annotations.length)).toEqual(sizes)
    const [run] = api.checkRuns()
    expect([run?.status, run?.conclusion, run?.annotations.length]).toEqual([
      'completed',
      'neutral',
      count,
    ])
    expect(run?.output.text?.length).toBe(LIMITS.checkText)
    if (count > 0) expect(run?.annotations[0]?.title?.length).toBe(255)
  })

  it('drops columns from annotations that span several lines', async () => {
    const annotation: CheckAnnotation = {
      path: 'a.py',
      start_line: 1,
      end_line: 3,
      start_column: 1,
      end_column: 2,
      annotation_level: 'failure',
      message: 'm',
    }
    const render = plain({
      renderCheckOutput: () => ({
        title: 'T',
        summary: 'S',
        annotations: [annotation],
        conclusion: 'failure',
      }),
    })
    await publish(fakeRunner(yml), [result], { ...base(), render })
    expect(api.checkRuns()[0]?.annotations).toEqual([
      { path: 'a.py', start_line: 1, end_line: 3, annotation_level: 'failure', message: 'm' },
    ])
  })

  it('throws API failures other than 403, after trying every channel', async () => {
    const runner = fakeRunner(yml)
    const ctx = { ...prContext(api.url), sha: 'not-a-sha' }
    await expect(
      publish(runner, [result], { ...base(), context: ctx, render: plain() }),
    ).rejects.toThrow('Publishing failed:\ncheck run: HTTP 422 No commit found for SHA: not-a-sha')
    expect(api.comments(4)).toHaveLength(1)
    expect(runner.summaries).toHaveLength(1)
    expect(runner.outputs.get('check-run-url')).toBe('')
  })

  it('warns and skips GitHub writes without a token', async () => {
    const runner = fakeRunner(yml, { token: '' })
    const report = await publish(runner, [result], { ...base(), token: undefined, render: plain() })
    expect(runner.warnings[0]).toMatch(/^No token given \(input "token" is empty\)/)
    expect(api.requests()).toEqual([])
    expect(report.skipped).toEqual([
      'PR comment: no token',
      'check run: no token',
      'artifact: no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL unset)',
    ])
  })

  it('refuses to publish nothing', async () => {
    await expect(publish(fakeRunner(yml), [], { ...base(), render: plain() })).rejects.toThrow(
      'no gate results',
    )
  })
})

describe('publish with an artifact service', () => {
  let results: Server
  let url: string
  let temp: string
  beforeAll(async () => {
    // Answers every Twirp call with a 4xx, as the artifact client does not retry those.
    results = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 'invalid_argument', msg: 'artifact name rejected' }))
    })
    await new Promise<void>((resolve) => results.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(results.address() as AddressInfo).port}/`
    temp = mkdtempSync(join(tmpdir(), 'mlgate-runner-temp-'))
  })
  afterAll(async () => {
    await new Promise((resolve) => results.close(resolve))
    rmSync(temp, { recursive: true, force: true })
  })

  it('turns an upload failure into a warning', async () => {
    const env = {
      ACTIONS_RUNTIME_TOKEN: 'e30.eyJzY3AiOiJBY3Rpb25zLlJlc3VsdHM6YWFhOmJiYiJ9.sig',
      ACTIONS_RESULTS_URL: url,
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: temp,
    }
    // @actions/artifact reads its configuration from process.env itself.
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v)
    const runner = fakeRunner(yml)
    const report = await publish(runner, [result], { ...base(), env, render: plain() })
    vi.unstubAllEnvs()
    expect(report.artifact).toBeUndefined()
    expect(runner.warnings).toHaveLength(1)
    expect(runner.warnings[0]).toMatch(/^Could not upload the mlgate-drift artifact: /)
    expect(api.comments(4)).toHaveLength(1)
  })
})
