import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRunContext, runContextFrom } from '@mlgate/github'

const env = {
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'http://127.0.0.1:1234/',
  GITHUB_RUN_ID: '99',
}

function pr(head: { full_name: string; fork: boolean } | null, number = 12) {
  return {
    number,
    pull_request: {
      number,
      head: { sha: 'b'.repeat(40), repo: head },
      base: { repo: { full_name: 'acme/models' } },
    },
    repository: { full_name: 'acme/models' },
  }
}

describe('runContextFrom', () => {
  it('puts check runs on the PR head, not the merge commit', () => {
    const ctx = runContextFrom('pull_request', pr({ full_name: 'acme/models', fork: false }), env)
    expect(ctx).toEqual({
      eventName: 'pull_request',
      owner: 'acme',
      repo: 'models',
      sha: 'b'.repeat(40),
      pullRequest: { number: 12, headSha: 'b'.repeat(40), fork: false },
      readOnlyToken: false,
      apiUrl: 'http://127.0.0.1:1234',
      serverUrl: 'https://github.com',
      runUrl: 'https://github.com/acme/models/actions/runs/99',
    })
  })

  it.each([
    ['a fork', 'pull_request', { full_name: 'someone/models', fork: true }, true, true],
    ['a deleted head repository', 'pull_request', null, true, true],
    // Branches of a repository that is itself a fork: fork=true, but the same repository.
    [
      'a PR inside a forked repository',
      'pull_request',
      { full_name: 'acme/models', fork: true },
      false,
      false,
    ],
    // pull_request_target runs with a write token even for forks.
    [
      'a fork on pull_request_target',
      'pull_request_target',
      { full_name: 'someone/models', fork: true },
      true,
      false,
    ],
  ])('classifies %s', (_name, event, head, fork, readOnly) => {
    const ctx = runContextFrom(event, pr(head), env)
    expect(ctx.pullRequest?.fork).toBe(fork)
    expect(ctx.readOnlyToken).toBe(readOnly)
  })

  it.each([
    ['push', { ref: 'refs/heads/main', repository: { full_name: 'acme/models' } }],
    ['schedule', { schedule: '0 6 * * 1' }],
    ['workflow_dispatch', { inputs: { a: 'b' }, ref: 'refs/heads/main' }],
  ])('has no pull request on %s and checks GITHUB_SHA', (event, payload) => {
    const ctx = runContextFrom(event, payload, env)
    expect(ctx.pullRequest).toBeUndefined()
    expect(ctx.sha).toBe('a'.repeat(40))
    expect(ctx.readOnlyToken).toBe(false)
  })

  it('says how to fix a missing repository', () => {
    expect(() => runContextFrom('schedule', { schedule: '* * * * *' }, {})).toThrow(
      /Expected "owner\/repo"/,
    )
  })
})

describe('readRunContext', () => {
  it('reads the payload from GITHUB_EVENT_PATH and reports an unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-event-'))
    try {
      const path = join(dir, 'event.json')
      writeFileSync(path, JSON.stringify(pr({ full_name: 'someone/models', fork: true }, 5)))
      const ctx = readRunContext({
        ...env,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path,
      })
      expect(ctx.pullRequest).toEqual({ number: 5, headSha: 'b'.repeat(40), fork: true })
      writeFileSync(path, '{not json')
      expect(() =>
        readRunContext({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path }),
      ).toThrow(`Cannot read the event payload at GITHUB_EVENT_PATH=${path}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
