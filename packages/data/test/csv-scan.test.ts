import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataError, readTable, scanCsv, type Table } from '../src/index.ts'
import { random } from './_random.ts'
import { cellsOf, exact, type Cell } from './_view.ts'

/**
 * `scanCsv` hands every chunk of a file to its callback and keeps some columns whole: those
 * columns must be exactly what `readTable` gives (types, missing cells, text codes), and the
 * chunks must hold every row's cells, whatever the block size; when a chunk would type a column
 * otherwise than the whole file, it gives up rather than give something else.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-scan-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Rows of every kind of cell: whole and decimal numbers, booleans, quoted text, gaps. */
function mixedRows(seed: number, count: number): string {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const lines = ['id,x,flag,city,label']
  for (let i = 0; i < count; i++) {
    const x = next() < 0.1 ? '' : (next() * 200 - 100).toFixed(pick([0, 2, 5]))
    const flag = next() < 0.1 ? '' : pick(['true', 'false', 'TRUE'])
    const city =
      next() < 0.1 ? '' : pick(['Lyon', '"Paris, FR"', '"New\nYork"', 'Oslo', '"a ""b"""'])
    lines.push(`${i},${x},${flag},${city},${next() < 0.3 ? 1 : 0}`)
  }
  return `${lines.join('\r\n')}\r\n`
}

/** The columns of `table` named in `names`, in that order. */
function columnsNamed(table: Table, names: readonly string[]): Table {
  const columns = names.map((name) => table.columns.find((c) => c.name === name)!)
  return { source: table.source, rowCount: table.rowCount, columns }
}

/** Every column's cells across the chunks, copied as each chunk is handed over. */
async function scanned(
  path: string,
  keep: readonly string[],
  blockBytes: number,
  select?: (header: readonly string[]) => readonly string[],
) {
  const cells: Record<string, Cell[]> = {}
  const tables: Table[] = []
  const kept = await scanCsv(
    path,
    keep,
    async (chunk) => {
      tables.push(chunk)
      for (const column of chunk.columns) (cells[column.name] ??= []).push(...cellsOf(column))
      return Promise.resolve()
    },
    { blockBytes, ...(select ? { select } : {}) },
  )
  return { kept, cells, tables }
}

describe('scanCsv', () => {
  it('keeps columns exactly as readTable gives them and hands over every row', async () => {
    const path = file('mixed.csv', mixedRows(7, 700))
    const whole = await readTable(path)
    const keep = ['label', 'city', 'flag', 'x']
    const wholeCells = Object.fromEntries(whole.columns.map((c) => [c.name, cellsOf(c)]))
    for (const blockBytes of [97, 512, 4096, 1 << 20]) {
      const { kept, cells, tables } = await scanned(path, keep, blockBytes)
      expect(kept, `block ${blockBytes}`).toBeDefined()
      expect(exact(kept!), `block ${blockBytes}`).toEqual(exact(columnsNamed(whole, keep)))
      expect(cells, `block ${blockBytes}`).toEqual(wholeCells)
      if (blockBytes < 1000) expect(tables.length).toBeGreaterThan(10)
    }
  })

  it('writes each chunk into the number arrays of the one before', async () => {
    const path = file('reused.csv', mixedRows(11, 400))
    const buffers: ArrayBufferLike[] = []
    await scanCsv(
      path,
      [],
      (chunk) => {
        const x = chunk.columns.find((c) => c.name === 'x')!
        if (x.type !== 'string') buffers.push(x.values.buffer)
        return Promise.resolve()
      },
      { blockBytes: 1024 },
    )
    expect(buffers.length).toBeGreaterThan(5)
    expect(new Set(buffers).size).toBeLessThan(buffers.length / 2)
  })

  it('gives up when a chunk types a column otherwise than the whole file', async () => {
    const blank = Array.from({ length: 60 }, (_, i) => `${i},`).join('\n')
    const cases: Record<string, string> = {
      // All missing in the first chunks (numbers, as a chunk reads them), text further on.
      missingThenText: `id,note\n${blank}\n60,hello\n`,
      numbersThenText: `id,code\n${Array.from({ length: 60 }, (_, i) => `${i},${i}`).join('\n')}\n60,A7\n`,
      // A boolean column with a chunk of missing cells, read there as numbers.
      missingThenBooleans: `id,flag\n${blank}\n60,true\n`,
    }
    for (const [name, text] of Object.entries(cases)) {
      const path = file(`${name}.csv`, text)
      const outcome = await scanned(path, ['id'], 64)
      expect(outcome.kept, name).toBeUndefined()
      // Read whole, the column is typed by all its rows.
      expect((await readTable(path)).columns[1]!.type, name).not.toBe('number')
    }
  })

  it('keeps a column missing in whole chunks when the file holds numbers there', async () => {
    const blank = Array.from({ length: 60 }, (_, i) => `${i},`).join('\n')
    const path = file('gaps.csv', `id,n\n${blank}\n60,7\n61,\n62,8\n`)
    const { kept } = await scanned(path, ['n'], 64)
    expect(exact(kept!)).toEqual(exact(columnsNamed(await readTable(path), ['n'])))
    expect(kept!.columns[0]!.type).toBe('integer')
  })

  it('gives up when a column to keep is not in the file, and reads files without rows', async () => {
    const path = file('small.csv', 'a,b\n1,2\n')
    expect((await scanned(path, ['c'], 64)).kept).toBeUndefined()
    const empty = file('empty.csv', 'a,b\n')
    const { kept } = await scanned(empty, ['b'], 64)
    expect(exact(kept!)).toEqual(exact(columnsNamed(await readTable(empty), ['b'])))
  })

  it('hands over the selected columns only, and checks no other', async () => {
    const path = file('selected.csv', mixedRows(13, 500))
    const whole = await readTable(path)
    const only = (names: readonly string[]) => (header: readonly string[]) =>
      header.filter((n) => names.includes(n))
    const { kept, cells, tables } = await scanned(path, ['label'], 512, only(['label', 'x']))
    expect(tables.length).toBeGreaterThan(10)
    for (const t of tables) expect(t.columns.map((c) => c.name)).toEqual(['x', 'label'])
    expect(cells).toEqual({ x: cellsOf(whole.columns[1]!), label: cellsOf(whole.columns[4]!) })
    expect(exact(kept!)).toEqual(exact(columnsNamed(whole, ['label'])))
    // A column typed otherwise by one chunk than by the whole file matters only when it is read.
    const blank = Array.from({ length: 60 }, (_, i) => `${i},`).join('\n')
    const late = file('late-text.csv', `id,note\n${blank}\n60,hello\n`)
    expect((await scanned(late, ['id'], 64, only(['id']))).kept).toBeDefined()
    expect((await scanned(late, ['id'], 64, only(['id', 'note']))).kept).toBeUndefined()
  })

  it('throws the errors of a file it cannot parse', async () => {
    const path = file('ragged.csv', `a,b\n${'1,2\n'.repeat(50)}3\n`)
    await expect(scanned(path, ['a'], 64)).rejects.toThrow(DataError)
    await expect(scanned(path, ['a'], 64)).rejects.toThrow(/line 52/)
  })
})
