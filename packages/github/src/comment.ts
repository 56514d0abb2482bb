import type { GitHubClient } from './client.ts'

/**
 * The hidden line that marks mlgate's sticky comment for one gate (or set of gates), so a later
 * run finds and updates it instead of adding another comment.
 */
export function commentMarker(key: string): string {
  return `<!-- mlgate:${key} -->`
}

/** The login `GITHUB_TOKEN` comments as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

export type StickyComment = {
  readonly owner: string
  readonly repo: string
  readonly issueNumber: number
  readonly marker: string
  /** The full body; must contain `marker`. */
  readonly body: string
  /** Only comments by this login are taken over, so a quoted marker never is. */
  readonly author?: string
}

export type StickyCommentResult = {
  readonly action: 'created' | 'updated' | 'unchanged'
  readonly id: number
  readonly url: string
}

/**
 * Creates the sticky comment, or updates the existing one in place (no delete and re-create, so no
 * new notification per push), or leaves it alone when its body is already the same.
 */
export async function upsertStickyComment(
  client: GitHubClient,
  comment: StickyComment,
): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber, marker, body } = comment
  if (!body.includes(marker))
    throw new Error(`Sticky comment body must contain its marker ${marker}.`)
  const author = comment.author ?? ACTIONS_BOT_LOGIN
  const existing = await findComment(client, { owner, repo, issueNumber, marker, author })
  if (existing) {
    if (existing.body === body)
      return { action: 'unchanged', id: existing.id, url: existing.html_url }
    const { data } = await client.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body,
    })
    return { action: 'updated', id: data.id, url: data.html_url }
  }
  const { data } = await client.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body,
  })
  return { action: 'created', id: data.id, url: data.html_url }
}

// --- internal ---

type Found = { id: number; body: string; html_url: string }

async function findComment(
  client: GitHubClient,
  q: { owner: string; repo: string; issueNumber: number; marker: string; author: string },
): Promise<Found | undefined> {
  // 100 is the API's largest page (default 30): a busy PR needs few requests.
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: q.owner,
    repo: q.repo,
    issue_number: q.issueNumber,
    per_page: 100,
  })
  for await (const page of pages) {
    for (const c of page.data) {
      if (c.user?.login === q.author && c.body?.includes(q.marker)) {
        return { id: c.id, body: c.body, html_url: c.html_url }
      }
    }
  }
  return undefined
}
