import { readFileSync } from 'node:fs'

export type PullRequestRef = {
  readonly number: number
  /** The PR head commit: where check runs belong (GITHUB_SHA is the test-merge commit). */
  readonly headSha: string
  /** The head branch lives in another repository. */
  readonly fork: boolean
}

/** What publishing needs to know about the run, read once from the runner's environment. */
export type RunContext = {
  readonly eventName: string
  readonly owner: string
  readonly repo: string
  /** The commit to attach check runs to: the PR head on pull requests, else GITHUB_SHA. */
  readonly sha: string
  readonly pullRequest?: PullRequestRef
  /**
   * The token is read-only: a `pull_request` from a fork (GitHub caps its GITHUB_TOKEN at read and
   * withholds secrets). `pull_request_target` runs with a write token even for forks.
   */
  readonly readOnlyToken: boolean
  readonly apiUrl: string
  readonly serverUrl: string
  /** Link to this workflow run, empty when the run id is unknown. */
  readonly runUrl: string
}

type Env = Readonly<Record<string, string | undefined>>

/** Reads the run context from `GITHUB_*` variables and the event payload at `GITHUB_EVENT_PATH`. */
export function readRunContext(env: Env = process.env): RunContext {
  const path = env['GITHUB_EVENT_PATH']
  let payload: unknown = {}
  if (path) {
    try {
      payload = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(
        `Cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${String(error)}`,
        { cause: error },
      )
    }
  }
  return runContextFrom(env['GITHUB_EVENT_NAME'] ?? '', payload, env)
}

/** The run context of one event payload (pure; `readRunContext` reads the file). */
export function runContextFrom(eventName: string, payload: unknown, env: Env): RunContext {
  const [owner, repo] = repository(payload, env)
  const serverUrl = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')
  const runId = env['GITHUB_RUN_ID'] ?? ''
  const pullRequest = PR_EVENTS.has(eventName) ? pullRequestOf(payload) : undefined
  return {
    eventName,
    owner,
    repo,
    sha: pullRequest?.headSha ?? env['GITHUB_SHA'] ?? '',
    ...(pullRequest ? { pullRequest } : {}),
    readOnlyToken: eventName === 'pull_request' && pullRequest?.fork === true,
    apiUrl: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl,
    runUrl: runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : '',
  }
}

// --- internal ---

const PR_EVENTS = new Set(['pull_request', 'pull_request_target'])

function repository(payload: unknown, env: Env): [string, string] {
  // GITHUB_REPOSITORY first: a schedule payload carries no repository at all.
  const full = env['GITHUB_REPOSITORY'] || str(at(payload, 'repository', 'full_name'))
  const [owner, repo, ...rest] = (full ?? '').split('/')
  if (!owner || !repo || rest.length > 0) {
    throw new Error(
      `Cannot tell the repository: GITHUB_REPOSITORY is "${env['GITHUB_REPOSITORY'] ?? ''}" and the event payload has no repository.full_name. Expected "owner/repo"; run inside a GitHub Actions step or set GITHUB_REPOSITORY.`,
    )
  }
  return [owner, repo]
}

function pullRequestOf(payload: unknown): PullRequestRef | undefined {
  const number = at(payload, 'pull_request', 'number') ?? at(payload, 'number')
  const headSha = str(at(payload, 'pull_request', 'head', 'sha'))
  if (typeof number !== 'number' || !headSha) return undefined
  const head = str(at(payload, 'pull_request', 'head', 'repo', 'full_name'))
  const base =
    str(at(payload, 'pull_request', 'base', 'repo', 'full_name')) ??
    str(at(payload, 'repository', 'full_name'))
  // Compare names rather than trusting head.repo.fork alone: a PR between two branches of a
  // repository that is itself a fork has fork=true yet a write token. A deleted head repository
  // (head.repo null) is treated as a fork, since its token is read-only too.
  return { number, headSha, fork: head === undefined || head !== base }
}

function at(value: unknown, ...keys: string[]): unknown {
  let v = value
  for (const k of keys) {
    if (typeof v !== 'object' || v == null) return undefined
    v = (v as Record<string, unknown>)[k]
  }
  return v
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
