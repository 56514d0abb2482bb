// Snappy blocks decoded by hand-built cases from the format description (every element kind,
// overlapping copies, the long literal lengths), by hyparquet's independent decoder on the
// pages DuckDB writes, and refused when malformed.
import { DuckDBInstance } from '@duckdb/node-api'
import { snappyUncompress as referenceUncompress } from 'hyparquet'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLayout } from '../src/_parquet-file.ts'
import { snappyHeader, snappyUncompress, SnappyError } from '../src/_snappy.ts'
import { ThriftReader } from '../src/_thrift-compact.ts'
import { openSync, closeSync } from 'node:fs'
import { random } from './_random.ts'

function decode(block: number[], length: number): number[] {
  const out = new Uint8Array(length)
  snappyUncompress(Uint8Array.from(block), out)
  return [...out]
}

/** A literal element's tag for 1-60 bytes. */
const literal = (size: number): number => (size - 1) << 2

describe('snappyUncompress', () => {
  it('reads the length varint and literals of every length form', () => {
    expect(snappyHeader(Uint8Array.from([0xfe, 0xff, 0x7f]))).toEqual({ length: 2097150, start: 3 })
    expect(decode([3, literal(3), 7, 8, 9], 3)).toEqual([7, 8, 9])
    // 61 (tag 60 << 2): one length byte follows, holding the length minus one.
    const long = Array.from({ length: 100 }, (_, i) => i)
    expect(decode([100, 60 << 2, 99, ...long], 100)).toEqual(long)
    // 62: two little-endian length bytes (300 - 1 = 0x012b).
    const longer = Array.from({ length: 300 }, (_, i) => i % 251)
    expect(decode([0xac, 0x02, 61 << 2, 0x2b, 0x01, ...longer], 300)).toEqual(longer)
  })

  it('copies with 1-, 2- and 4-byte offsets, overlapping ones repeating their bytes', () => {
    // "abcd" then a 1-byte-offset copy of 8 at offset 4: abcdabcdabcd.
    const copy1 = (size: number, offset: number) => [
      ((offset >> 8) << 5) | ((size - 4) << 2) | 1,
      offset & 0xff,
    ]
    expect(
      String.fromCharCode(...decode([12, literal(4), 97, 98, 99, 100, ...copy1(8, 4)], 12)),
    ).toBe('abcdabcdabcd')
    // Offset 1 repeats one byte (run-length): x then 10 more x.
    expect(decode([11, literal(1), 120, ...copy1(10, 1)], 11)).toEqual(Array(11).fill(120))
    // 2-byte offset (tag kind 2), length 20 from 16 back, then a 4-byte offset (kind 3).
    const head = Array.from({ length: 16 }, (_, i) => i + 1)
    const copy2 = [((20 - 1) << 2) | 2, 16, 0]
    const copy4 = [((5 - 1) << 2) | 3, 36, 0, 0, 0]
    const expected = [...head, ...head, ...head.slice(0, 4), ...head.slice(0, 5)]
    expect(decode([41, literal(16), ...head, ...copy2, ...copy4], 41)).toEqual(expected)
    // A long copy far enough back to move at once, and a short one after it.
    const block = Array.from({ length: 40 }, (_, i) => (i * 7) % 256)
    const far = [((40 - 1) << 2) | 2, 40, 0]
    expect(decode([84, literal(40), ...block, ...far, ...copy1(4, 80)], 84)).toEqual([
      ...block,
      ...block,
      ...block.slice(0, 4),
    ])
  })

  it('matches a byte-at-a-time decoder on random blocks of short literals and copies', () => {
    const next = random(7)
    const int = (n: number) => Math.floor(next() * n)
    for (let round = 0; round < 200; round++) {
      const block: number[] = []
      const expected: number[] = []
      const elements = 1 + int(60)
      for (let e = 0; e < elements; e++) {
        if (expected.length === 0 || next() < 0.4) {
          const size = 1 + int(next() < 0.8 ? 10 : 60)
          const bytes = Array.from({ length: size }, () => int(256))
          block.push(literal(size), ...bytes)
          expected.push(...bytes)
          continue
        }
        const offset = 1 + int(Math.min(expected.length, next() < 0.7 ? 24 : 2000))
        const kind = offset < 2048 && next() < 0.5 ? 1 : next() < 0.7 ? 2 : 3
        const size = kind === 1 ? 4 + int(8) : 1 + int(next() < 0.8 ? 20 : 64)
        if (kind === 1) block.push(((offset >> 8) << 5) | ((size - 4) << 2) | 1, offset & 0xff)
        else if (kind === 2) block.push(((size - 1) << 2) | 2, offset & 0xff, offset >> 8)
        else block.push(((size - 1) << 2) | 3, offset & 0xff, offset >> 8, 0, 0)
        // Byte at a time, as the format defines a copy.
        for (let k = 0; k < size; k++) expected.push(expected[expected.length - offset] as number)
      }
      const length = expected.length
      const header: number[] = []
      for (let rest = length; ; rest = Math.floor(rest / 128)) {
        header.push(rest < 128 ? rest : (rest % 128) | 0x80)
        if (rest < 128) break
      }
      expect(decode([...header, ...block], length)).toEqual(expected)
    }
  })

  it('refuses blocks that do not fill their length or reach outside it', () => {
    const refused = (block: number[], length: number) =>
      expect(() => decode(block, length)).toThrow(SnappyError)
    refused([4, literal(3), 1, 2, 3], 4) // one byte short
    refused([3, literal(3), 1, 2], 3) // the literal runs past the block
    refused([4, literal(1), 1, (0 << 2) | 1, 2], 4) // copy from 2 back with 1 byte written
    refused([4, literal(1), 1, (0 << 2) | 1, 0], 4) // offset 0
    refused([2, literal(1), 1, ((8 - 4) << 2) | 1, 1], 2) // copy past the output
    refused([5, literal(1), 1], 4) // declared length differs from the expected one
    refused([0x80, 0x80, 0x80, 0x80, 0x80, 0x80], 1) // no end to the length varint
  })

  it('gives what hyparquet gives on every page of DuckDB-written snappy files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-snappy-'))
    const path = join(dir, 'pages.parquet')
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    await connection.run(
      `COPY (SELECT random() AS r, i % 17 AS small, 'name-' || (i * 7919 % 5003) AS s,
        repeat('ab', i % 50) AS runs FROM range(40000) t(i))
       TO '${path}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 10000)`,
    )
    connection.closeSync()
    instance.closeSync()
    const bytes = readFileSync(path)
    const fd = openSync(path, 'r')
    const layout = readLayout(fd)
    closeSync(fd)
    if (typeof layout === 'string') throw new Error(layout)
    let pages = 0
    for (const group of layout.groups) {
      for (const place of group.chunks) {
        let at = place.start
        while (at < place.start + place.length) {
          const reader = new ThriftReader(bytes, at)
          const header = reader.struct()
          const body = bytes.subarray(reader.at, reader.at + (header[3] as number))
          at = reader.at + (header[3] as number)
          const out = new Uint8Array(header[2] as number)
          snappyUncompress(body, out)
          const reference = new Uint8Array(header[2] as number)
          referenceUncompress(body, reference)
          expect(Buffer.from(out).equals(Buffer.from(reference))).toBe(true)
          pages++
        }
      }
    }
    expect(pages).toBeGreaterThanOrEqual(16)
  })
})
