/**
 * GitHub-shaped JSON for the stand-in's resources: every field the OpenAPI description marks
 * required, with the values github.com uses for Actions' own bot.
 */

export type Actor = { readonly login: string; readonly id: number; readonly type: 'User' | 'Bot' }

/** The author of anything written with GITHUB_TOKEN. */
export const ACTIONS_BOT: Actor = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
export const OCTOCAT: Actor = { login: 'octocat', id: 583231, type: 'User' }

export type Comment = {
  readonly id: number
  readonly repo: string
  readonly issueNumber: number
  body: string
  readonly user: Actor
  readonly createdAt: string
  updatedAt: string
}

export type Annotation = {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly start_column?: number
  readonly end_column?: number
  readonly annotation_level: string
  readonly message: string
  readonly title?: string
  readonly raw_details?: string
}

export type CheckRun = {
  readonly id: number
  readonly repo: string
  name: string
  readonly headSha: string
  status: string
  conclusion: string | null
  startedAt: string
  completedAt: string | null
  detailsUrl: string | null
  externalId: string
  output: { title: string | null; summary: string | null; text: string | null }
  readonly annotations: Annotation[]
  /** Create and update requests this run received. */
  writes: number
}

export type Issue = {
  readonly id: number
  readonly repo: string
  readonly number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  stateReason: string | null
  labels: string[]
  readonly user: Actor
  readonly createdAt: string
  updatedAt: string
  closedAt: string | null
}

export function userJson(base: string, a: Actor): Record<string, unknown> {
  const url = `${base}/users/${encodeURIComponent(a.login)}`
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId('U', a.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${a.type === 'Bot' ? 'apps/github-actions' : a.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: a.type,
    user_view_type: 'public',
    site_admin: false,
  }
}

export function commentJson(base: string, c: Comment): Record<string, unknown> {
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: `${base}/repos/${c.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: userJson(base, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${base}/repos/${c.repo}/issues/${c.issueNumber}`,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    performed_via_github_app: null,
  }
}

export function checkRunJson(base: string, r: CheckRun): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    node_id: nodeId('CR', r.id),
    head_sha: r.headSha,
    external_id: r.externalId,
    url: `${base}/repos/${r.repo}/check-runs/${r.id}`,
    html_url: `https://github.com/${r.repo}/runs/${r.id}`,
    details_url: r.detailsUrl,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    output: {
      ...r.output,
      annotations_count: r.annotations.length,
      annotations_url: `${base}/repos/${r.repo}/check-runs/${r.id}/annotations`,
    },
    check_suite: { id: 5_000_000 + r.id },
    app: actionsApp(base),
    pull_requests: [],
  }
}

export function annotationJson(r: CheckRun, a: Annotation): Record<string, unknown> {
  return {
    path: a.path,
    blob_href: `https://github.com/${r.repo}/blob/${r.headSha}/${a.path}`,
    start_line: a.start_line,
    end_line: a.end_line,
    start_column: a.start_column ?? null,
    end_column: a.end_column ?? null,
    annotation_level: a.annotation_level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.raw_details ?? null,
  }
}

export function issueJson(base: string, i: Issue): Record<string, unknown> {
  const url = `${base}/repos/${i.repo}/issues/${i.number}`
  return {
    id: i.id,
    node_id: nodeId('I', i.id),
    url,
    repository_url: `${base}/repos/${i.repo}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `https://github.com/${i.repo}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: userJson(base, i.user),
    labels: i.labels.map((name, k) => ({
      id: 1000 + k,
      node_id: nodeId('LA', 1000 + k),
      url: `${base}/repos/${i.repo}/labels/${encodeURIComponent(name)}`,
      name,
      description: null,
      color: 'ededed',
      default: false,
    })),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: 'NONE',
  }
}

// --- internal ---

function actionsApp(base: string): Record<string, unknown> {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: { ...userJson(base, { login: 'github', id: 9919, type: 'User' }), type: 'Organization' },
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: 'https://github.com/apps/github-actions',
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write', issues: 'write', pull_requests: 'write', metadata: 'read' },
    events: ['check_run', 'check_suite', 'pull_request'],
  }
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`
}
