/**
 * A dictionary from byte strings to codes 0, 1, 2 ... in first-seen order, looked up without
 * creating a JS string per cell: a cell's bytes are hashed where they lie and compared with a
 * copy of each distinct value. Only a value seen for the first time is decoded to a string.
 */
export type ByteDict = {
  /** Open-addressing table of code + 1 (0 = empty slot); its length is a power of two. */
  slots: Int32Array
  hashes: Int32Array
  starts: Int32Array
  lengths: Int32Array
  /** The bytes of every distinct value, back to back. */
  pool: Uint8Array
  poolUsed: number
  readonly strings: string[]
}

/** FNV-1a 32-bit offset basis and prime (Fowler, Noll, Vo; IETF draft-eastlake-fnv). */
export const FNV_OFFSET = 0x811c9dc5 | 0
export const FNV_PRIME = 0x01000193

const utf8 = new TextDecoder()

export function createByteDict(): ByteDict {
  return {
    slots: new Int32Array(64),
    hashes: new Int32Array(32),
    starts: new Int32Array(32),
    lengths: new Int32Array(32),
    pool: new Uint8Array(1024),
    poolUsed: 0,
    strings: [],
  }
}

export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), FNV_PRIME)
  return h
}

/** The code of `bytes[start, end)` (whose `hashBytes` is `hash`), or -1 when it is not in `dict`. */
export function findBytes(
  dict: ByteDict,
  bytes: Uint8Array,
  start: number,
  end: number,
  hash: number,
): number {
  const slots = dict.slots
  const mask = slots.length - 1
  const length = end - start
  let i = hash & mask
  for (;;) {
    const slot = slots[i] as number
    if (slot === 0) return -1
    const code = slot - 1
    if (dict.hashes[code] === hash && dict.lengths[code] === length) {
      const pool = dict.pool
      let at = dict.starts[code] as number
      let k = start
      while (k < end && pool[at] === bytes[k]) {
        at++
        k++
      }
      if (k === end) return code
    }
    i = (i + 1) & mask
  }
}

/** The code of `bytes[start, end)`, adding it (decoded as UTF-8) when it is new. */
export function internBytes(
  dict: ByteDict,
  bytes: Uint8Array,
  start: number,
  end: number,
  hash: number,
): number {
  const found = findBytes(dict, bytes, start, end, hash)
  if (found >= 0) return found
  return addBytes(dict, bytes, start, end, hash, utf8.decode(bytes.subarray(start, end)))
}

/** Adds a value known to be absent; `text` is its decoded form. Returns its code. */
export function addBytes(
  dict: ByteDict,
  bytes: Uint8Array,
  start: number,
  end: number,
  hash: number,
  text: string,
): number {
  const code = dict.strings.length
  if (code === dict.hashes.length) growEntries(dict)
  const length = end - start
  if (dict.poolUsed + length > dict.pool.length) {
    const pool = new Uint8Array(Math.max(dict.pool.length * 2, dict.poolUsed + length))
    pool.set(dict.pool.subarray(0, dict.poolUsed))
    dict.pool = pool
  }
  dict.pool.set(bytes.subarray(start, end), dict.poolUsed)
  dict.hashes[code] = hash
  dict.starts[code] = dict.poolUsed
  dict.lengths[code] = length
  dict.poolUsed += length
  dict.strings.push(text)
  // Keep the table at most half full so probes stay short.
  if ((code + 1) * 2 > dict.slots.length) rehash(dict, dict.slots.length * 2)
  else place(dict.slots, hash, code)
  return code
}

/** The code of a string (encoded as UTF-8 to hash it), adding it when it is new. */
export function internString(dict: ByteDict, text: string): number {
  const bytes = encoder.encode(text)
  return internBytes(dict, bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length))
}

const encoder = new TextEncoder()

function place(slots: Int32Array, hash: number, code: number): void {
  const mask = slots.length - 1
  let i = hash & mask
  while (slots[i] !== 0) i = (i + 1) & mask
  slots[i] = code + 1
}

function rehash(dict: ByteDict, size: number): void {
  const slots = new Int32Array(size)
  const count = dict.strings.length
  for (let code = 0; code < count; code++) place(slots, dict.hashes[code] as number, code)
  dict.slots = slots
}

function growEntries(dict: ByteDict): void {
  const size = dict.hashes.length * 2
  dict.hashes = grow(dict.hashes, size)
  dict.starts = grow(dict.starts, size)
  dict.lengths = grow(dict.lengths, size)
}

function grow(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size)
  bigger.set(array)
  return bigger
}
