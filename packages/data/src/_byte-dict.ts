/**
 * A dictionary from byte strings to codes 0, 1, 2 ... in first-seen order, looked up without
 * creating a JS string per cell: a cell's bytes are hashed where they lie and compared with a
 * copy of each distinct value. Only a value seen for the first time is decoded to a string.
 *
 * Layout for few cache misses on large dictionaries (an id column): each slot holds the code
 * and the full hash side by side, so a probe that does not match reads nothing else, and each
 * entry holds its start and length side by side.
 */
export type ByteDict = {
  /** Open addressing, two int32 per slot: code + 1 (0 = empty) and hash. Power-of-two slots. */
  slots: Int32Array
  /** Two int32 per code: start in `pool` and length. */
  entries: Int32Array
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
    slots: new Int32Array(2 * 64),
    entries: new Int32Array(2 * 32),
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
  const mask = (slots.length >> 1) - 1
  const length = end - start
  let i = spread(hash) & mask
  for (;;) {
    const slot = slots[2 * i] as number
    if (slot === 0) return -1
    if (slots[2 * i + 1] === hash) {
      const code = slot - 1
      const entries = dict.entries
      if (entries[2 * code + 1] === length) {
        const pool = dict.pool
        let at = entries[2 * code] as number
        let k = start
        while (k < end && pool[at] === bytes[k]) {
          at++
          k++
        }
        if (k === end) return code
      }
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
  if (2 * code === dict.entries.length) dict.entries = grow(dict.entries, dict.entries.length * 2)
  const length = end - start
  if (dict.poolUsed + length > dict.pool.length) {
    const pool = new Uint8Array(Math.max(dict.pool.length * 2, dict.poolUsed + length))
    pool.set(dict.pool.subarray(0, dict.poolUsed))
    dict.pool = pool
  }
  dict.pool.set(bytes.subarray(start, end), dict.poolUsed)
  dict.entries[2 * code] = dict.poolUsed
  dict.entries[2 * code + 1] = length
  dict.poolUsed += length
  dict.strings.push(text)
  // Keep the table at most half full so probes stay short.
  if ((code + 1) * 4 > dict.slots.length) rehash(dict, dict.slots.length * 2)
  place(dict.slots, hash, code)
  return code
}

/** The code of a string (encoded as UTF-8 to hash it), adding it when it is new. */
export function internString(dict: ByteDict, text: string): number {
  const bytes = encoder.encode(text)
  return internBytes(dict, bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length))
}

/** Where the bytes of `code` lie in `dict.pool`: [start, end). */
export function entryRange(dict: ByteDict, code: number): [number, number] {
  const start = dict.entries[2 * code] as number
  return [start, start + (dict.entries[2 * code + 1] as number)]
}

/**
 * Adds the values of `tail` that `head` lacks to `head`, in `tail`'s order, and returns the code
 * in `head` of each code of `tail`. Appending a later part's dictionary this way keeps the
 * first-seen order of the whole.
 */
export function appendDict(head: ByteDict, tail: ByteDict): Int32Array {
  const renumber = new Int32Array(tail.strings.length)
  for (let code = 0; code < renumber.length; code++) {
    const [start, end] = entryRange(tail, code)
    const hash = hashBytes(tail.pool, start, end)
    const found = findBytes(head, tail.pool, start, end, hash)
    renumber[code] =
      found >= 0 ? found : addBytes(head, tail.pool, start, end, hash, tail.strings[code] as string)
  }
  return renumber
}

const encoder = new TextEncoder()

/**
 * The slot index bits of a hash. FNV-1a's low bits cluster for values that differ only in their
 * last characters (numbers written as text, ids), which makes linear probing crawl; the
 * MurmurHash3 finalizer (Appleby, "fmix32") spreads every input bit over all output bits.
 */
function spread(hash: number): number {
  let h = hash ^ (hash >>> 16)
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

function place(slots: Int32Array, hash: number, code: number): void {
  const mask = (slots.length >> 1) - 1
  let i = spread(hash) & mask
  while (slots[2 * i] !== 0) i = (i + 1) & mask
  slots[2 * i] = code + 1
  slots[2 * i + 1] = hash
}

/** Moves every slot into a table of `length` int32 (the hash travels with the code). */
function rehash(dict: ByteDict, length: number): void {
  const old = dict.slots
  const slots = new Int32Array(length)
  for (let i = 0; i < old.length; i += 2) {
    const slot = old[i] as number
    if (slot !== 0) place(slots, old[i + 1] as number, slot - 1)
  }
  dict.slots = slots
}

function grow(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size)
  bigger.set(array)
  return bigger
}
