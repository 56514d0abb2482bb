import { createHash } from 'node:crypto'
import type { MatchedOperation } from './openapi-validator.ts'
import {
  ACTIONS_BOT,
  annotationJson,
  checkRunJson,
  commentJson,
  issueJson,
  type Actor,
  type Annotation,
  type CheckRun,
  type Comment,
  type Issue,
} from './github-standin-shapes.ts'
import type { Dispatch, InjectedAnswer, RecordedRequest, Violation } from './github-standin.ts'

// The stand-in's resources and the handlers of the operations it serves, keyed by operationId,
// with GitHub's rules that the OpenAPI description states only in prose.

export type StandInState = {
  comments: Comment[]
  checkRuns: CheckRun[]
  issues: Issue[]
  dispatches: Dispatch[]
  requests: RecordedRequest[]
  violations: Violation[]
  injected: InjectedAnswer[]
  writesForbidden: boolean
  nextId: number
  /** Issue numbers share one sequence with PR numbers; start high so PR numbers used by tests stay free. */
  nextNumber: number
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> }
export type RouteContext = {
  op: MatchedOperation
  body: Record<string, unknown>
  state: StandInState
  base: string
  url: URL
}

export function emptyState(): StandInState {
  return {
    comments: [],
    checkRuns: [],
    issues: [],
    dispatches: [],
    requests: [],
    violations: [],
    injected: [],
    writesForbidden: false,
    nextId: 1,
    nextNumber: 1000,
  }
}

// GitHub's own limit, not in the description: 422 "Body is too long (maximum is 65536 characters)".
const COMMENT_MAX = 65_536

