import type { GitHubClient } from './client.ts'
import { httpFailure } from './client.ts'

export type FileCommitRequest = {
  readonly owner: string
  readonly repo: string
  readonly branch: string
  /** Path in the repository, `/`-separated. */
  readonly path: string
  readonly content: string
  readonly message: string
}

export type FileCommit = {
  readonly path: string
  /** `unchanged`: the branch already holds these bytes, so nothing was committed. */
  readonly action: 'created' | 'updated' | 'unchanged'
  readonly commitSha?: string
  /** The file on GitHub, when GitHub gave its address. */
  readonly url?: string
}

/**
 * Writes one file to a branch through the REST contents API: reads the file on the branch
 * (`GET /repos/{owner}/{repo}/contents/{path}?ref=`), skips the commit when the bytes are the
 * same, and otherwise `PUT`s the new content with the branch and, when updating, the blob SHA it
 * replaces. When the branch moved in between (409: the SHA no longer matches), it reads the file
 * again and retries once. Errors (403 for a read-only token among them) are thrown for the caller
 * to judge.
 */
export async function commitFile(
  client: GitHubClient,
  request: FileCommitRequest,
): Promise<FileCommit> {
  for (let attempt = 1; ; attempt++) {
    const existing = await currentFile(client, request)
    if (existing?.text === request.content) return { path: request.path, action: 'unchanged' }
    try {
      const res = await client.rest.repos.createOrUpdateFileContents({
        owner: request.owner,
        repo: request.repo,
        path: request.path,
        branch: request.branch,
        message: request.message,
        content: Buffer.from(request.content, 'utf8').toString('base64'),
        ...(existing ? { sha: existing.sha } : {}),
      })
      const url = res.data.content?.html_url
      return {
        path: request.path,
        action: existing ? 'updated' : 'created',
        ...(res.data.commit.sha ? { commitSha: res.data.commit.sha } : {}),
        ...(url ? { url } : {}),
      }
    } catch (error) {
      if (httpFailure(error).status !== 409 || attempt >= 2) throw error
    }
  }
}

// --- internal ---

/** The file on the branch (its blob SHA, and its text when GitHub inlines it), or undefined. */
async function currentFile(
  client: GitHubClient,
  request: FileCommitRequest,
): Promise<{ sha: string; text?: string } | undefined> {
  try {
    const res = await client.rest.repos.getContent({
      owner: request.owner,
      repo: request.repo,
      path: request.path,
      ref: request.branch,
    })
    const data = res.data
    if (Array.isArray(data) || data.type !== 'file') {
      const kind = Array.isArray(data) ? 'directory' : data.type
      throw new Error(
        `${request.path} on branch ${request.branch} is a ${kind}, not a file; choose another card directory (input "out").`,
      )
    }
    // Files over 1 MB come without their content (encoding "none"): compare by committing.
    if (!('content' in data) || data.encoding !== 'base64') return { sha: data.sha }
    return { sha: data.sha, text: Buffer.from(data.content, 'base64').toString('utf8') }
  } catch (error) {
    if (httpFailure(error).status === 404) return undefined
    throw error
  }
}
