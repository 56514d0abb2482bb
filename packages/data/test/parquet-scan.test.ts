import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTable, scanParquet, writeParquet, type Table } from '../src/index.ts'
import { random } from './_random.ts'
import { cellsOf, exact, fixture, type Cell } from './_view.ts'

/**
 * `scanParquet` hands a file's row groups to its callback and keeps some columns whole: the kept
 * columns must be exactly what `readTable` gives, the chunks must hold every row's cells in
 * order, and a file mlgate's decoder does not read is left to the whole read.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-parquet-scan-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A table of numbers, integers with gaps, booleans and text, written in row groups of `group`. */
async function written(name: string, rows: number, group: number): Promise<string> {
  const next = random(rows)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const lines = ['id,x,flag,city,label']
  for (let i = 0; i < rows; i++) {
    const x = next() < 0.1 ? '' : (next() * 200 - 100).toFixed(pick([0, 2, 5]))
    const flag = next() < 0.1 ? '' : pick(['true', 'false'])
    const city = next() < 0.1 ? '' : pick(['Lyon', '"Paris, FR"', 'Oslo', 'Kraków'])
    lines.push(`${i},${x},${flag},${city},${next() < 0.3 ? 1 : 0}`)
  }
  const csv = join(dir, `${name}.csv`)
  writeFileSync(csv, `${lines.join('\n')}\n`)
  const path = join(dir, `${name}.parquet`)
  await writeParquet(await readTable(csv), path, { rowGroupSize: group })
  return path
}

/** Every column's cells across the chunks, copied as each chunk is handed over. */
async function scanned(path: string, keep: readonly string[], minRows: number) {
  const cells: Record<string, Cell[]> = {}
  const rows: number[] = []
  const arrays = new Set<ArrayBufferLike>()
  const kept = await scanParquet(
    path,
    keep,
    async (chunk) => {
      rows.push(chunk.rowCount)
      for (const column of chunk.columns) {
        ;(cells[column.name] ??= []).push(...cellsOf(column))
        if (column.type !== 'string') arrays.add(column.values.buffer)
      }
      return Promise.resolve()
    },
    { minRows },
  )
  return { kept, cells, rows, arrays }
}

function columnsNamed(table: Table, names: readonly string[]): Table {
  const columns = names.map((name) => table.columns.find((c) => c.name === name)!)
  return { source: table.source, rowCount: table.rowCount, columns }
}

describe('scanParquet', () => {
  it('keeps columns exactly as readTable gives them and hands over every row in order', async () => {
    const path = await written('mixed', 9000, 2048)
    const whole = await readTable(path)
    for (const minRows of [1, 3000, 100_000]) {
      const { kept, cells, rows } = await scanned(path, ['label', 'city'], minRows)
      expect(exact(kept!)).toEqual(exact(columnsNamed(whole, ['label', 'city'])))
      for (const column of whole.columns) expect(cells[column.name]).toEqual(cellsOf(column))
      // Row groups of 2048 rows, joined until a chunk holds `minRows`.
      expect(rows).toEqual(
        minRows === 1
          ? [2048, 2048, 2048, 2048, 808]
          : minRows === 3000
            ? [4096, 4096, 808]
            : [9000],
      )
    }
  })

  it('writes each chunk into the number arrays of the one before', async () => {
    const path = await written('reuse', 6144, 2048)
    const { rows, arrays } = await scanned(path, [], 1)
    expect(rows).toEqual([2048, 2048, 2048])
    // id, x, flag and label: one array each for all three chunks.
    expect(arrays.size).toBe(4)
  })

  it('leaves files the decoder does not read, and keeps that a file lacks, to the whole read', async () => {
    const path = await written('small', 100, 2048)
    expect((await scanned(path, ['nope'], 1)).kept).toBeUndefined()
    // types.parquet holds dates and decimals, which DuckDB reads.
    expect((await scanned(fixture('types.parquet'), [], 1)).kept).toBeUndefined()
    const text = join(dir, 'text.parquet')
    copyFileSync(fixture('mixed.csv'), text)
    expect((await scanned(text, [], 1)).kept).toBeUndefined()
  })

  it('gives the callback’s errors to the caller', async () => {
    const path = await written('throws', 3000, 2048)
    const failing = scanParquet(path, [], () => Promise.reject(new Error('scoring failed')))
    await expect(failing).rejects.toThrow('scoring failed')
  })
})
