import { createHash } from 'node:crypto'

/** The events the harness can start an action with. */
export type EventSpec =
  | {
      readonly name: 'pull_request' | 'pull_request_target'
      readonly number?: number
      /** The head branch lives in another repository (the token is then read-only on `pull_request`). */
      readonly fork?: boolean
      readonly action?: string
    }
  | { readonly name: 'push' }
  | { readonly name: 'schedule'; readonly cron?: string }
  | { readonly name: 'workflow_dispatch'; readonly inputs?: Readonly<Record<string, string>> }

/** An event as the runner presents it: the payload file plus the `GITHUB_*` values it implies. */
export type RunnerEvent = {
  readonly name: string
  readonly payload: Record<string, unknown>
  /** GITHUB_SHA: the test-merge commit on pull requests, else the branch head. */
  readonly sha: string
  /** The PR head commit (pull_request events only): where check runs belong. */
  readonly headSha?: string
  readonly ref: string
  readonly refName: string
  readonly headRef: string
  readonly baseRef: string
}

/** A stable fake commit id, so tests can name the SHA they expect. */
export function fakeSha(label: string): string {
  return createHash('sha1').update(label).digest('hex')
}

/**
 * A payload shaped like the webhook GitHub writes to GITHUB_EVENT_PATH (fields mlgate reads, plus
 * the usual neighbours). `schedule` is exactly `{"schedule": cron}`: it carries no repository.
 */
export function runnerEvent(spec: EventSpec, repository: string): RunnerEvent {
  const [owner = '', name = ''] = repository.split('/')
  const repo = repoJson(repository, owner, name, false)
  const sender = { login: 'octocat', id: 583231, type: 'User' }
  const branchSha = fakeSha(`${repository}@main`)
  switch (spec.name) {
    case 'pull_request':
    case 'pull_request_target': {
      const number = spec.number ?? 7
      const headSha = fakeSha(`${repository}#${number}:head`)
      const headRepoName = spec.fork ? `contributor/${name}` : repository
      const pullRequest = {
        url: `https://api.github.com/repos/${repository}/pulls/${number}`,
        html_url: `https://github.com/${repository}/pull/${number}`,
        number,
        state: 'open',
        title: 'Retrain the model',
        user: sender,
        draft: false,
        head: {
          label: `${spec.fork ? 'contributor' : owner}:feature`,
          ref: 'feature',
          sha: headSha,
          repo: repoJson(headRepoName, spec.fork ? 'contributor' : owner, name, spec.fork === true),
        },
        base: { label: `${owner}:main`, ref: 'main', sha: branchSha, repo },
      }
      // pull_request_target runs on the base branch; pull_request on the test-merge commit.
      const target = spec.name === 'pull_request_target'
      return {
        name: spec.name,
        payload: {
          action: spec.action ?? 'synchronize',
          number,
          pull_request: pullRequest,
          repository: repo,
          sender,
        },
        sha: target ? branchSha : fakeSha(`${repository}#${number}:merge`),
        headSha,
        ref: target ? 'refs/heads/main' : `refs/pull/${number}/merge`,
        refName: target ? 'main' : `${number}/merge`,
        headRef: 'feature',
        baseRef: 'main',
      }
    }
    case 'push':
      return {
        name: 'push',
        payload: {
          ref: 'refs/heads/main',
          before: fakeSha(`${repository}@main~1`),
          after: branchSha,
          head_commit: {
            id: branchSha,
            message: 'Update model',
            timestamp: '2026-11-20T10:00:00Z',
          },
          repository: repo,
          sender,
        },
        ...branch(branchSha),
      }
    case 'schedule':
      return {
        name: 'schedule',
        payload: { schedule: spec.cron ?? '0 6 * * 1' },
        ...branch(branchSha),
      }
    case 'workflow_dispatch':
      return {
        name: 'workflow_dispatch',
        payload: {
          inputs: { ...spec.inputs },
          ref: 'refs/heads/main',
          repository: repo,
          sender,
          workflow: '.github/workflows/mlgate.yml',
        },
        ...branch(branchSha),
      }
  }
}

// --- internal ---

function branch(sha: string) {
  return { sha, ref: 'refs/heads/main', refName: 'main', headRef: '', baseRef: '' }
}

function repoJson(
  fullName: string,
  owner: string,
  name: string,
  fork: boolean,
): Record<string, unknown> {
  return {
    id: 100_000 + fullName.length,
    name,
    full_name: fullName,
    private: false,
    fork,
    owner: { login: owner, id: 9000 + owner.length, type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    default_branch: 'main',
  }
}
