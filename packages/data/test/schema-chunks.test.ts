import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  bytesSource,
  csvChunks,
  DataError,
  openFileSource,
  parseCsv,
  type CsvChunkOptions,
  type TableChunk,
} from '../src/index.ts'
import { bytesOf, cellsOf, fixture, type Cell } from './_view.ts'

/**
 * The chunks of `bytes` read `size` bytes at a time, from a source that returns at most `size - 1`
 * bytes per read (at least 1), so that short reads are exercised too.
 */
async function chunksOf(
  bytes: Uint8Array,
  size: number,
  options?: CsvChunkOptions,
  source = 'test.csv',
): Promise<TableChunk[]> {
  const out: TableChunk[] = []
  const from = bytesSource(bytes, Math.max(1, size - 1))
  for await (const chunk of csvChunks(from, source, { ...options, blockBytes: size })) {
    out.push(chunk)
  }
  return out
}

/** Every column's cells across all chunks, as text (types may differ from chunk to chunk). */
function cellsAcross(chunks: readonly TableChunk[]): Record<string, (string | null)[]> {
  const out: Record<string, (string | null)[]> = {}
  for (const chunk of chunks) {
    for (const column of chunk.table.columns) {
      const cells = (out[column.name] ??= [])
      cells.push(...cellsOf(column).map(text))
    }
  }
  return out
}

const text = (cell: Cell): string | null => (cell == null ? null : String(cell))

const SIZES = [1, 2, 3, 5, 8, 13, 64, 1 << 20]

