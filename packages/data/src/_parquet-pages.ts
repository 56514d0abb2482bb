import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import * as zlib from 'node:zlib'
import { createByteDict, type ByteDict } from './_byte-dict.ts'
import type { ChunkPlace, ParquetLeaf } from './_parquet-layout.ts'
import { readU32, Undecoded, type Scratch } from './_parquet-scratch.ts'
import { PAGE_HEADER } from './_parquet-thrift.ts'
import {
  decodeNumbers,
  decodeTexts,
  readDictionary,
  type Dictionary,
  type PageValues,
} from './_parquet-values.ts'
import { decodePresence } from './_rle-hybrid.ts'
import { snappyUncompress } from './_snappy.ts'
import { ThriftReader, type ThriftStruct } from './_thrift-compact.ts'

/**
 * Decodes the pages of flat column chunks (Parquet format: data pages v1 and v2, dictionary
 * pages, uncompressed or in one of the codecs below) straight into a table's typed columns.
 * Anything else it meets (an encoding, a codec, an integer a double cannot hold) throws
 * `Undecoded`, and the file is read through DuckDB instead, so both paths give the same table
 * or the same error.
 */

/** A column being filled, `rowCount` rows long; text columns hold codes into `dict`. */
export type DecodedColumn = {
  readonly leaf: ParquetLeaf
  readonly values: Float64Array | null
  readonly codes: Int32Array | null
  readonly dict: ByteDict | null
  missing: Uint8Array | null
  nullCount: number
}

/** A column of `rowCount` rows to decode into; `values`, when given, are reused for numbers. */
export function createDecodedColumn(
  leaf: ParquetLeaf,
  rowCount: number,
  values?: Float64Array,
): DecodedColumn {
  const text = leaf.kind === 'text'
  return {
    leaf,
    values: text ? null : (values ?? new Float64Array(rowCount)),
    codes: text ? new Int32Array(rowCount) : null,
    dict: text ? createByteDict() : null,
    missing: null,
    nullCount: 0,
  }
}

/** Page types and encodings (parquet.thrift). */
const DATA_PAGE = 0
const INDEX_PAGE = 1
const DICTIONARY_PAGE = 2
const DATA_PAGE_V2 = 3
const PLAIN = 0
const PLAIN_DICTIONARY = 2
const RLE = 3

/** Whether a header's field is one of parquet.thrift's `Encoding` values (0, 2-9). */
function isEncoding(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 9
}

/** Pages larger than this (uncompressed) are taken for damage; writers make them far smaller. */
const MAX_PAGE_BYTES = 1 << 30

/** Codecs. */
const UNCOMPRESSED = 0
const SNAPPY = 1
const GZIP = 2
const BROTLI = 4
const ZSTD = 6

/** Decodes one column chunk (`bytes`, as `place` describes it) into `column` from row `row`. */
export function decodeChunk(
  bytes: Uint8Array,
  place: ChunkPlace,
  column: DecodedColumn,
  row: number,
  scratch: Scratch,
): void {
  let at = 0
  let done = 0
  let dictionary: Dictionary | null = null
  const optional = column.leaf.optional
  while (done < place.values) {
    if (at >= bytes.length) throw new Undecoded('the chunk ends before its values')
    const reader = new ThriftReader(bytes, at)
    const header = reader.struct(PAGE_HEADER)
    const size = header[2] as number
    const compressedSize = header[3] as number
    const body = bytes.subarray(reader.at, reader.at + compressedSize)
    if (body.length !== compressedSize) throw new Undecoded('a page runs past its chunk')
    if (!(size >= 0 && size <= MAX_PAGE_BYTES)) throw new Undecoded('a page of an unlikely size')
    at = reader.at + compressedSize
    const type = header[1]
    if (type === DICTIONARY_PAGE) {
      const info = header[7] as ThriftStruct
      if (info[2] !== PLAIN && info[2] !== PLAIN_DICTIONARY) {
        throw new Undecoded(`dictionary encoding ${String(info[2])}`)
      }
      const data = uncompress(body, size, place.codec, scratch)
      dictionary = readDictionary(data, info[1] as number, column.leaf, scratch)
    } else if (type === DATA_PAGE) {
      const info = header[5] as ThriftStruct
      const count = info[1] as number
      const data = uncompress(body, size, place.codec, scratch)
      if (!isEncoding(info[3]) || !isEncoding(info[4])) {
        // Unused for a flat column's pages, but DuckDB's reader refuses the file for them.
        throw new Undecoded('level encodings that are not encodings')
      }
      let start = 0
      let present = count
      const levels = scratch.levels(count)
      if (optional) {
        if (info[3] !== RLE) throw new Undecoded('definition levels not in RLE')
        const length = readU32(data, 0)
        present = decodePresence(data, 4, 4 + length, count, levels)
        start = 4 + length
      }
      const encoding = info[2] as number
      const page = { data, start, encoding, count, present, levels, dictionary }
      decodeValues(page, column, row + done, scratch)
      done += count
    } else if (type === DATA_PAGE_V2) {
      const info = header[8] as ThriftStruct
      const count = info[1] as number
      const repeatBytes = info[6] as number
      const levelBytes = (info[5] as number) + repeatBytes
      const levels = scratch.levels(count)
      const present = optional
        ? decodePresence(body, repeatBytes, levelBytes, count, levels)
        : count
      const rest = body.subarray(levelBytes)
      const data =
        info[7] !== false ? uncompress(rest, size - levelBytes, place.codec, scratch) : rest
      const encoding = info[4] as number
      const page = { data, start: 0, encoding, count, present, levels, dictionary }
      decodeValues(page, column, row + done, scratch)
      done += count
    } else if (type !== INDEX_PAGE) {
      // DuckDB's reader refuses a page type it does not know, and so the file.
      throw new Undecoded(`page type ${String(type)}`)
    }
  }
  if (done !== place.values) throw new Undecoded('the pages hold more values than the chunk')
}

