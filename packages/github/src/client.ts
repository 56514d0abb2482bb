import { getOctokit } from '@actions/github'
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry.ts'

/** The Octokit client `@actions/github` builds (REST methods + pagination). */
export type GitHubClient = ReturnType<typeof getOctokit>

export type GitHubClientOptions = {
  /** REST base URL; GITHUB_API_URL on a runner (GHES and the test stand-in differ from github.com). */
  readonly apiUrl?: string
  readonly retry?: Partial<RetryPolicy>
  /** Told about each retry, e.g. `runner.info`. */
  readonly log?: (message: string) => void
}

/**
 * A GitHub REST client that retries 5xx and rate-limit answers with bounded back-off.
 *
 * The base URL is passed explicitly: `@actions/github` reads GITHUB_API_URL once, when the module
 * is first imported, so a value set later (tests, GHES) would otherwise be ignored. Requests go
 * through the npm `undici` fetch, so only a real HTTP server (not nock or MSW) can stand in.
 */
export function githubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  const baseUrl = (
    options.apiUrl ||
    process.env['GITHUB_API_URL'] ||
    'https://api.github.com'
  ).replace(/\/+$/, '')
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const client = getOctokit(token, { baseUrl })
  client.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(requestOptions)
      } catch (error) {
        const { status, headers } = httpFailure(error)
        const delay =
          status === undefined ? undefined : retryDelay(status, headers, attempt, policy)
        if (delay === undefined) throw error
        options.log?.(
          `GitHub API ${requestOptions.method} ${requestOptions.url} answered ${status}; retry ${attempt} of ${policy.retries} in ${delay} ms.`,
        )
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  })
  return client
}

/** Status and headers of an Octokit `RequestError`; status undefined for anything else. */
export function httpFailure(error: unknown): {
  status?: number
  headers: Record<string, string | number | undefined>
} {
  if (typeof error !== 'object' || error == null || !('status' in error)) return { headers: {} }
  const status = typeof error.status === 'number' ? error.status : undefined
  const response =
    'response' in error
      ? (error.response as { headers?: Record<string, string | number | undefined> } | undefined)
      : undefined
  return { ...(status === undefined ? {} : { status }), headers: response?.headers ?? {} }
}
