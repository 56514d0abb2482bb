import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cacheCall, type CacheEntry } from './results-standin-cache.ts'

/** An artifact as the stand-in received it. */
export type StoredArtifact = {
  readonly id: number
  readonly name: string
  readonly runBackendId: string
  readonly jobBackendId: string
  /** The uploaded bytes (a zip unless the client skipped archiving). */
  readonly bytes: Buffer
  /** As the client declared it at finalize, e.g. `sha256:…`. */
  readonly hash: string
  readonly size: number
}

export type ResultsStandIn = {
  /** For ACTIONS_RESULTS_URL. */
  readonly url: string
  artifacts(): readonly StoredArtifact[]
  /** Entries of the cache service (v2), committed or not. */
  caches(): readonly CacheEntry[]
  /** Calls that were malformed or unknown; tests assert it is empty. */
  violations(): readonly string[]
  reset(): void
  close(): Promise<void>
}

/**
 * A loopback stand-in for the Actions results service behind ACTIONS_RESULTS_URL: the Twirp
 * `ArtifactService` (CreateArtifact, FinalizeArtifact, ListArtifacts) plus a blob store taking
 * Azure block uploads, enough for the real `@actions/artifact` client. Errors are 4xx on purpose:
 * the client retries 5xx for about 20 s.
 */