export const HANDLERS: Record<string, (ctx: RouteContext) => Answer> = {
  'issues/list-comments': ({ op, state, base, url }) => {
    const since = op.query['since']
    const all = state.comments.filter(
      (c) =>
        c.repo === repoOf(op) &&
        c.issueNumber === op.path['issue_number'] &&
        (since === undefined || c.updatedAt >= String(since)),
    )
    return paginate(all, op, base, url, (c) => commentJson(base, c))
  },
  'issues/create-comment': ({ op, body, state, base }) => {
    const text = String(body['body'])
    if (text.length > COMMENT_MAX) return tooLong()
    const c = addComment(state, repoOf(op), Number(op.path['issue_number']), text, ACTIONS_BOT)
    return {
      status: 201,
      body: commentJson(base, c),
      headers: { location: `${base}/repos/${c.repo}/issues/comments/${c.id}` },
    }
  },
  'issues/get-comment': ({ op, state, base }) => {
    const c = findComment(state, op)
    return c ? { status: 200, body: commentJson(base, c) } : notFound()
  },
  'issues/update-comment': ({ op, body, state, base }) => {
    const c = findComment(state, op)
    if (!c) return notFound()
    const text = String(body['body'])
    if (text.length > COMMENT_MAX) return tooLong()
    c.body = text
    c.updatedAt = now()
    return { status: 200, body: commentJson(base, c) }
  },
  'issues/delete-comment': ({ op, state }) => {
    const c = findComment(state, op)
    if (!c) return notFound()
    state.comments.splice(state.comments.indexOf(c), 1)
    return { status: 204 }
  },
  'checks/create': ({ op, body, state, base }) => {
    const invalid = checkRunRules(body)
    if (invalid) return invalid
    if (!/^[0-9a-f]{40}$/.test(String(body['head_sha']))) {
      return unprocessable(`No commit found for SHA: ${String(body['head_sha'])}`)
    }
    const output = (body['output'] ?? {}) as Record<string, unknown>
    const run: CheckRun = {
      id: state.nextId++,
      repo: repoOf(op),
      name: String(body['name']),
      headSha: String(body['head_sha']),
      status: 'queued',
      conclusion: null,
      startedAt: typeof body['started_at'] === 'string' ? body['started_at'] : now(),
      completedAt: null,
      detailsUrl: typeof body['details_url'] === 'string' ? body['details_url'] : null,
      externalId: typeof body['external_id'] === 'string' ? body['external_id'] : '',
      output: { title: null, summary: null, text: null },
      annotations: [],
      writes: 0,
    }
    applyCheckRunUpdate(run, body, output)
    state.checkRuns.push(run)
    return { status: 201, body: checkRunJson(base, run) }
  },
  'checks/update': ({ op, body, state, base }) => {
    const run = state.checkRuns.find(
      (r) => r.repo === repoOf(op) && r.id === op.path['check_run_id'],
    )
    if (!run) return notFound()
    const invalid = checkRunRules(body)
    if (invalid) return invalid
    applyCheckRunUpdate(
      run,
      body,
      (body['output'] ?? undefined) as Record<string, unknown> | undefined,
    )
    return { status: 200, body: checkRunJson(base, run) }
  },
  'checks/get': ({ op, state, base }) => {
    const run = state.checkRuns.find(
      (r) => r.repo === repoOf(op) && r.id === op.path['check_run_id'],
    )
    return run ? { status: 200, body: checkRunJson(base, run) } : notFound()
  },
  'checks/list-annotations': ({ op, state, base, url }) => {
    const run = state.checkRuns.find(
      (r) => r.repo === repoOf(op) && r.id === op.path['check_run_id'],
    )
    if (!run) return notFound()
    return paginate(run.annotations, op, base, url, (a) => annotationJson(run, a))
  },
  'checks/list-for-ref': ({ op, state, base }) => {
    const q = op.query
    const runs = state.checkRuns.filter(
      (r) =>
        r.repo === repoOf(op) &&
        r.headSha === op.path['ref'] &&
        (q['check_name'] === undefined || r.name === q['check_name']) &&
        (q['status'] === undefined || r.status === q['status']),
    )
    const { page, perPage } = pageOf(op)
    const slice = runs.slice((page - 1) * perPage, page * perPage)
    return {
      status: 200,
      body: { total_count: runs.length, check_runs: slice.map((r) => checkRunJson(base, r)) },
    }
  },
  'issues/create': ({ op, body, state, base }) => {
    const issue = addIssue(
      state,
      repoOf(op),
      {
        title: String(body['title']),
        ...(typeof body['body'] === 'string' ? { body: body['body'] } : {}),
        labels: labelNames(body['labels']),
      },
      ACTIONS_BOT,
    )
    return { status: 201, body: issueJson(base, issue) }
  },
  'issues/get': ({ op, state, base }) => {
    const issue = findIssue(state, op)
    return issue ? { status: 200, body: issueJson(base, issue) } : notFound()
  },
  'issues/update': ({ op, body, state, base }) => {
    const issue = findIssue(state, op)
    if (!issue) return notFound()
    if (typeof body['title'] === 'string') issue.title = body['title']
    if ('body' in body) issue.body = typeof body['body'] === 'string' ? body['body'] : null
    if (body['labels'] !== undefined) issue.labels = labelNames(body['labels'])
    if (body['state'] === 'open' || body['state'] === 'closed') {
      issue.state = body['state']
      issue.closedAt = body['state'] === 'closed' ? now() : null
      issue.stateReason =
        body['state'] === 'closed'
          ? typeof body['state_reason'] === 'string'
            ? body['state_reason']
            : 'completed'
          : 'reopened'
    }
    issue.updatedAt = now()
    return { status: 200, body: issueJson(base, issue) }
  },
  'issues/list-for-repo': ({ op, state, base, url }) => {
    const want = String(op.query['state'] ?? 'open')
    const labels =
      op.query['labels'] === undefined
        ? []
        : String(op.query['labels'])
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean)
    const list = state.issues
      .filter(
        (i) =>
          i.repo === repoOf(op) &&
          (want === 'all' || i.state === want) &&
          labels.every((l) => i.labels.includes(l)),
      )
      // Newest first: the API's default sort (created, desc).
      .sort((a, b) => b.number - a.number)
    return paginate(list, op, base, url, (i) => issueJson(base, i))
  },
  'actions/create-workflow-dispatch': ({ op, body, state }) => {
    state.dispatches.push({
      kind: 'workflow_dispatch',
      repo: repoOf(op),
      workflow: String(op.path['workflow_id']),
      body,
    })
    return { status: 204 }
  },
  'repos/create-dispatch-event': ({ op, body, state }) => {
    state.dispatches.push({ kind: 'repository_dispatch', repo: repoOf(op), body })
    return { status: 204 }
  },
}

export function addComment(
  state: StandInState,
  repo: string,
  issueNumber: number,
  body: string,
  user: Actor,
): Comment {
  const t = now()
  const c: Comment = {
    id: state.nextId++,
    repo,
    issueNumber,
    body,
    user,
    createdAt: t,
    updatedAt: t,
  }
  state.comments.push(c)
  return c
}

