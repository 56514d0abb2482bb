/** Where the card's evidence came from: the commit, the workflow run and the branch. */
export type Lineage = {
  /** The commit the evidence was produced from (a pull request's head, not its merge commit). */
  readonly commit?: string
  /** `owner/repo`. */
  readonly repository?: string
  /** e.g. `https://github.com`. */
  readonly serverUrl?: string
  /** The workflow run that produced the card. */
  readonly runUrl?: string
  /** e.g. `refs/heads/feature` or `refs/pull/7/merge`. */
  readonly ref?: string
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * The lineage GitHub Actions exports to every step (GITHUB_SHA, GITHUB_SERVER_URL,
 * GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_REF); empty outside Actions. On pull requests
 * GITHUB_SHA is the test-merge commit: callers that know the head commit pass it instead.
 */
export function lineageFromEnv(env: Env): Lineage {
  const value = (name: string) => {
    const v = env[name]?.trim()
    return v ? v : undefined
  }
  const serverUrl = value('GITHUB_SERVER_URL')?.replace(/\/+$/, '')
  const repository = value('GITHUB_REPOSITORY')
  const runId = value('GITHUB_RUN_ID')
  const commit = value('GITHUB_SHA')
  const ref = value('GITHUB_REF')
  return {
    ...(commit ? { commit } : {}),
    ...(repository ? { repository } : {}),
    ...(serverUrl ? { serverUrl } : {}),
    ...(serverUrl && repository && runId
      ? { runUrl: `${serverUrl}/${repository}/actions/runs/${runId}` }
      : {}),
    ...(ref ? { ref } : {}),
  }
}

/** Link to a file at the lineage's commit, when the repository and commit are known. */
export function fileUrl(lineage: Lineage, repoPath: string | undefined): string | undefined {
  if (!lineage.commit || !lineage.repository || repoPath === undefined) return undefined
  const server = lineage.serverUrl ?? 'https://github.com'
  const path = repoPath.split('/').map(encodeURIComponent).join('/')
  return `${server}/${lineage.repository}/blob/${lineage.commit}/${path}`
}

/** Link to the lineage's commit, when the repository and commit are known. */
export function commitUrl(lineage: Lineage): string | undefined {
  if (!lineage.commit || !lineage.repository) return undefined
  return `${lineage.serverUrl ?? 'https://github.com'}/${lineage.repository}/commit/${lineage.commit}`
}
