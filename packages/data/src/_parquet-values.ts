import { addBytes, findBytes, hashBytes, type ByteDict } from './_byte-dict.ts'
import { decodeDeltaPacked } from './_parquet-delta.ts'
import type { ParquetLeaf } from './_parquet-layout.ts'
import { readU32, Undecoded, type Scratch } from './_parquet-scratch.ts'
import { decodeHybrid } from './_rle-hybrid.ts'

/**
 * A data page's values, by encoding (Parquet format, Encodings.md): PLAIN, dictionary indices,
 * RLE booleans, DELTA_BINARY_PACKED integers, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY
 * strings, BYTE_STREAM_SPLIT numbers. Only the values of rows that hold one are stored; these
 * functions decode them one after another, and `_parquet-pages.ts` places them in their rows.
 */

const PLAIN = 0
const PLAIN_DICTIONARY = 2
const RLE = 3
const DELTA_BINARY_PACKED = 5
const DELTA_LENGTH_BYTE_ARRAY = 6
const DELTA_BYTE_ARRAY = 7
const RLE_DICTIONARY = 8
const BYTE_STREAM_SPLIT = 9

const MAX_EXACT = Number.MAX_SAFE_INTEGER
const TWO_32 = 4294967296
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A chunk's dictionary: numbers, or for text the entries' bytes and their table codes, given
 * when a cell first uses an entry (-1 before), so the table's dictionary holds only values
 * that occur, in the order they first occur, as DuckDB's read gives it.
 */
export type Dictionary = {
  readonly values: Float64Array | null
  readonly texts: readonly Uint8Array[] | null
  readonly codes: Int32Array | null
}

/** A page's values section: `present` values from `data[start]`, in `encoding`. */
export type PageValues = {
  readonly data: Uint8Array
  readonly start: number
  readonly encoding: number
  readonly present: number
  readonly dictionary: Dictionary | null
}

/** A dictionary page's entries (always PLAIN). */
export function readDictionary(
  data: Uint8Array,
  count: number,
  leaf: ParquetLeaf,
  scratch: Scratch,
): Dictionary {
  if (leaf.kind === 'text') {
    const texts: Uint8Array[] = []
    let at = 0
    for (let i = 0; i < count; i++) {
      const length = readU32(data, at)
      at += 4
      if (at + length > data.length) throw new Undecoded('a dictionary string runs past its page')
      // A copy: the page's memory is reused for the next page.
      texts.push(data.slice(at, at + length))
      at += length
    }
    return { values: null, texts, codes: new Int32Array(count).fill(-1) }
  }
  const values = new Float64Array(count)
  plainNumbers(data, 0, leaf.kind, count, values, 0, scratch)
  return { values, texts: null, codes: null }
}

/** The page's numbers (booleans as 0 and 1) into `values` from `at`. */
export function decodeNumbers(
  page: PageValues,
  kind: ParquetLeaf['kind'],
  values: Float64Array,
  at: number,
  scratch: Scratch,
): void {
  const { data, start, present } = page
  switch (page.encoding) {
    case PLAIN:
      plainNumbers(data, start, kind, present, values, at, scratch)
      return
    case PLAIN_DICTIONARY:
    case RLE_DICTIONARY: {
      const indices = dictionaryIndices(page, scratch)
      const entries = (page.dictionary as Dictionary).values as Float64Array
      for (let i = 0; i < present; i++) {
        const index = indices[i] as number
        if (index >>> 0 >= entries.length) throw new Undecoded('an index past the dictionary')
        values[at + i] = entries[index] as number
      }
      return
    }
    case RLE: {
      if (kind !== 'boolean') break
      // A 4-byte length, then the runs at bit width 1.
      // Not in scratch.levels: the page's levels are still needed to place the values.
      const bits = scratch.gather(present)
      const length = readU32(data, start)
      decodeHybrid(data, start + 4, start + 4 + length, 1, present, bits, 0)
      for (let i = 0; i < present; i++) values[at + i] = bits[i] as number
      return
    }
    case DELTA_BINARY_PACKED: {
      if (kind !== 'int64' && !INT32_KINDS.has(kind)) break
      decodeDeltaPacked(data, start, present, values, at, kind !== 'int64')
      if (kind !== 'int64') narrow(values, at, present, kind)
      return
    }
    case BYTE_STREAM_SPLIT: {
      if (kind === 'boolean') break
      // Byte k of value i is at data[start + k * present + i]: gathered back, it is PLAIN.
      const width = byteWidth(kind)
      // The streams' length is their stride: a page whose levels count other than its values
      // is damaged, and DuckDB, which takes the stride from the length, reads it.
      if (data.length - start !== width * present) {
        throw new Undecoded('byte-stream-split values other than the levels count')
      }
      const plain = scratch.gather(width * present)
      for (let k = 0; k < width; k++) {
        const from = start + k * present
        for (let i = 0; i < present; i++) plain[i * width + k] = data[from + i] as number
      }
      plainNumbers(plain, 0, kind, present, values, at, scratch)
      return
    }
  }
  throw new Undecoded(`encoding ${page.encoding} for ${kind} values`)
}

