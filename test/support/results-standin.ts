import { createHash, randomUUID } from 'node:crypto'
import { crc32 } from 'node:zlib'
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
  /** When FinalizeArtifact stored it (ISO 8601), as ListArtifacts reports it. */
  readonly createdAt: string
  /** Where GetSignedArtifactURL points for the download. */
  readonly blobPath: string
}

/** An artifact placed in the store directly, as if a job (or an earlier run attempt) uploaded it. */
export type SeededArtifact = {
  readonly name: string
  readonly runBackendId: string
  readonly jobBackendId?: string
  /** File name to contents; stored as a zip, as `@actions/artifact` uploads them. */
  readonly files: Readonly<Record<string, string>>
  /** Default: now. */
  readonly createdAt?: string
}

export type ResultsStandIn = {
  /** For ACTIONS_RESULTS_URL. */
  readonly url: string
  artifacts(): readonly StoredArtifact[]
  seedArtifact(artifact: SeededArtifact): StoredArtifact
  /** Entries of the cache service (v2), committed or not. */
  caches(): readonly CacheEntry[]
  /** Calls that were malformed or unknown; tests assert it is empty. */
  violations(): readonly string[]
  reset(): void
  close(): Promise<void>
}

/**
 * A loopback stand-in for the Actions results service behind ACTIONS_RESULTS_URL: the Twirp
 * `ArtifactService` (CreateArtifact, FinalizeArtifact, ListArtifacts with its name and id filters,
 * GetSignedArtifactURL) plus a blob store taking Azure block uploads and serving them back with
 * the content type they were uploaded with, enough for the real `@actions/artifact` client to
 * upload, list and download. Errors are 4xx on purpose: the client retries 5xx for about 20 s.
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
    if (url.pathname.startsWith('/blob/')) return blob(req, url, body, res)
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
        const artifact = store({
          name,
          runBackendId: run,
          jobBackendId: job,
          bytes,
          hash,
          blobPath,
        })
        state.pending.delete(`${run}/${name}`)
        return json(res, 200, { ok: true, artifact_id: String(artifact.id) })
      }
      case 'ListArtifacts': {
        // Every artifact of the run, whichever job uploaded it; the filters are wrapper types,
        // so in JSON a plain string (Int64Value as a decimal string).
        const nameFilter = msg['name_filter']
        const idFilter = msg['id_filter']
        if (
          (nameFilter !== undefined && typeof nameFilter !== 'string') ||
          (idFilter !== undefined && !/^\d+$/.test(String(idFilter)))
        ) {
          state.violations.push(`ListArtifacts with malformed filters: ${JSON.stringify(msg)}`)
          return json(res, 400, { code: 'invalid_argument', msg: 'malformed filter' })
        }
        return json(res, 200, {
          artifacts: state.artifacts
            .filter((a) => a.runBackendId === run)
            .filter((a) => nameFilter === undefined || a.name === nameFilter)
            .filter((a) => idFilter === undefined || String(a.id) === String(idFilter))
            .map((a) => ({
              workflow_run_backend_id: a.runBackendId,
              workflow_job_run_backend_id: a.jobBackendId,
              database_id: String(a.id),
              name: a.name,
              size: String(a.size),
              created_at: a.createdAt,
              ...(a.hash ? { digest: a.hash } : {}),
            })),
        })
      }
      case 'GetSignedArtifactURL': {
        // The client names the artifact by run, job and name, as ListArtifacts reported them.
        const found = state.artifacts.find(
          (a) => a.runBackendId === run && a.jobBackendId === job && a.name === name,
        )
        if (!found) {
          state.violations.push(
            `GetSignedArtifactURL for an unknown artifact: ${JSON.stringify(msg)}`,
          )
          return json(res, 404, { code: 'not_found', msg: `no artifact ${name} in this run` })
        }
        return json(res, 200, { signed_url: `${base}${found.blobPath}?sig=fake&se=download` })
      }
      default:
        state.violations.push(`unhandled ArtifactService method ${twirp[1] ?? ''}`)
        return json(res, 404, { code: 'bad_route', msg: `unhandled ${twirp[1] ?? ''}` })
    }
  }

  function store(a: Omit<StoredArtifact, 'id' | 'size' | 'createdAt'> & { createdAt?: string }) {
    const artifact: StoredArtifact = {
      ...a,
      id: state.nextId++,
      size: a.bytes.length,
      createdAt: a.createdAt ?? new Date().toISOString(),
    }
    state.artifacts.push(artifact)
    return artifact
  }

  function blob(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): void {
    const method = req.method ?? 'GET'
    const key = url.pathname
    const comp = url.searchParams.get('comp')
    if (method === 'PUT' && comp === 'block') {
      const id = url.searchParams.get('blockid') ?? ''
      state.blocks.set(`${key}#${id}`, body)
      return empty201(res)
    }
    if (method === 'PUT' && comp === 'blocklist') {
      const type = req.headers['x-ms-blob-content-type']
      if (typeof type === 'string') state.blobTypes.set(key, type)
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
      const type = req.headers['x-ms-blob-content-type']
      if (typeof type === 'string') state.blobTypes.set(key, type)
      state.blobs.set(key, body)
      return empty201(res)
    }
    const stored = state.blobs.get(key)
    if ((method === 'GET' || method === 'HEAD') && stored) {
      res.writeHead(200, {
        'content-length': String(stored.length),
        'content-type': state.blobTypes.get(key) ?? 'application/octet-stream',
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
    seedArtifact(seed) {
      const bytes = zipStored(seed.files)
      const blobPath = `/blob/artifacts/${randomUUID()}`
      state.blobs.set(blobPath, bytes)
      state.blobTypes.set(blobPath, 'application/zip')
      return store({
        name: seed.name,
        runBackendId: seed.runBackendId,
        jobBackendId: seed.jobBackendId ?? randomUUID(),
        bytes,
        hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
        blobPath,
        ...(seed.createdAt != null ? { createdAt: seed.createdAt } : {}),
      })
    },
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

/** A zip archive holding `files` uncompressed (method 0), readable by any unzip. */
export function zipStored(files: Readonly<Record<string, string>>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8')
    const data = Buffer.from(text, 'utf8')
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

// --- internal ---

type State = {
  artifacts: StoredArtifact[]
  caches: CacheEntry[]
  pending: Map<string, string>
  blocks: Map<string, Buffer>
  blobs: Map<string, Buffer>
  /** Content type per blob, from `x-ms-blob-content-type` at upload. */
  blobTypes: Map<string, string>
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
    blobTypes: new Map(),
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