function uncompress(body: Uint8Array, size: number, codec: number, scratch: Scratch): Uint8Array {
  switch (codec) {
    case UNCOMPRESSED:
      return sized(body, size)
    case SNAPPY: {
      const out = scratch.page(size)
      snappyUncompress(body, out)
      return out
    }
    case GZIP:
      return sized(gunzipSync(body), size)
    case BROTLI:
      return sized(brotliDecompressSync(body), size)
    case ZSTD: {
      // zlib has zstd from Node 22.15 and 23.8; on older ones DuckDB reads the file.
      const zstd = (zlib as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync
      if (zstd === undefined) throw new Undecoded('zstd needs a newer Node')
      return sized(zstd(body), size)
    }
    default:
      throw new Undecoded(`codec ${codec}`)
  }
}

function sized(data: Uint8Array, size: number): Uint8Array {
  if (data.length !== size) throw new Undecoded('a page is not the size its header gives')
  return data
}

/** One data page's values and which of its `count` rows hold one (`levels` 1, when not all). */
type Page = PageValues & { readonly count: number; readonly levels: Uint8Array }

/**
 * A page's values into the column from `row`. The page stores values only for the rows its
 * levels mark present; with some absent they are decoded to scratch and spread out.
 */
function decodeValues(page: Page, column: DecodedColumn, row: number, scratch: Scratch): void {
  const { count, present, levels } = page
  const dense = present === count
  const at = dense ? row : 0
  if (column.leaf.kind === 'text') {
    const codes = dense ? (column.codes as Int32Array) : scratch.codes(present)
    decodeTexts(page, column.dict as ByteDict, codes, at, scratch)
    if (!dense) spreadCodes(codes, column, row, levels, count)
  } else {
    const values = dense ? (column.values as Float64Array) : scratch.numbers(present)
    decodeNumbers(page, column.leaf.kind, values, at, scratch)
    if (!dense) spreadNumbers(values, column, row, levels, count)
  }
}

/** Moves `present` values from the front of `values` to their rows; absent rows get NaN. */
function spreadNumbers(
  values: Float64Array,
  column: DecodedColumn,
  row: number,
  levels: Uint8Array,
  count: number,
): void {
  const target = column.values as Float64Array
  const missing = column.missing ?? (column.missing = new Uint8Array(target.length))
  let v = 0
  for (let i = 0; i < count; i++) {
    if (levels[i] === 1) {
      target[row + i] = values[v++] as number
    } else {
      target[row + i] = NaN
      missing[row + i] = 1
      column.nullCount++
    }
  }
}

function spreadCodes(
  codes: Int32Array,
  column: DecodedColumn,
  row: number,
  levels: Uint8Array,
  count: number,
): void {
  const target = column.codes as Int32Array
  let v = 0
  for (let i = 0; i < count; i++) {
    if (levels[i] === 1) {
      target[row + i] = codes[v++] as number
    } else {
      target[row + i] = -1
      column.nullCount++
    }
  }
}