/** The page's strings, as codes into `dict`, into `codes` from `at`. */
export function decodeTexts(
  page: PageValues,
  dict: ByteDict,
  codes: Int32Array,
  at: number,
  scratch: Scratch,
): void {
  const { data, start, present } = page
  switch (page.encoding) {
    case PLAIN:
      plainTexts(data, start, present, dict, codes, at)
      return
    case PLAIN_DICTIONARY:
    case RLE_DICTIONARY:
      textsFromDictionary(dictionaryIndices(page, scratch), page, dict, codes, at)
      return
    case DELTA_LENGTH_BYTE_ARRAY: {
      const lengths = scratch.indices(present)
      let p = decodeDeltaPacked(data, start, present, lengths, 0, true)
      for (let i = 0; i < present; i++) {
        const length = lengths[i] as number
        if (length < 0 || p + length > data.length) {
          throw new Undecoded('a string runs past its page')
        }
        codes[at + i] = intern(dict, data, p, p + length)
        p += length
      }
      return
    }
    case DELTA_BYTE_ARRAY: {
      // Each string is the previous one's first `prefix` bytes, then its own suffix.
      const prefixes = scratch.indices(present)
      const suffixes = new Int32Array(present)
      let p = decodeDeltaPacked(data, start, present, prefixes, 0, true)
      p = decodeDeltaPacked(data, p, present, suffixes, 0, true)
      let text = new Uint8Array(64)
      let length = 0
      for (let i = 0; i < present; i++) {
        const prefix = prefixes[i] as number
        const suffix = suffixes[i] as number
        if (prefix < 0 || prefix > length || suffix < 0 || p + suffix > data.length) {
          throw new Undecoded('a string runs past its page')
        }
        if (prefix + suffix > text.length) {
          const longer = new Uint8Array(2 * (prefix + suffix))
          longer.set(text.subarray(0, prefix))
          text = longer
        }
        text.set(data.subarray(p, p + suffix), prefix)
        p += suffix
        length = prefix + suffix
        codes[at + i] = intern(dict, text, 0, length)
      }
      return
    }
  }
  throw new Undecoded(`encoding ${page.encoding} for strings`)
}

/** The page's dictionary indices (a bit width byte, then the runs), in scratch. */
function dictionaryIndices(page: PageValues, scratch: Scratch): Int32Array {
  if (page.dictionary == null) throw new Undecoded('dictionary indices without a dictionary')
  const present = page.present
  const indices = scratch.indices(present)
  if (present === 0) return indices
  const width = page.data[page.start] as number
  decodeHybrid(page.data, page.start + 1, page.data.length, width, present, indices, 0)
  return indices
}

function textsFromDictionary(
  indices: Int32Array,
  page: PageValues,
  dict: ByteDict,
  codes: Int32Array,
  at: number,
): void {
  const dictionary = page.dictionary as Dictionary
  const entryCodes = dictionary.codes as Int32Array
  const texts = dictionary.texts as readonly Uint8Array[]
  for (let i = 0; i < page.present; i++) {
    const index = indices[i] as number
    if (index >>> 0 >= entryCodes.length) throw new Undecoded('an index past the dictionary')
    let code = entryCodes[index] as number
    if (code < 0) {
      const bytes = texts[index] as Uint8Array
      code = entryCodes[index] = intern(dict, bytes, 0, bytes.length)
    }
    codes[at + i] = code
  }
}

