/** How hard to retry GitHub API answers that say "try again". */
export type RetryPolicy = {
  /** Retries after the first attempt (0 disables retrying). */
  readonly retries: number
  /** First back-off; doubles per retry. */
  readonly baseDelayMs: number
  /** No single wait exceeds this, whatever `retry-after` asks, so a step never hangs. */
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 1000, maxDelayMs: 60_000 }

/**
 * Milliseconds to wait before retry number `attempt` (1-based), or undefined when the answer is
 * final. Retried: 5xx (and 0/500 for network errors, which Octokit reports as 500), and rate-limit
 * answers: 429, or 403 with `retry-after` or `x-ratelimit-remaining: 0` (GitHub REST docs, "Rate
 * limits for the REST API": wait `retry-after` seconds, else until `x-ratelimit-reset`). A plain
 * 403 is a permission answer and is not retried.
 */
export function retryDelay(
  status: number,
  headers: Readonly<Record<string, string | number | undefined>>,
  attempt: number,
  policy: RetryPolicy,
  nowMs: number = Date.now(),
): number | undefined {
  if (attempt > policy.retries) return undefined
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1)
  if (status === 0 || status >= 500) return Math.min(backoff, policy.maxDelayMs)
  const retryAfter = num(headers['retry-after'])
  const remaining = num(headers['x-ratelimit-remaining'])
  const rateLimited =
    status === 429 || (status === 403 && (retryAfter !== undefined || remaining === 0))
  if (!rateLimited) return undefined
  let wait = backoff
  if (retryAfter !== undefined) wait = Math.max(wait, retryAfter * 1000)
  else if (remaining === 0) {
    const reset = num(headers['x-ratelimit-reset'])
    if (reset !== undefined) wait = Math.max(wait, reset * 1000 - nowMs)
  }
  return Math.min(wait, policy.maxDelayMs)
}

// --- internal ---

function num(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}
