import { inflateRawSync } from 'node:zlib'

/**
 * The files of a zip archive held in memory, by name, from its central directory: stored and
 * deflated entries (what `@actions/artifact` uploads), no ZIP64, no encryption. Folders are left
 * out. Throws an Error naming `source` when the bytes are not such an archive or an entry would
 * inflate beyond 64 MiB. Nothing is written to disk, so entry names cannot escape a folder.
 */
export function zipEntries(zip: Buffer, source: string): Map<string, Buffer> {
  const fail = (what: string): never => {
    throw new Error(`${source} is not a readable zip archive: ${what}.`)
  }
  const eocd = zip.lastIndexOf(EOCD)
  if (eocd < 0 || eocd + 22 > zip.length) fail('no end-of-central-directory record')
  const count = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  if (count === 0xffff || p === 0xffffffff) fail('it is a ZIP64 archive')
  const files = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL) fail(`entry ${i + 1} is damaged`)
    const flags = zip.readUInt16LE(p + 8)
    const method = zip.readUInt16LE(p + 10)
    const compressed = zip.readUInt32LE(p + 20)
    const size = zip.readUInt32LE(p + 24)
    const nameLen = zip.readUInt16LE(p + 28)
    const next = p + 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    p = next
    if (name.endsWith('/')) continue
    if ((flags & 1) !== 0) fail(`${name} is encrypted`)
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) fail(`${name} is damaged`)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + compressed)
    if (data.length !== compressed) fail(`${name} is cut short`)
    const bytes =
      method === 8
        ? inflateRawSync(data, { maxOutputLength: MAX_ENTRY_BYTES })
        : method === 0
          ? Buffer.from(data)
          : fail(`${name} uses compression method ${method}`)
    if (bytes.length !== size) fail(`${name} should hold ${size} bytes, found ${bytes.length}`)
    files.set(name, bytes)
  }
  return files
}

// --- internal ---

const MAX_ENTRY_BYTES = 64 * 1024 * 1024
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06])
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