/** PLAIN byte arrays: each a 4-byte length, then its bytes. */
function plainTexts(
  data: Uint8Array,
  start: number,
  present: number,
  dict: ByteDict,
  codes: Int32Array,
  at: number,
): void {
  let p = start
  for (let i = 0; i < present; i++) {
    const length = readU32(data, p)
    p += 4
    if (p + length > data.length) throw new Undecoded('a string runs past its page')
    codes[at + i] = intern(dict, data, p, p + length)
    p += length
  }
}

/** The code of a string's bytes; a new one must be valid UTF-8 (DuckDB refuses others). */
function intern(dict: ByteDict, bytes: Uint8Array, start: number, end: number): number {
  const hash = hashBytes(bytes, start, end)
  const found = findBytes(dict, bytes, start, end, hash)
  if (found >= 0) return found
  return addBytes(dict, bytes, start, end, hash, utf8.decode(bytes.subarray(start, end)))
}

/** `count` PLAIN values of a numeric or boolean kind into `values` from `at`. */
function plainNumbers(
  data: Uint8Array,
  start: number,
  kind: ParquetLeaf['kind'],
  count: number,
  values: Float64Array,
  at: number,
  scratch: Scratch,
): void {
  if (kind === 'boolean') {
    if (start + ((count + 7) >> 3) > data.length) throw new Undecoded('a page ends early')
    for (let i = 0; i < count; i++) {
      values[at + i] = ((data[start + (i >> 3)] as number) >> (i & 7)) & 1
    }
    return
  }
  const width = byteWidth(kind)
  const bytes = data.subarray(start, start + count * width)
  if (bytes.length !== count * width) throw new Undecoded('a page ends early')
  if (kind === 'double') {
    // The bytes are the doubles already (little-endian, as every platform Node runs on).
    new Uint8Array(values.buffer, values.byteOffset + at * 8, count * 8).set(bytes)
    return
  }
  const aligned = bytes.byteOffset % width === 0
  const buffer = aligned ? bytes.buffer : scratch.aligned(bytes)
  const offset = aligned ? bytes.byteOffset : 0
  if (kind === 'float') {
    const source = new Float32Array(buffer, offset, count)
    for (let i = 0; i < count; i++) values[at + i] = source[i] as number
  } else if (INT32_KINDS.has(kind)) {
    const source = new Int32Array(buffer, offset, count)
    for (let i = 0; i < count; i++) values[at + i] = source[i] as number
    narrow(values, at, count, kind)
  } else {
    const words = new Int32Array(buffer, offset, count * 2)
    for (let i = 0; i < count; i++) {
      const value = (words[2 * i + 1] as number) * TWO_32 + ((words[2 * i] as number) >>> 0)
      // Beyond ±(2^53 - 1) a double may not hold it; DuckDB's read reports it with its digits.
      if (value > MAX_EXACT || value < -MAX_EXACT) throw new Undecoded('an integer beyond 2^53')
      values[at + i] = value
    }
  }
}

/** Bytes a PLAIN value of a numeric kind takes. */
function byteWidth(kind: ParquetLeaf['kind']): number {
  return kind === 'double' || kind === 'int64' ? 8 : 4
}

/** The kinds stored as INT32. */
const INT32_KINDS: ReadonlySet<ParquetLeaf['kind']> = new Set([
  'int32',
  'uint32',
  'int16',
  'uint16',
  'int8',
  'uint8',
])

/**
 * INT32 values (`count` from `at`) as their annotation types them, as DuckDB reads them: UINT_32
 * unsigned, and of an 8- or 16-bit integer only its low bits (a valid file has no others).
 */
function narrow(values: Float64Array, at: number, count: number, kind: ParquetLeaf['kind']): void {
  const end = at + count
  switch (kind) {
    case 'uint32':
      for (let i = at; i < end; i++) values[i] = (values[i] as number) >>> 0
      return
    case 'int16':
      for (let i = at; i < end; i++) values[i] = ((values[i] as number) << 16) >> 16
      return
    case 'uint16':
      for (let i = at; i < end; i++) values[i] = (values[i] as number) & 0xffff
      return
    case 'int8':
      for (let i = at; i < end; i++) values[i] = ((values[i] as number) << 24) >> 24
      return
    case 'uint8':
      for (let i = at; i < end; i++) values[i] = (values[i] as number) & 0xff
      return
  }
}