export function addIssue(
  state: StandInState,
  repo: string,
  spec: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed' },
  user: Actor,
): Issue {
  const t = now()
  const closed = spec.state === 'closed'
  const issue: Issue = {
    id: state.nextId++,
    repo,
    number: state.nextNumber++,
    title: spec.title,
    body: spec.body ?? null,
    state: closed ? 'closed' : 'open',
    stateReason: closed ? 'completed' : null,
    labels: spec.labels ?? [],
    user,
    createdAt: t,
    updatedAt: t,
    closedAt: closed ? t : null,
  }
  state.issues.push(issue)
  return issue
}

/** Rules of the check-runs API that the description states only in prose. */
function checkRunRules(body: Record<string, unknown>): Answer | undefined {
  if (
    (body['status'] === 'completed' || body['completed_at'] !== undefined) &&
    body['conclusion'] === undefined
  ) {
    return unprocessable('conclusion is required when status is completed or completed_at is given')
  }
  const output = body['output'] as Record<string, unknown> | undefined
  if (output && (output['title'] === undefined || output['summary'] === undefined)) {
    return unprocessable('output requires title and summary')
  }
  return undefined
}

function applyCheckRunUpdate(
  run: CheckRun,
  body: Record<string, unknown>,
  output: Record<string, unknown> | undefined,
): void {
  run.writes++
  if (typeof body['name'] === 'string') run.name = body['name']
  if (typeof body['details_url'] === 'string') run.detailsUrl = body['details_url']
  if (typeof body['status'] === 'string') run.status = body['status']
  if (typeof body['conclusion'] === 'string') {
    // "Providing conclusion will automatically set the status parameter to completed."
    run.conclusion = body['conclusion']
    run.status = 'completed'
    run.completedAt = typeof body['completed_at'] === 'string' ? body['completed_at'] : now()
  }
  if (output) {
    if (typeof output['title'] === 'string') run.output.title = output['title']
    if (typeof output['summary'] === 'string') run.output.summary = output['summary']
    if (typeof output['text'] === 'string') run.output.text = output['text']
    // Each update appends its annotations to those already on the run.
    if (Array.isArray(output['annotations']))
      run.annotations.push(...(output['annotations'] as Annotation[]))
  }
}

function paginate<T>(
  all: readonly T[],
  op: MatchedOperation,
  base: string,
  url: URL,
  json: (t: T) => unknown,
): Answer {
  const { page, perPage } = pageOf(op)
  const last = Math.max(1, Math.ceil(all.length / perPage))
  const link = (p: number) => {
    const u = new URL(url.pathname + url.search, base)
    u.searchParams.set('page', String(p))
    u.searchParams.set('per_page', String(perPage))
    return `<${u.toString()}>`
  }
  const rels: string[] = []
  if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`)
  if (page > 1) rels.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`)
  const body = all.slice((page - 1) * perPage, page * perPage).map(json)
  return { status: 200, body, headers: rels.length ? { link: rels.join(', ') } : {} }
}

/** `per_page` defaults to 30 and is capped at 100 (REST docs, "Using pagination in the REST API"). */
function pageOf(op: MatchedOperation): { page: number; perPage: number } {
  const perPage = Math.min(100, Math.max(1, Number(op.query['per_page'] ?? 30)))
  return { page: Math.max(1, Number(op.query['page'] ?? 1)), perPage }
}

function repoOf(op: MatchedOperation): string {
  return `${String(op.path['owner'])}/${String(op.path['repo'])}`
}

function findComment(state: StandInState, op: MatchedOperation): Comment | undefined {
  return state.comments.find((c) => c.repo === repoOf(op) && c.id === op.path['comment_id'])
}

function findIssue(state: StandInState, op: MatchedOperation): Issue | undefined {
  return state.issues.find((i) => i.repo === repoOf(op) && i.number === op.path['issue_number'])
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return value.map((l) =>
    typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? ''),
  )
}

function tooLong(): Answer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'unprocessable',
          field: 'data',
          message: 'Body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/issues/comments',
      status: '422',
    },
  }
}

function unprocessable(message: string): Answer {
  return {
    status: 422,
    body: { message, documentation_url: 'https://docs.github.com/rest/checks/runs', status: '422' },
  }
}

function notFound(): Answer {
  return {
    status: 404,
    body: {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    },
  }
}

