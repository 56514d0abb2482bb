import type { GitHubClient } from './client.ts'

/** An issue as the tracking code needs it. */
export type IssueRef = {
  readonly number: number
  readonly url: string
  readonly title: string
  readonly body: string
}

/**
 * The newest open issue carrying `label` whose body contains `marker` (a hidden HTML comment), or
 * undefined. Pull requests, which the issues API lists too, are skipped. The label narrows the
 * search to a page or two even in busy repositories; the marker tells two tracked keys apart.
 */
export async function findOpenIssue(
  client: GitHubClient,
  q: { owner: string; repo: string; label: string; marker: string },
): Promise<IssueRef | undefined> {
  // 100 is the API's largest page (default 30); the list is newest first.
  const pages = client.paginate.iterator(client.rest.issues.listForRepo, {
    owner: q.owner,
    repo: q.repo,
    state: 'open',
    labels: q.label,
    per_page: 100,
  })
  for await (const page of pages) {
    for (const issue of page.data) {
      if (issue.pull_request == null && issue.body?.includes(q.marker)) {
        return { number: issue.number, url: issue.html_url, title: issue.title, body: issue.body }
      }
    }
  }
  return undefined
}

export async function createIssue(
  client: GitHubClient,
  q: { owner: string; repo: string; title: string; body: string; labels: readonly string[] },
): Promise<IssueRef> {
  const { data } = await client.rest.issues.create({
    owner: q.owner,
    repo: q.repo,
    title: q.title,
    body: q.body,
    labels: [...q.labels],
  })
  return { number: data.number, url: data.html_url, title: data.title, body: data.body ?? '' }
}

/** Changes an issue's title, body or state (closing as `completed`). */
export async function updateIssue(
  client: GitHubClient,
  q: {
    owner: string
    repo: string
    number: number
    title?: string
    body?: string
    state?: 'open' | 'closed'
  },
): Promise<IssueRef> {
  const { data } = await client.rest.issues.update({
    owner: q.owner,
    repo: q.repo,
    issue_number: q.number,
    ...(q.title === undefined ? {} : { title: q.title }),
    ...(q.body === undefined ? {} : { body: q.body }),
    ...(q.state === undefined
      ? {}
      : {
          state: q.state,
          ...(q.state === 'closed' ? { state_reason: 'completed' as const } : {}),
        }),
  })
  return { number: data.number, url: data.html_url, title: data.title, body: data.body ?? '' }
}

export async function commentOnIssue(
  client: GitHubClient,
  q: { owner: string; repo: string; number: number; body: string },
): Promise<string> {
  const { data } = await client.rest.issues.createComment({
    owner: q.owner,
    repo: q.repo,
    issue_number: q.number,
    body: q.body,
  })
  return data.html_url
}
