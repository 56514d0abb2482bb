import { randomUUID } from 'node:crypto'

/** A cache entry as the stand-in holds it. */
export type CacheEntry = {
  readonly id: number
  readonly key: string
  readonly version: string
  /** Path of the uploaded archive in the stand-in's blob store. */
  readonly blobPath: string
  finalized: boolean
  size: number
}

export type CacheState = {
  caches: CacheEntry[]
  blobs: Map<string, Buffer>
  violations: string[]
  nextId: number
}

export type TwirpAnswer = { status: number; body: unknown }

/**
 * The Twirp `CacheService` of the Actions results service (cache service v2, which
 * `@actions/cache` uses when ACTIONS_CACHE_SERVICE_V2 is set): CreateCacheEntry hands out an
 * upload URL in the blob store, FinalizeCacheEntryUpload commits it, GetCacheEntryDownloadURL
 * finds an entry by exact key, else by the newest entry whose key starts with a restore key, for
 * the same version (the hash of paths and compression). Entries are immutable: a second create
 * for a committed key and version is refused, as GitHub does. Field names are the proto names the
 * client sends (`useProtoFieldName`).
 */
export function cacheCall(
  method: string,
  msg: Record<string, unknown>,
  state: CacheState,
  base: string,
): TwirpAnswer {
  const key = String(msg['key'] ?? '')
  const version = String(msg['version'] ?? '')
  if (!key || !version) {
    state.violations.push(`CacheService ${method} without key or version: ${JSON.stringify(msg)}`)
    return { status: 400, body: { code: 'invalid_argument', msg: 'key and version are required' } }
  }
  switch (method) {
    case 'CreateCacheEntry': {
      if (state.caches.some((c) => c.key === key && c.version === version && c.finalized)) {
        return {
          status: 409,
          body: { code: 'already_exists', msg: `cache entry ${key} already exists` },
        }
      }
      const blobPath = `/blob/caches/${randomUUID()}`
      state.caches.push({ id: state.nextId++, key, version, blobPath, finalized: false, size: 0 })
      return { status: 200, body: { ok: true, signed_upload_url: `${base}${blobPath}?sig=fake` } }
    }
    case 'FinalizeCacheEntryUpload': {
      const entry = state.caches.find((c) => c.key === key && c.version === version && !c.finalized)
      const bytes = entry && state.blobs.get(entry.blobPath)
      if (!entry || !bytes) {
        return { status: 404, body: { code: 'not_found', msg: `no upload for cache entry ${key}` } }
      }
      if (Number(msg['size_bytes']) !== bytes.length) {
        state.violations.push(
          `FinalizeCacheEntryUpload ${key}: declared size ${String(msg['size_bytes'])}, uploaded ${bytes.length}`,
        )
      }
      entry.finalized = true
      entry.size = bytes.length
      return { status: 200, body: { ok: true, entry_id: String(entry.id) } }
    }
    case 'GetCacheEntryDownloadURL': {
      const ready = state.caches.filter((c) => c.finalized && c.version === version)
      const restoreKeys = Array.isArray(msg['restore_keys'])
        ? (msg['restore_keys'] as string[])
        : []
      const hit =
        ready.find((c) => c.key === key) ??
        restoreKeys
          .map(
            (prefix) =>
              ready.filter((c) => c.key.startsWith(prefix)).sort((a, b) => b.id - a.id)[0],
          )
          .find((c) => c !== undefined)
      return hit
        ? {
            status: 200,
            body: {
              ok: true,
              signed_download_url: `${base}${hit.blobPath}?sig=fake`,
              matched_key: hit.key,
            },
          }
        : { status: 200, body: { ok: false, signed_download_url: '', matched_key: '' } }
    }
    default:
      state.violations.push(`unhandled CacheService method ${method}`)
      return { status: 404, body: { code: 'bad_route', msg: `unhandled ${method}` } }
  }
}