export function docsUrl(op: MatchedOperation): string {
  return `https://docs.github.com/rest/${op.operationId.split('/')[0] ?? ''}`
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// --- repository contents (GET and PUT /repos/{owner}/{repo}/contents/{path}) ---

/** A file on a branch, as the contents API stores it. */
type RepoFile = { readonly bytes: Buffer; readonly sha: string }

/** Files by `owner/repo@branch:path`, per stand-in state (a reset starts empty). */
const REPO_FILES = new WeakMap<StandInState, Map<string, RepoFile>>()

function repoFiles(state: StandInState): Map<string, RepoFile> {
  let files = REPO_FILES.get(state)
  if (!files) {
    files = new Map()
    REPO_FILES.set(state, files)
  }
  return files
}

/** Git's blob id: SHA-1 of `blob <size>\0` and the bytes, what the API calls a file's `sha`. */
function blobSha(bytes: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex')
}

function contentsLinks(base: string, repo: string, branch: string, path: string, sha: string) {
  const self = `${base}/repos/${repo}/contents/${path}?ref=${encodeURIComponent(branch)}`
  const git = `${base}/repos/${repo}/git/blobs/${sha}`
  const html = `https://github.com/${repo}/blob/${encodeURIComponent(branch)}/${path}`
  return { self, git, html }
}

// The default branch of every stand-in repository.
const DEFAULT_BRANCH = 'main'

HANDLERS['repos/get-content'] = ({ op, state, base }) => {
  const repo = repoOf(op)
  const path = String(op.path['path'])
  const branch = String(op.query['ref'] ?? DEFAULT_BRANCH)
  const file = repoFiles(state).get(`${repo}@${branch}:${path}`)
  if (!file) return notFound()
  const links = contentsLinks(base, repo, branch, path, file.sha)
  // GitHub wraps the base64 text at 60 characters.
  const content = (file.bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n')
  return {
    status: 200,
    body: {
      type: 'file',
      encoding: 'base64',
      size: file.bytes.length,
      name: path.split('/').pop() ?? path,
      path,
      content: content === '' ? '' : `${content}\n`,
      sha: file.sha,
      url: links.self,
      git_url: links.git,
      html_url: links.html,
      download_url: `https://raw.githubusercontent.com/${repo}/${branch}/${path}`,
      _links: links,
    },
  }
}

// Rules the description states only in prose: updating needs the `sha` of the blob replaced, and
// a `sha` that is not the file's current one is a 409 conflict.
HANDLERS['repos/create-or-update-file-contents'] = ({ op, body, state, base }) => {
  const repo = repoOf(op)
  const path = String(op.path['path'])
  const branch = typeof body['branch'] === 'string' ? body['branch'] : DEFAULT_BRANCH
  const text = String(body['content']).replace(/\s+/g, '')
  const bytes = Buffer.from(text, 'base64')
  if (bytes.toString('base64') !== text) return unprocessable('content is not valid Base64')
  const key = `${repo}@${branch}:${path}`
  const existing = repoFiles(state).get(key)
  if (existing && body['sha'] === undefined) {
    return unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.')
  }
  if (existing && body['sha'] !== existing.sha) {
    return {
      status: 409,
      body: {
        message: `${path} does not match ${String(body['sha'])}`,
        documentation_url: 'https://docs.github.com/rest/repos/contents',
        status: '409',
      },
    }
  }
  const sha = blobSha(bytes)
  repoFiles(state).set(key, { bytes, sha })
  const commitSha = createHash('sha1').update(`${key}#${state.nextId++}`).digest('hex')
  const links = contentsLinks(base, repo, branch, path, sha)
  const who = {
    name: ACTIONS_BOT.login,
    email: '41898282+github-actions[bot]@users.noreply.github.com',
    date: now(),
  }
  return {
    status: existing ? 200 : 201,
    body: {
      content: {
        name: path.split('/').pop() ?? path,
        path,
        sha,
        size: bytes.length,
        url: links.self,
        html_url: links.html,
        git_url: links.git,
        download_url: `https://raw.githubusercontent.com/${repo}/${branch}/${path}`,
        type: 'file',
        _links: links,
      },
      commit: {
        sha: commitSha,
        node_id: `C_${commitSha.slice(0, 20)}`,
        url: `${base}/repos/${repo}/git/commits/${commitSha}`,
        html_url: `https://github.com/${repo}/commit/${commitSha}`,
        author: who,
        committer: who,
        message: String(body['message']),
        tree: { url: `${base}/repos/${repo}/git/trees/${sha}`, sha },
        parents: [],
        verification: {
          verified: false,
          reason: 'unsigned',
          signature: null,
          payload: null,
          verified_at: null,
        },
      },
    },
  }
}
