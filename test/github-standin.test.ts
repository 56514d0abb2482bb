import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildAction } from './support/build-action.ts'
import {
  ACTIONS_BOT,
  STANDIN_TOKENS,
  startGitHubStandIn,
  type GitHubStandIn,
} from './support/github-standin.ts'
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
import { parseFileCommand, parseWorkflowCommands } from './support/workflow-commands.ts'

const probeDir = fileURLToPath(new URL('./support/probe-action/', import.meta.url))
const actionYml = join(probeDir, 'action.yml')
const REPO = 'mlgate-test/demo'
const MARKER = '<!-- mlgate:probe -->'

let api: GitHubStandIn
let results: ResultsStandIn
let outDir: string
let entry: string

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'mlgate-probe-'))
  entry = await buildAction(join(probeDir, 'main.ts'), outDir, 'probe')
  api = await startGitHubStandIn()
  results = await startResultsStandIn()
})

afterAll(async () => {
  await api?.close()
  await results?.close()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

afterEach(() => {
  const violations = [...api.violations(), ...results.violations()]
  api.reset()
  results.reset()
  // Every request any test made must conform to GitHub's API description.
  expect(violations).toEqual([])
})

const markerComments = () => api.comments().filter((c) => c.body.includes(MARKER))
const writes = () => api.requests().filter((r) => r.method !== 'GET')

describe.each(nodeRuntimes())('probe action on $label', (runtime) => {
  const run = (o: Partial<RunActionOptions>): Promise<ActionRun> =>
    runAction({ entry, node: runtime.path, actionYml, apiUrl: api.url, ...o })

  const title =
    runtime.missing === undefined ? 'publishing' : `publishing (skipped: ${runtime.missing})`
  describe.skipIf(runtime.missing !== undefined)(title, () => {
    it('creates the sticky comment, then updates it in place with the second verdict', async () => {
      const first = await run({
        event: { name: 'pull_request', number: 7 },
        inputs: { verdict: 'fail' },
      })
      expect(first.exitCode).toBe(1)
      expect(markerComments()).toHaveLength(1)
      const id = markerComments()[0]?.id
      expect(markerComments()[0]?.body).toContain('Fail')

      const second = await run({
        event: { name: 'pull_request', number: 7 },
        inputs: { verdict: 'pass' },
      })
      expect(second.exitCode).toBe(0)
      expect(api.comments(7)).toHaveLength(1)
      const [comment] = markerComments()
      expect(comment?.id).toBe(id)
      expect(comment?.user).toEqual(ACTIONS_BOT)
      expect(comment?.body).toContain('Pass')
      expect(comment?.body).not.toContain('Fail')
      expect(second.outputs['comment-url']).toBe(
        `https://github.com/${REPO}/pull/7#issuecomment-${id}`,
      )
      expect(api.requests().filter((r) => r.operationId === 'issues/update-comment')).toHaveLength(
        1,
      )
    })

    it('leaves the comment alone when the report did not change', async () => {
      await run({ event: { name: 'pull_request' }, inputs: { verdict: 'warn' } })
      const before = api.requests().length
      const again = await run({ event: { name: 'pull_request' }, inputs: { verdict: 'warn' } })
      expect(again.exitCode).toBe(0)
      const during = api
        .requests()
        .slice(before)
        .map((r) => r.operationId)
      expect(during).toContain('issues/list-comments')
      expect(during).not.toContain('issues/update-comment')
      expect(during).not.toContain('issues/create-comment')
      expect(markerComments()).toHaveLength(1)
    })

    it('finds its comment past the first page among 130 others (no duplicate)', async () => {
      api.seedComments(REPO, 7, 130)
      // A person quoting the marker must not have their comment taken over.
      api.seedComments(REPO, 7, 1, { body: () => `> ${MARKER}\n> quoted` })
      await run({ event: { name: 'pull_request', number: 7 }, inputs: { verdict: 'fail' } })
      await run({ event: { name: 'pull_request', number: 7 }, inputs: { verdict: 'pass' } })
      const mine = api.comments(7).filter((c) => c.user.login === ACTIONS_BOT.login)
      expect(mine).toHaveLength(1)
      expect(mine[0]?.body).toContain('Pass')
      expect(api.comments(7)).toHaveLength(132)
      const lists = api.requests().filter((r) => r.operationId === 'issues/list-comments')
      expect(lists.some((r) => r.url.includes('page=2'))).toBe(true)
      expect(lists.every((r) => r.url.includes('per_page=100'))).toBe(true)
    })

    it('creates the check run on the PR head SHA and sends 120 annotations in batches of 50', async () => {
      const res = await run({
        event: { name: 'pull_request' },
        inputs: { verdict: 'fail', findings: '120' },
      })
      expect(res.exitCode).toBe(1)
      const [checkRun] = api.checkRuns()
      expect(api.checkRuns()).toHaveLength(1)
      expect(checkRun?.headSha).toBe(res.event.headSha)
      expect(checkRun?.headSha).not.toBe(res.processEnv['GITHUB_SHA'])
      expect(checkRun?.status).toBe('completed')
      expect(checkRun?.conclusion).toBe('failure')
      expect(checkRun?.annotations).toHaveLength(120)
      expect(checkRun?.annotations[119]?.start_line).toBe(121)
      const sizes = api
        .requests()
        .filter((r) => r.operationId === 'checks/create' || r.operationId === 'checks/update')
        .map(
          (r) =>
            ((r.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length,
        )
      expect(sizes).toEqual([50, 50, 20])
      expect(res.outputs['check-run-url']).toBe(`https://github.com/${REPO}/runs/${checkRun?.id}`)
    })

    it('on schedule, checks GITHUB_SHA and posts no comment', async () => {
      const res = await run({
        event: { name: 'schedule' },
        inputs: { verdict: 'pass', findings: '2' },
      })
      expect(res.exitCode).toBe(0)
      expect(api.checkRuns().map((r) => [r.headSha, r.conclusion, r.annotations.length])).toEqual([
        [res.processEnv['GITHUB_SHA'], 'success', 2],
      ])
      expect(api.requests().some((r) => r.operationId?.startsWith('issues/'))).toBe(false)
      expect(res.outputs['comment-url']).toBe('')
    })

    it('on a fork PR, writes nothing, warns, and still passes with a summary', async () => {
      const res = await run({
        event: { name: 'pull_request', fork: true },
        inputs: { verdict: 'pass' },
      })
      expect(res.exitCode).toBe(0)
      expect(res.warnings.join('\n')).toMatch(/fork.*read-only/)
      expect(res.summary).toContain('Probe gate')
      expect(res.outputs['status']).toBe('pass')
      expect(writes()).toEqual([])
    })

    it('turns 403 answers on writes into warnings, not a failed step', async () => {
      api.forbidWrites()
      const res = await run({ event: { name: 'pull_request' }, inputs: { verdict: 'warn' } })
      expect(res.exitCode).toBe(0)
      expect(res.errors).toEqual([])
      expect(res.warnings.filter((w) => w.includes('403'))).toHaveLength(2)
      expect(res.warnings).toContain('Probe gate: The probe reports warn.')
      expect(writes().map((r) => r.status)).toEqual([403, 403])
      expect(res.summary).toContain('Probe gate')
    })

    it('retries 502 and rate-limit answers, then succeeds', async () => {
      api.failNext(2)
      const res = await run({ event: { name: 'pull_request' }, inputs: { verdict: 'pass' } })
      expect(res.exitCode).toBe(0)
      expect(
        api
          .requests()
          .slice(0, 3)
          .map((r) => r.status),
      ).toEqual([502, 502, 200])
      expect(markerComments()).toHaveLength(1)

      api.reset()
      api.failNext(1, {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { message: 'slow down' },
      })
      api.failNext(1, {
        status: 403,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
        },
        body: { message: 'API rate limit exceeded' },
      })
      const limited = await run({ event: { name: 'schedule' }, inputs: { verdict: 'pass' } })
      expect(limited.exitCode).toBe(0)
      expect(api.requests().map((r) => r.status)).toEqual([429, 403, 201])
      expect(api.checkRuns()).toHaveLength(1)
    })

    it('fails the step when the API keeps failing, after the summary and outputs', async () => {
      api.failNext(10)
      const res = await run({ event: { name: 'schedule' }, inputs: { verdict: 'pass' } })
      expect(res.exitCode).toBe(1)
      expect(res.errors.join('\n')).toMatch(/check run: HTTP 502/)
      expect(res.outputs['status']).toBe('error')
      expect(res.summary).toContain('Probe gate')
      // 1 try + 4 retries, bounded.
      expect(api.requests().map((r) => r.status)).toEqual([502, 502, 502, 502, 502])
    })

    it('uploads the JSON result as an artifact when the artifact service is there', async () => {
      const res = await run({
        event: { name: 'push' },
        inputs: { verdict: 'warn' },
        resultsUrl: results.url,
      })
      expect(res.exitCode).toBe(0)
      expect(results.artifacts().map((a) => a.name)).toEqual(['mlgate-probe'])
      const files = await unzipEntries(results.artifacts()[0]?.bytes ?? Buffer.alloc(0))
      expect([...files.keys()]).toEqual(['probe.json'])
      const json = JSON.parse(files.get('probe.json')?.toString('utf8') ?? '') as unknown
      expect(JSON.stringify(json)).toContain('"status":"warn"')
      expect(res.warnings).toEqual(['Probe gate: The probe reports warn.'])
    })

    it('writes outputs and the summary in the runner formats', async () => {
      const res = await run({
        event: { name: 'workflow_dispatch', inputs: { reason: 'nightly' } },
        inputs: { verdict: 'error' },
      })
      expect(res.exitCode).toBe(1)
      expect(res.outputFile).toMatch(
        /^status<<ghadelimiter_[0-9a-f-]{36}\nerror\nghadelimiter_[0-9a-f-]{36}\n/m,
      )
      expect(res.outputs).toEqual({
        'comment-url': '',
        'check-run-url': `https://github.com/${REPO}/runs/${api.checkRuns()[0]?.id}`,
        status: 'error',
      })
      expect(res.errors).toEqual(['Probe gate could not be evaluated: The probe reports error.'])
      expect(res.summary).toMatch(/^## .*Probe gate/m)
      expect(res.summaryTooLarge).toBe(false)
      expect(res.unexpectedInputs).toEqual([])
      expect(
        res.commands.some(
          (c) => c.command === 'debug' && c.message.includes('no artifact service'),
        ),
      ).toBe(true)
    })
  })
})

describe('the stand-in', () => {
  const call = (
    method: string,
    path: string,
    body?: unknown,
    token: string = STANDIN_TOKENS.write,
  ) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

  it('records requests that break the API description', async () => {
    const typo = await call('POST', `/repos/${REPO}/issues/7/comments`, { bdy: 'hello' })
    expect(typo.status).toBe(422)
    const badEnum = await call('POST', `/repos/${REPO}/check-runs`, {
      name: 'x',
      head_sha: 'a'.repeat(40),
      conclusion: 'failed',
      output: { title: 't', summary: 's', annotation: [] },
    })
    expect(badEnum.status).toBe(422)
    expect((await call('GET', `/repos/${REPO}/issues/abc/comments?perpage=100`)).status).toBe(422)
    expect((await call('POST', `/repos/${REPO}/issues/7/comment`, { body: 'x' })).status).toBe(404)
    const found = api.violations().flatMap((v) => v.errors)
    expect(found).toEqual([
      "body: must have required property 'body'",
      'body: must NOT have additional properties (bdy)',
      expect.stringMatching(/^body\/conclusion: must be equal to one of the allowed values/),
      'body/output: must NOT have additional properties (annotation)',
      'path/issue_number: must be integer',
      'query: must NOT have additional properties (perpage)',
      expect.stringMatching(/^No operation POST \/repos\/mlgate-test\/demo\/issues\/7\/comment /),
    ])
    api.reset()
  })

  it('applies the rules the description only states in prose', async () => {
    expect(
      (await call('POST', `/repos/${REPO}/issues/7/comments`, { body: 'x'.repeat(65_537) })).status,
    ).toBe(422)
    expect(
      (await call('POST', `/repos/${REPO}/issues/7/comments`, { body: 'x'.repeat(65_536) })).status,
    ).toBe(201)
    const noConclusion = await call('POST', `/repos/${REPO}/check-runs`, {
      name: 'x',
      head_sha: 'a'.repeat(40),
      status: 'completed',
    })
    expect(noConclusion.status).toBe(422)
    expect(
      (await call('POST', `/repos/${REPO}/check-runs`, { name: 'x', head_sha: 'main' })).status,
    ).toBe(422)
    expect((await call('PATCH', `/repos/${REPO}/issues/comments/999`, { body: 'x' })).status).toBe(
      404,
    )
    expect(
      (await call('GET', `/repos/${REPO}/issues/7/comments`, undefined, 'ghp_other')).status,
    ).toBe(401)
    expect(
      (
        await call(
          'POST',
          `/repos/${REPO}/issues/7/comments`,
          { body: 'x' },
          STANDIN_TOKENS.readOnly,
        )
      ).status,
    ).toBe(403)
    expect(api.violations()).toEqual([])
  })

  it('pages comments with Link headers, 30 by default and at most 100', async () => {
    api.seedComments(REPO, 3, 250)
    const first = await call('GET', `/repos/${REPO}/issues/3/comments`)
    expect(((await first.json()) as unknown[]).length).toBe(30)
    const big = await call('GET', `/repos/${REPO}/issues/3/comments?per_page=500&page=3`)
    expect(((await big.json()) as unknown[]).length).toBe(50)
    expect(big.headers.get('link')).toBe(
      [
        `<${api.url}/repos/${REPO}/issues/3/comments?per_page=100&page=1>; rel="first"`,
        `<${api.url}/repos/${REPO}/issues/3/comments?per_page=100&page=2>; rel="prev"`,
      ].join(', '),
    )
    const page1 = await call('GET', `/repos/${REPO}/issues/3/comments?per_page=100`)
    expect(page1.headers.get('link')).toContain(`page=2>; rel="next", <`)
    expect(page1.headers.get('link')).toContain(`page=3>; rel="last"`)
  })

  it('lists check runs for a ref with appended annotations, and deletes comments', async () => {
    const sha = 'd'.repeat(40)
    const annotation = {
      path: 'a.csv',
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice',
      message: 'm',
    }
    const created = await call('POST', `/repos/${REPO}/check-runs`, {
      name: 'mlgate / drift',
      head_sha: sha,
      status: 'in_progress',
      output: { title: 't', summary: 's', annotations: [annotation] },
    })
    const { id } = (await created.json()) as { id: number }
    const patch = {
      conclusion: 'success',
      output: { title: 't', summary: 's', annotations: [annotation, annotation] },
    }
    expect((await call('PATCH', `/repos/${REPO}/check-runs/${id}`, patch)).status).toBe(200)
    const list = (await (
      await call('GET', `/repos/${REPO}/commits/${sha}/check-runs?check_name=mlgate%20%2F%20drift`)
    ).json()) as {
      total_count: number
      check_runs: { status: string; conclusion: string; output: { annotations_count: number } }[]
    }
    expect(list.total_count).toBe(1)
    expect(
      list.check_runs.map((r) => [r.status, r.conclusion, r.output.annotations_count]),
    ).toEqual([['completed', 'success', 3]])
    const annotations = (await (
      await call('GET', `/repos/${REPO}/check-runs/${id}/annotations`)
    ).json()) as unknown[]
    expect(annotations).toHaveLength(3)

    api.seedComments(REPO, 9, 2)
    const [first] = api.comments(9)
    expect((await call('DELETE', `/repos/${REPO}/issues/comments/${first?.id}`)).status).toBe(204)
    expect(api.comments(9)).toHaveLength(1)
    expect((await call('GET', `/repos/${REPO}/issues/comments/${first?.id}`)).status).toBe(404)
  })

  it('keeps issues with label and state filters, and records dispatches', async () => {
    const created = await call('POST', `/repos/${REPO}/issues`, {
      title: 'Drift detected',
      labels: ['mlgate', 'drift'],
    })
    expect(created.status).toBe(201)
    const { number } = (await created.json()) as { number: number }
    api.seedIssue(REPO, { title: 'Other', labels: ['mlgate'] })
    const drift = (await (
      await call('GET', `/repos/${REPO}/issues?labels=mlgate,drift&state=open`)
    ).json()) as { number: number }[]
    expect(drift.map((i) => i.number)).toEqual([number])
    expect(
      (
        await call('PATCH', `/repos/${REPO}/issues/${number}`, {
          state: 'closed',
          state_reason: 'completed',
        })
      ).status,
    ).toBe(200)
    const open = (await (await call('GET', `/repos/${REPO}/issues?labels=mlgate`)).json()) as {
      title: string
    }[]
    expect(open.map((i) => i.title)).toEqual(['Other'])
    expect(
      (await call('POST', `/repos/${REPO}/issues/${number}/comments`, { body: 'closing' })).status,
    ).toBe(201)
    expect(
      (
        await call('POST', `/repos/${REPO}/actions/workflows/promote.yml/dispatches`, {
          ref: 'main',
          inputs: { model: 'm' },
        })
      ).status,
    ).toBe(204)
    expect(
      (
        await call('POST', `/repos/${REPO}/dispatches`, {
          event_type: 'mlgate-drift',
          client_payload: { psi: 0.3 },
        })
      ).status,
    ).toBe(204)
    expect(api.dispatches()).toEqual([
      {
        kind: 'workflow_dispatch',
        repo: REPO,
        workflow: 'promote.yml',
        body: { ref: 'main', inputs: { model: 'm' } },
      },
      {
        kind: 'repository_dispatch',
        repo: REPO,
        body: { event_type: 'mlgate-drift', client_payload: { psi: 0.3 } },
      },
    ])
  })
})

describe('runner file and command parsers', () => {
  it('reads heredoc and NAME=VALUE entries as the runner does', () => {
    const text = 'a=1\n\nreport<<EOF_X\nline a\n\nline b\nEOF_X\na=2=3\n'
    expect(parseFileCommand(text)).toEqual({ a: '2=3', report: 'line a\n\nline b' })
    expect(() => parseFileCommand('x<<D\nvalue\n')).toThrow("Matching delimiter not found 'D'")
    expect(() => parseFileCommand('just text\n')).toThrow("Invalid format 'just text'")
    expect(() => parseFileCommand('<<D\nv\nD\n')).toThrow('Name must not be empty')
    expect(() => parseFileCommand('x<<D\nv\nD')).toThrow('EOF marker missing new line')
  })

  it('unescapes workflow command messages and properties', () => {
    const [cmd] = parseWorkflowCommands(
      'noise\n::error title=a%3Ab%2Cc,line=3::50%25 done%0Anext %250A\n',
    )
    expect(cmd).toEqual({
      command: 'error',
      properties: { title: 'a:b,c', line: '3' },
      message: '50% done\nnext %0A',
    })
  })
})
