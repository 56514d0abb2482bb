import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { commitFile, githubClient, httpFailure } from '@mlgate/github'
import {
  STANDIN_TOKENS,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../../../test/support/github-standin.ts'

const target = { owner: 'acme', repo: 'models', branch: 'feature', path: 'card/README.md' }
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

const client = (token: string = STANDIN_TOKENS.write) =>
  githubClient(token, { apiUrl: api.url, retry: { retries: 0 } })

function blobSha(text: string): string {
  const bytes = Buffer.from(text)
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex')
}

const puts = () =>
  api
    .requests()
    .filter((r) => r.operationId === 'repos/create-or-update-file-contents')
    .map((r) => ({ status: r.status, sha: (r.body as { sha?: string }).sha }))

describe('commitFile', () => {
  it('creates the file, updates it by its blob SHA, and skips a commit that changes nothing', async () => {
    const c = client()
    const created = await commitFile(c, { ...target, content: 'v1\n', message: 'card' })
    expect(created).toMatchObject({ path: target.path, action: 'created' })
    expect(created.commitSha).toMatch(/^[0-9a-f]{40}$/)
    const updated = await commitFile(c, { ...target, content: 'v2 ✓\n', message: 'card' })
    expect(updated.action).toBe('updated')
    const same = await commitFile(c, { ...target, content: 'v2 ✓\n', message: 'card' })
    expect(same).toEqual({ path: target.path, action: 'unchanged' })
    expect(puts()).toEqual([
      { status: 201, sha: undefined },
      { status: 200, sha: blobSha('v1\n') },
    ])
    // Each branch has its own copy.
    const other = await commitFile(c, {
      ...target,
      branch: 'main',
      content: 'v2 ✓\n',
      message: 'x',
    })
    expect(other.action).toBe('created')
  })

  it('reads the file again and retries once when the branch moved under it (409)', async () => {
    const c = client()
    await commitFile(c, { ...target, content: 'v1\n', message: 'card' })
    // Someone else commits between this client's read and its write.
    let raced = false
    c.hook.before('request', async (options) => {
      if (raced || options.method !== 'PUT') return
      raced = true
      await commitFile(client(), { ...target, content: 'theirs\n', message: 'other' })
    })
    const mine = await commitFile(c, { ...target, content: 'mine\n', message: 'card' })
    expect(mine.action).toBe('updated')
    expect(puts().map((p) => p.status)).toEqual([201, 200, 409, 200])
    expect(puts()[3]?.sha).toBe(blobSha('theirs\n'))
  })

  it('throws GitHub’s 403 for a read-only token, for the caller to judge', async () => {
    const error = await commitFile(client(STANDIN_TOKENS.readOnly), {
      ...target,
      content: 'v1\n',
      message: 'card',
    }).catch((e: unknown) => e)
    expect(httpFailure(error).status).toBe(403)
  })
})
