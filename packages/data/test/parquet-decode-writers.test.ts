// The Parquet decoder on files pyarrow wrote (fixtures/parquet-pyarrow.py), in the shapes DuckDB
// does not write: data page v2 headers, many pages per column chunk, REQUIRED columns, RLE
// booleans, a dictionary falling back to PLAIN within a chunk, DELTA_BYTE_ARRAY strings. Each
// file's shape is checked from its page headers, then its table against DuckDB's reader.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLayout } from '../src/_parquet-file.ts'
import type { ParquetLayout } from '../src/_parquet-layout.ts'
import { ThriftReader, type ThriftStruct } from '../src/_thrift-compact.ts'
import { DataError, readParquet } from '../src/index.ts'
import { decodeParquet } from '../src/parquet-decode.ts'
import { readParquet as readWithDuckdb } from '../src/parquet-read.ts'
import { expectSameTable } from './_parquet-compare.ts'
import { fixture } from './_view.ts'

/** What a file's page headers show: page types, encodings and the most pages in one chunk. */
type Shape = {
  readonly pageTypes: Set<string>
  readonly encodings: Map<string, Set<string>>
  mostPages: number
  readonly required: string[]
}

const PAGE_TYPES = ['v1', 'index', 'dictionary', 'v2']
const ENCODINGS: Record<number, string> = {
  0: 'PLAIN',
  2: 'PLAIN_DICTIONARY',
  3: 'RLE',
  5: 'DELTA_BINARY_PACKED',
  6: 'DELTA_LENGTH_BYTE_ARRAY',
  7: 'DELTA_BYTE_ARRAY',
  8: 'RLE_DICTIONARY',
  9: 'BYTE_STREAM_SPLIT',
}

function shapeOf(path: string): Shape {
  const fd = openSync(path, 'r')
  const layout = readLayout(fd) as ParquetLayout | string
  closeSync(fd)
  if (typeof layout === 'string') throw new Error(layout)
  const bytes = readFileSync(path)
  const shape: Shape = {
    pageTypes: new Set(),
    encodings: new Map(layout.leaves.map((leaf) => [leaf.name, new Set<string>()])),
    mostPages: 0,
    required: layout.leaves.filter((leaf) => !leaf.optional).map((leaf) => leaf.name),
  }
  for (const group of layout.groups) {
    group.chunks.forEach((place, c) => {
      const name = (layout.leaves[c] as { name: string }).name
      let at = place.start
      let pages = 0
      while (at < place.start + place.length) {
        const reader = new ThriftReader(bytes, at)
        const header = reader.struct()
        at = reader.at + (header[3] as number)
        shape.pageTypes.add(PAGE_TYPES[header[1] as number] ?? 'other')
        const info = (header[5] ?? header[8]) as ThriftStruct | undefined
        if (info === undefined) continue
        pages++
        const encoding = (header[5] === undefined ? info[4] : info[2]) as number
        shape.encodings.get(name)?.add(ENCODINGS[encoding] ?? String(encoding))
      }
      shape.mostPages = Math.max(shape.mostPages, pages)
    })
  }
  return shape
}

async function expectDecodedLikeDuckdb(path: string): Promise<void> {
  const reference = await readWithDuckdb(path)
  expect(reference.rowCount).toBe(3000)
  expectSameTable(await decodeParquet(path), reference)
  expectSameTable(await decodeParquet(path, undefined, 0), reference)
  const subset = ['note', 'flag', 'id']
  expectSameTable(
    await decodeParquet(path, { columns: subset }),
    await readWithDuckdb(path, { columns: subset }),
  )
}

describe('decodeParquet on files pyarrow wrote', () => {
  it('reads data pages v2, many per chunk, with REQUIRED columns and RLE booleans', async () => {
    const path = fixture('pyarrow-v2-pages.parquet')
    const shape = shapeOf(path)
    expect([...shape.pageTypes].sort()).toEqual(['dictionary', 'v2'])
    expect(shape.mostPages).toBeGreaterThanOrEqual(5)
    expect(shape.required).toEqual(['id', 'exact', 'count', 'always', 'label'])
    expect([...(shape.encodings.get('flag') ?? [])]).toEqual(['RLE'])
    // The dictionary outgrows its page limit and the chunk goes on in PLAIN.
    expect([...(shape.encodings.get('label') ?? [])].sort()).toEqual(['PLAIN', 'RLE_DICTIONARY'])
    await expectDecodedLikeDuckdb(path)
  })

  it('reads data pages v1, many per chunk, gzip-compressed', async () => {
    const path = fixture('pyarrow-v1-pages.parquet')
    const shape = shapeOf(path)
    expect([...shape.pageTypes].sort()).toEqual(['dictionary', 'v1'])
    expect(shape.mostPages).toBeGreaterThanOrEqual(5)
    expect([...(shape.encodings.get('flag') ?? [])]).toEqual(['PLAIN'])
    await expectDecodedLikeDuckdb(path)
  })

  it('reads the delta and byte-stream-split encodings', async () => {
    const path = fixture('pyarrow-encodings.parquet')
    const shape = shapeOf(path)
    const used = new Set([...shape.encodings.values()].flatMap((set) => [...set]))
    expect([...used].sort()).toEqual([
      'BYTE_STREAM_SPLIT',
      'DELTA_BINARY_PACKED',
      'DELTA_BYTE_ARRAY',
      'DELTA_LENGTH_BYTE_ARRAY',
      'RLE',
    ])
    await expectDecodedLikeDuckdb(path)
  })

  it('reports a delta miniblock wider than 64 bits itself, as DuckDB 1.5.6 crashes on it', async () => {
    const bytes = readFileSync(fixture('pyarrow-encodings.parquet'))
    // The bit width of a miniblock of the `word` column's lengths in its second row group
    // (found by flipping bytes of the file): 96 → 32 makes it 139.
    expect(bytes[19630]).toBe(96)
    const path = join(mkdtempSync(join(tmpdir(), 'mlgate-delta-')), 'damaged.parquet')
    writeFileSync(path, Buffer.from(bytes).fill(32, 19630, 19631))
    const message =
      /damaged\.parquet: is not a valid, complete Parquet file \(column "word", rows from 1001: a delta-encoded miniblock 139 bits wide, past 64\)/
    await expect(readParquet(path)).rejects.toThrow(DataError)
    await expect(readParquet(path)).rejects.toThrow(message)
    await expect(decodeParquet(path, undefined, 0)).rejects.toThrow(message)
  })
})
