// `@actions/cache` is imported where it is used: like the artifact client it pulls in the Azure
// storage SDK, which only a step that caches should pay to load.

type Env = Readonly<Record<string, string | undefined>>

/**
 * Whether the step can reach the Actions cache: the runner hands ACTIONS_RUNTIME_TOKEN and the
 * cache service URL (ACTIONS_RESULTS_URL, or ACTIONS_CACHE_URL for the older service) to
 * JavaScript actions only; outside a runner `@actions/cache` would fail on every call.
 */
export function cacheAvailable(env: Env = process.env): boolean {
  return Boolean(
    env['ACTIONS_RUNTIME_TOKEN'] && (env['ACTIONS_RESULTS_URL'] || env['ACTIONS_CACHE_URL']),
  )
}

export type CacheOutcome =
  { readonly ok: true; readonly key: string } | { readonly ok: false; readonly reason: string }

/**
 * Restores `paths` saved under exactly `key`. A miss, a missing service or a service error is a
 * reason, never a throw: the cache only saves time.
 */
export async function restoreFiles(
  paths: readonly string[],
  key: string,
  env: Env = process.env,
): Promise<CacheOutcome> {
  if (!cacheAvailable(env)) return { ok: false, reason: 'no cache service in this step' }
  try {
    const { restoreCache } = await import('@actions/cache')
    const hit = await restoreCache([...paths], key)
    return hit === undefined
      ? { ok: false, reason: `no cache entry for ${key}` }
      : { ok: true, key: hit }
  } catch (error) {
    return { ok: false, reason: `cache restore failed: ${messageOf(error)}` }
  }
}

/** Saves `paths` under `key` (entries are immutable: a key that exists already is kept). */
export async function saveFiles(
  paths: readonly string[],
  key: string,
  env: Env = process.env,
): Promise<CacheOutcome> {
  if (!cacheAvailable(env)) return { ok: false, reason: 'no cache service in this step' }
  try {
    const { saveCache } = await import('@actions/cache')
    const id = await saveCache([...paths], key)
    return id === -1 ? { ok: false, reason: `cache entry ${key} was not saved` } : { ok: true, key }
  } catch (error) {
    return { ok: false, reason: `cache save failed: ${messageOf(error)}` }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
