import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { githubOpenApiValidator } from './openapi-validator.ts'
import {
  OCTOCAT,
  type Actor,
  type CheckRun,
  type Comment,
  type Issue,
} from './github-standin-shapes.ts'
import { HANDLERS, addComment, addIssue, docsUrl, emptyState } from './github-standin-routes.ts'

export { ACTIONS_BOT, OCTOCAT } from './github-standin-shapes.ts'
export type { Actor, Annotation, CheckRun, Comment, Issue } from './github-standin-shapes.ts'

/**
 * Tokens the stand-in knows: `write` can do everything, `readOnly` answers 403 "Resource not
 * accessible by integration" on every write (a fork PR's GITHUB_TOKEN); any other is a 401.
 */
export const STANDIN_TOKENS = { write: 'ghs_rw', readOnly: 'ghs_ro' } as const

export type RecordedRequest = {
  readonly method: string
  /** Path and query as sent. */
  readonly url: string
  readonly operationId?: string
  readonly body?: unknown
  readonly status: number
}

export type Violation = {
  readonly method: string
  readonly url: string
  readonly operationId?: string
  /** `request`: breaks the OpenAPI description; `response`: the stand-in's own answer does (a stand-in bug); `unhandled`: a valid operation the stand-in does not implement. */
  readonly kind: 'request' | 'response' | 'unhandled'
  readonly errors: readonly string[]
}

export type Dispatch = {
  readonly kind: 'workflow_dispatch' | 'repository_dispatch'
  readonly repo: string
  readonly body: Readonly<Record<string, unknown>>
  /** The workflow file name or id, for workflow_dispatch. */
  readonly workflow?: string
}

/** An answer to force on the next requests, before auth or routing. */
export type InjectedAnswer = {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
}

export type GitHubStandIn = {
  /** Base URL for GITHUB_API_URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  comments(issueNumber?: number): readonly Comment[]
  checkRuns(): readonly CheckRun[]
  issues(): readonly Issue[]
  dispatches(): readonly Dispatch[]
  requests(): readonly RecordedRequest[]
  /** Everything that broke the API description, or that the stand-in could not serve; tests assert it is empty. */
  violations(): readonly Violation[]
  /** Adds `count` comments to an issue/PR, by `author` (default a person, octocat). */
  seedComments(
    repo: string,
    issueNumber: number,
    count: number,
    options?: { author?: Actor; body?: (i: number) => string },
  ): void
  seedIssue(
    repo: string,
    issue: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed' },
  ): Issue
  /** While on, every write answers 403 as for a read-only token, whatever the token. */
  forbidWrites(on?: boolean): void
  /** The next `count` requests get `answer` (default a 502) instead of being served. */
  failNext(count: number, answer?: InjectedAnswer): void
  /** Forgets all state, knobs, requests and violations. */
  reset(): void
  close(): Promise<void>
}

/**
 * Starts a loopback stand-in for api.github.com. Every request is checked against GitHub's
 * OpenAPI description (objects closed, unknown query parameters rejected); comments, check runs,
 * issues and dispatches are kept in memory and answered in GitHub's shapes, with GitHub's rules
 * that the description cannot express (comment length, pagination, annotation appends).
 */
export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const validator = githubOpenApiValidator()
  let state = emptyState()
  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      state.violations.push({
        method: req.method ?? '',
        url: req.url ?? '',
        kind: 'unhandled',
        errors: [`stand-in crashed: ${String(error)}`],
      })
      if (!res.headersSent) send(res, 500, { message: 'stand-in error' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', base)
    const raw = await readBody(req)
    let body: unknown
    if (raw !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        state.violations.push({
          method,
          url: req.url ?? '',
          kind: 'request',
          errors: ['body is not JSON'],
        })
        return reply(400, { message: 'Problems parsing JSON' })
      }
    }
    const check = validator.checkRequest(method, url, body)
    const op = check.operation
    const record = (status: number) =>
      state.requests.push({
        method,
        url: req.url ?? '',
        status,
        ...(op ? { operationId: op.operationId } : {}),
        ...(body === undefined ? {} : { body }),
      })

    function reply(status: number, json?: unknown, headers: Record<string, string> = {}): void {
      record(status)
      send(res, status, json, headers)
    }

    if (check.errors.length > 0) {
      state.violations.push({
        method,
        url: req.url ?? '',
        ...(op ? { operationId: op.operationId } : {}),
        kind: 'request',
        errors: check.errors,
      })
      return op
        ? reply(422, { message: 'Invalid request.', errors: check.errors })
        : reply(404, { message: 'Not Found' })
    }
    if (!op) return reply(404, { message: 'Not Found' })
    const injected = state.injected.shift()
    if (injected)
      return reply(injected.status, injected.body ?? { message: 'Server Error' }, {
        ...injected.headers,
      })
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (auth !== STANDIN_TOKENS.write && auth !== STANDIN_TOKENS.readOnly) {
      return reply(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      })
    }
    const write = method !== 'GET' && method !== 'HEAD'
    if (write && (auth === STANDIN_TOKENS.readOnly || state.writesForbidden)) {
      return reply(403, {
        message: 'Resource not accessible by integration',
        documentation_url: docsUrl(op),
        status: '403',
      })
    }
    const handler = HANDLERS[op.operationId]
    if (!handler) {
      state.violations.push({
        method,
        url: req.url ?? '',
        operationId: op.operationId,
        kind: 'unhandled',
        errors: [`the stand-in does not implement ${op.operationId}`],
      })
      return reply(501, { message: `Not implemented by the stand-in: ${op.operationId}` })
    }
    const answer = handler({ op, body: (body ?? {}) as Record<string, unknown>, state, base, url })
    if (answer.status >= 200 && answer.status < 300) {
      const errors = validator.checkResponse(op.operationId, answer.status, answer.body)
      if (errors.length > 0)
        state.violations.push({
          method,
          url: req.url ?? '',
          operationId: op.operationId,
          kind: 'response',
          errors,
        })
    }
    reply(answer.status, answer.body, answer.headers)
  }

  return {
    url: base,
    comments: (n) => state.comments.filter((c) => n === undefined || c.issueNumber === n),
    checkRuns: () => state.checkRuns,
    issues: () => state.issues,
    dispatches: () => state.dispatches,
    requests: () => state.requests,
    violations: () => state.violations,
    seedComments(repo, issueNumber, count, options = {}) {
      for (let i = 0; i < count; i++) {
        addComment(
          state,
          repo,
          issueNumber,
          options.body?.(i) ?? `Looks good to me (${i + 1}).`,
          options.author ?? OCTOCAT,
        )
      }
    },
    seedIssue: (repo, spec) => addIssue(state, repo, spec, OCTOCAT),
    forbidWrites(on = true) {
      state.writesForbidden = on
    },
    failNext(count, answer = { status: 502, body: { message: 'Server Error' } }) {
      for (let i = 0; i < count; i++) state.injected.push(answer)
    },
    reset() {
      state = emptyState()
    },
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}
// --- internal ---

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function send(
  res: ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  const text = json === undefined || status === 204 ? '' : JSON.stringify(json)
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-resource': 'core',
    ...headers,
  })
  res.end(text)
}
