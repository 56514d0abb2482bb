/**
 * A set of 64-bit keys that remembers the row where each key was first seen, in typed arrays
 * (12 bytes a slot, at most half the slots used: about 24 bytes a distinct value), for the
 * uniqueness rule. Numbers are keyed by their exact IEEE 754 bits, so equal numbers and only
 * they collide. Texts are keyed by two independent 32-bit hashes of their UTF-16 code units: two
 * different texts share a key with probability about n² / 2^65 among n distinct texts (1 in
 * 370,000 for ten million), the price of not keeping every text.
 */
export type ValueSet = {
  hi: Int32Array
  lo: Int32Array
  /** 1-based row of the first occurrence; 0 marks an empty slot. */
  rows: Uint32Array
  size: number
}

export function createValueSet(): ValueSet {
  const slots = 1024
  return {
    hi: new Int32Array(slots),
    lo: new Int32Array(slots),
    rows: new Uint32Array(slots),
    size: 0,
  }
}

/**
 * Adds the number `value` seen at 1-based `row`; returns the 1-based row where it was seen
 * before, or 0 when it is new.
 */
export function addNumber(set: ValueSet, value: number, row: number): number {
  BITS[0] = value === 0 ? 0 : value // -0 and 0 are one value
  return addKey(set, BITS_32[1] as number, BITS_32[0] as number, row)
}

/** Adds the text `value` seen at 1-based `row`; as `addNumber`. */
export function addText(set: ValueSet, value: string, row: number): number {
  // FNV-1a (Fowler, Noll, Vo) and a multiply-xorshift hash (MurmurHash3's fmix32 finaliser over
  // a different multiplier chain); independent enough that their pair behaves as a 64-bit hash.
  let a = 0x811c9dc5 | 0
  let b = 0x9747b28c | 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  b ^= value.length
  b ^= b >>> 16
  b = Math.imul(b, 0x85ebca6b)
  b ^= b >>> 13
  return addKey(set, a, b, row)
}

// --- internal ---

const BITS = new Float64Array(1)
const BITS_32 = new Int32Array(BITS.buffer)

function addKey(set: ValueSet, hi: number, lo: number, row: number): number {
  const mask = set.rows.length - 1
  let i = mix(hi, lo) & mask
  for (;;) {
    const seen = set.rows[i] as number
    if (seen === 0) break
    if (set.hi[i] === hi && set.lo[i] === lo) return seen
    i = (i + 1) & mask
  }
  set.hi[i] = hi
  set.lo[i] = lo
  set.rows[i] = row
  set.size++
  // At most half full, so probes stay short.
  if (set.size * 2 > set.rows.length) grow(set)
  return 0
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(hi ^ (lo >>> 16), 0x85ebca6b) ^ lo
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

function grow(set: ValueSet): void {
  const { hi, lo, rows } = set
  const size = rows.length * 2
  set.hi = new Int32Array(size)
  set.lo = new Int32Array(size)
  set.rows = new Uint32Array(size)
  const mask = size - 1
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as number
    if (row === 0) continue
    const h = hi[j] as number
    const l = lo[j] as number
    let i = mix(h, l) & mask
    while (set.rows[i] !== 0) i = (i + 1) & mask
    set.hi[i] = h
    set.lo[i] = l
    set.rows[i] = row
  }
}