export async function startResultsStandIn(): Promise<ResultsStandIn> {
  let state = empty()
  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      state.violations.push(
        `stand-in crashed on ${req.method ?? ''} ${req.url ?? ''}: ${String(error)}`,
      )
      if (!res.headersSent) json(res, 400, { code: 'internal', msg: String(error) })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    const body = await readBody(req)
    if (url.pathname.startsWith('/blob/')) return blob(req.method ?? 'GET', url, body, res)
    const cache = /^\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/(\w+)$/.exec(
      url.pathname,
    )
    if (cache && req.method === 'POST' && /^Bearer .+/.test(req.headers.authorization ?? '')) {
      const answer = cacheCall(
        cache[1] ?? '',
        JSON.parse(body.toString('utf8') || '{}'),
        state,
        base,
      )
      return json(res, answer.status, answer.body)
    }
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/.exec(
      url.pathname,
    )
    if (!twirp || req.method !== 'POST') {
      state.violations.push(`unknown call ${req.method ?? ''} ${url.pathname}`)
      return json(res, 404, { code: 'bad_route', msg: `no handler for ${url.pathname}` })
    }
    if (!/^Bearer .+/.test(req.headers.authorization ?? '')) {
      state.violations.push(`${twirp[1] ?? ''} without a Bearer token`)
      return json(res, 401, { code: 'unauthenticated', msg: 'missing bearer token' })
    }
    const msg = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>
    const run = String(msg['workflow_run_backend_id'] ?? '')
    const job = String(msg['workflow_job_run_backend_id'] ?? '')
    const name = String(msg['name'] ?? '')
    switch (twirp[1]) {
      case 'CreateArtifact': {
        if (!run || !job || !name) {
          state.violations.push(`CreateArtifact without ids or name: ${JSON.stringify(msg)}`)
          return json(res, 400, { code: 'invalid_argument', msg: 'ids and name are required' })
        }
        if (state.artifacts.some((a) => a.runBackendId === run && a.name === name)) {
          return json(res, 409, {
            code: 'already_exists',
            msg: `an artifact named ${name} already exists in this run`,
          })
        }
        const blobPath = `/blob/artifacts/${randomUUID()}`
        state.pending.set(`${run}/${name}`, blobPath)
        return json(res, 200, { ok: true, signed_upload_url: `${base}${blobPath}?sig=fake` })
      }
      case 'FinalizeArtifact': {
        const blobPath = state.pending.get(`${run}/${name}`)
        const bytes = blobPath === undefined ? undefined : state.blobs.get(blobPath)
        if (!blobPath || !bytes)
          return json(res, 404, { code: 'not_found', msg: `no upload for ${name}` })
        const hash = String(msg['hash'] ?? '')
        const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
        if (hash && hash !== actual)
          state.violations.push(`FinalizeArtifact ${name}: declared ${hash}, uploaded ${actual}`)
        if (Number(msg['size']) !== bytes.length)
          state.violations.push(
            `FinalizeArtifact ${name}: declared size ${String(msg['size'])}, uploaded ${bytes.length}`,
          )
        const artifact = {
          id: state.nextId++,
          name,
          runBackendId: run,
          jobBackendId: job,
          bytes,
          hash,
          size: bytes.length,
        }
        state.artifacts.push(artifact)
        state.pending.delete(`${run}/${name}`)
        return json(res, 200, { ok: true, artifact_id: String(artifact.id) })
      }
      case 'ListArtifacts':
        return json(res, 200, {
          artifacts: state.artifacts
            .filter((a) => a.runBackendId === run)
            .map((a) => ({
              workflow_run_backend_id: a.runBackendId,
              workflow_job_run_backend_id: a.jobBackendId,
              database_id: String(a.id),
              name: a.name,
              size: String(a.size),
              created_at: new Date().toISOString(),
            })),
        })
      default:
        state.violations.push(`unhandled ArtifactService method ${twirp[1] ?? ''}`)
        return json(res, 404, { code: 'bad_route', msg: `unhandled ${twirp[1] ?? ''}` })
    }
  }

  function blob(method: string, url: URL, body: Buffer, res: ServerResponse): void {
    const key = url.pathname
    const comp = url.searchParams.get('comp')
    if (method === 'PUT' && comp === 'block') {
      const id = url.searchParams.get('blockid') ?? ''
      state.blocks.set(`${key}#${id}`, body)
      return empty201(res)
    }
    if (method === 'PUT' && comp === 'blocklist') {
      // <BlockList><Latest>id</Latest>…</BlockList>, ids base64 as sent with each block.
      const ids = [
        ...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g),
      ].map((m) => m[1] ?? '')
      const parts = ids.map((id) => state.blocks.get(`${key}#${id}`))
      if (parts.some((p) => p === undefined)) {
        state.violations.push(`block list for ${key} names a block never uploaded`)
        res.writeHead(400).end()
        return
      }
      state.blobs.set(key, Buffer.concat(parts as Buffer[]))
      return empty201(res)
    }
    if (method === 'PUT') {
      state.blobs.set(key, body)
      return empty201(res)
    }
    const stored = state.blobs.get(key)
    if ((method === 'GET' || method === 'HEAD') && stored) {
      res.writeHead(200, {
        'content-length': String(stored.length),
        'content-type': 'application/octet-stream',
        'x-ms-blob-type': 'BlockBlob',
      })
      res.end(method === 'GET' ? stored : undefined)
      return
    }
    res.writeHead(404).end()
  }

  return {
    url: base,
    artifacts: () => state.artifacts,
    caches: () => state.caches,
    violations: () => state.violations,
    reset() {
      state = empty()
    },
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}

/** The files of a zip archive (stored or deflated entries), read from its central directory. */
export async function unzipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  const { inflateRawSync } = await import('node:zlib')
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('not a zip archive: no end-of-central-directory record')
  const count = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  const files = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10)
    const compressed = zip.readUInt32LE(p + 20)
    const nameLen = zip.readUInt16LE(p + 28)
    const extraLen = zip.readUInt16LE(p + 30)
    const commentLen = zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + compressed)
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    p += 46 + nameLen + extraLen + commentLen
  }
  return files
}

// --- internal ---

type State = {
  artifacts: StoredArtifact[]
  caches: CacheEntry[]
  pending: Map<string, string>
  blocks: Map<string, Buffer>
  blobs: Map<string, Buffer>
  violations: string[]
  nextId: number
}

function empty(): State {
  return {
    artifacts: [],
    caches: [],
    pending: new Map(),
    blocks: new Map(),
    blobs: new Map(),
    violations: [],
    nextId: 1001,
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function empty201(res: ServerResponse): void {
  res.writeHead(201, {
    'content-length': '0',
    etag: `"0x${randomUUID().replace(/-/g, '').slice(0, 15).toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
  })
  res.end()
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