describe('csvChunks', () => {
  const files = ['quoted-bom-crlf.csv', 'semicolon.csv', 'mixed.csv']
  it.each(files)(
    'yields the same cells as parseCsv for %s, whatever the block size',
    async (name) => {
      const bytes = readFileSync(fixture(name))
      const options = name === 'semicolon.csv' ? { delimiter: ';' } : {}
      const whole = parseCsv(bytes, name, options)
      const expected = Object.fromEntries(whole.columns.map((c) => [c.name, cellsOf(c).map(text)]))
      for (const size of SIZES) {
        const chunks = await chunksOf(bytes, size, options, name)
        expect(cellsAcross(chunks), `block size ${size}`).toEqual(expected)
        expect(chunks.reduce((n, c) => n + c.table.rowCount, 0)).toBe(whole.rowCount)
        // firstRow counts the rows of the chunks before.
        let row = 0
        for (const chunk of chunks) {
          expect(chunk.firstRow).toBe(row)
          row += chunk.table.rowCount
        }
      }
    },
  )

  it('cuts only at record ends: quoted line breaks, doubled quotes and a quote inside a field', async () => {
    const data = 'id,note\n1,"a\nb"\n2,"say ""hi""\n, ok"\n3,5" screen\n4,"x,y"\n'
    for (const size of SIZES) {
      const chunks = await chunksOf(bytesOf(data), size)
      expect(cellsAcross(chunks), `block size ${size}`).toEqual({
        id: ['1', '2', '3', '4'],
        note: ['a\nb', 'say "hi"\n, ok', '5" screen', 'x,y'],
      })
    }
  })

  it('reads a last row without a line break, CRLF ends, blank lines and a BOM', async () => {
    const data = '\uFEFF\r\n\na,b\r\n1,x\r\n\r\n2,y'
    for (const size of SIZES) {
      expect(cellsAcross(await chunksOf(bytesOf(data), size))).toEqual({
        a: ['1', '2'],
        b: ['x', 'y'],
      })
    }
  })

  it('yields one empty chunk with the header when the file has no rows', async () => {
    const chunks = await chunksOf(bytesOf('a,b\n'), 2)
    expect(chunks).toHaveLength(1)
    expect(chunks[0]?.header).toEqual(['a', 'b'])
    expect(chunks[0]?.table.rowCount).toBe(0)
  })

  it('reads only the columns select asks for, with the types it forces', async () => {
    const chunks = await chunksOf(bytesOf('a,b,c\n1,02,x\n3,04,y\n'), 4, {
      select: (header) => {
        expect(header).toEqual(['a', 'b', 'c'])
        return { columns: ['b', 'a'], types: { b: 'string' } }
      },
    })
    expect(chunks[0]?.header).toEqual(['a', 'b', 'c'])
    expect(chunks.flatMap((c) => c.table.columns.map((col) => `${col.name}:${col.type}`))).toEqual(
      chunks.flatMap(() => ['b:string', 'a:integer']),
    )
    expect(cellsAcross(chunks)).toEqual({ b: ['02', '04'], a: ['1', '3'] })
  })

  it('treats the missing option as parseCsv does', async () => {
    const chunks = await chunksOf(bytesOf('a,b\n1,NA\nNA,2\n'), 3, { missing: ['NA'] })
    expect(cellsAcross(chunks)).toEqual({ a: ['1', null], b: [null, '2'] })
  })

  it('reports a ragged row with its line in the file, in a late chunk', async () => {
    const lines = ['a,b', ...Array.from({ length: 50 }, (_, i) => `${i},${i}`), '7', '8,8']
    const bytes = bytesOf(`${lines.join('\n')}\n`)
    let error: unknown
    try {
      await chunksOf(bytes, 16)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DataError)
    expect((error as DataError).line).toBe(52)
    expect((error as DataError).message).toMatch(/test\.csv, line 52: expected 2 fields/)
  })

  it('keeps cells and line numbers across chunks whose rows change length, reused or not', async () => {
    // Long rows, then short ones with quoted line breaks and blank lines among them.
    const long = Array.from({ length: 1500 }, (_, i) => `${i},${'x'.repeat(60)}`)
    const short = Array.from({ length: 3000 }, (_, i) =>
      i % 97 === 0 ? `${i},"a\nb"` : i % 89 === 0 ? `${i},y\n` : `${i},y`,
    )
    const bytes = bytesOf(`a,b\n${[...long, ...short].join('\n')}\n`)
    const whole = parseCsv(bytes, 'test.csv')
    const expected = Object.fromEntries(whole.columns.map((c) => [c.name, cellsOf(c).map(text)]))
    expect(cellsAcross(await chunksOf(bytes, 16_384))).toEqual(expected)
    // Reused arrays hold a chunk's rows until the next one: each is read as it comes.
    const cells: Record<string, (string | null)[]> = { a: [], b: [] }
    for await (const chunk of csvChunks(bytesSource(bytes, 16_383), 'test.csv', {
      blockBytes: 16_384,
      reuse: true,
    })) {
      for (const [name, column] of Object.entries(cellsAcross([chunk])))
        cells[name]!.push(...column)
    }
    expect(cells).toEqual(expected)
    const lines = bytes.filter((b) => b === 10).length
    const ragged = bytesOf(`${new TextDecoder().decode(bytes)}7\n`)
    await expect(chunksOf(ragged, 16_384)).rejects.toThrow(
      new RegExp(`test\\.csv, line ${lines + 1}: expected 2 fields`),
    )
  })

  it('checks the delimiter and the header as parseCsv does', async () => {
    await expect(chunksOf(bytesOf(''), 4)).rejects.toThrow(/the file is empty/)
    await expect(chunksOf(bytesOf('a,a\n1,2\n'), 4)).rejects.toThrow(/names "a" twice/)
    await expect(chunksOf(bytesOf('a\n1\n'), 4, { delimiter: '1' })).rejects.toThrow(
      /cannot be used/,
    )
  })
})

describe('openFileSource', () => {
  it('reads a file front to back', async () => {
    const path = fixture('mixed.csv')
    const source = await openFileSource(path)
    const got = new Uint8Array(10_000)
    let length = 0
    for (let n = 1; n > 0; length += n) n = await source.read(got, length, 7)
    await source.close()
    expect(Buffer.from(got.subarray(0, length)).equals(readFileSync(path))).toBe(true)
  })

  it('names the file it cannot read', async () => {
    await expect(openFileSource('no/such/file.csv')).rejects.toThrow(
      /no\/such\/file\.csv: file not found/,
    )
  })

  it('is left idle when a consumer stops early, so it can be closed', async () => {
    const path = fixture('mixed.csv')
    const source = await openFileSource(path)
    for await (const chunk of csvChunks(source, path, { blockBytes: 16 })) {
      expect(chunk.table.rowCount).toBeGreaterThan(0)
      break
    }
    await expect(source.close()).resolves.toBeUndefined()
  })
})
