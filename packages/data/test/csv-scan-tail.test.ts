import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCsvRange } from '../src/csv-range-read.ts'
import type { CsvRangeReply } from '../src/csv-parallel.ts'
import { planCsvTail, readTable, scanCsv, type CsvTailPlan, type Table } from '../src/index.ts'
import { random } from './_random.ts'
import { cellsOf, exact, type Cell } from './_view.ts'

/**
 * A scan whose last part another thread reads (`planCsvTail`, `scanCsv`'s `tail`) must give what
 * a read of the whole file gives, or give up (undefined) where it cannot be sure: never other
 * rows. The tail is read here on this thread, by the worker's own code.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-tail-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Numbers with ties and gaps, quoted text with commas, quotes and line breaks. */
function mixedRows(seed: number, count: number): string {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const lines = ['id,x,flag,city,label']
  for (let i = 0; i < count; i++) {
    const x = next() < 0.1 ? '' : pick(['1.5', '-3', '0', (next() * 200 - 100).toFixed(3)])
    const flag = next() < 0.1 ? '' : pick(['true', 'false'])
    const city = next() < 0.1 ? '' : pick(['Lyon', '"Paris, FR"', '"New\nYork"', '"a ""b"""'])
    lines.push(`${i},${x},${flag},${city},${next() < 0.3 ? 1 : 0}`)
  }
  return `${lines.join('\n')}\n`
}

/** Scans `path` with the tail of `plan` read by `reply`: the kept columns and every cell. */
async function scanWithTail(
  path: string,
  plan: CsvTailPlan,
  keep: readonly string[],
  reply: Promise<CsvRangeReply>,
  select?: (header: readonly string[]) => readonly string[],
) {
  const cells: Record<string, Cell[]> = {}
  const kept = await scanCsv(
    path,
    keep,
    (chunk) => {
      for (const column of chunk.columns) (cells[column.name] ??= []).push(...cellsOf(column))
      return Promise.resolve()
    },
    {
      blockBytes: 256,
      tail: { split: plan.split, size: plan.size, part: reply },
      ...(select ? { select } : {}),
    },
  )
  return { kept, cells }
}

/** The tail's rows, or its reader's error as a worker posts it back. */
const readTail = (plan: CsvTailPlan): Promise<CsvRangeReply> =>
  readCsvRange(plan.job).then(
    (part) => ({ part }),
    (error: Error) => ({ error: error.message, input: error.name === 'DataError' }),
  )

function columnsNamed(table: Table, names: readonly string[]): Table {
  const columns = names.map((name) => table.columns.find((c) => c.name === name)!)
  return { source: table.source, rowCount: table.rowCount, columns }
}

describe('scanCsv with a tail read by another thread', () => {
  it('gives the rows of a whole read, or gives up, wherever the split falls', async () => {
    const path = file('mixed.csv', mixedRows(3, 600))
    const whole = await readTable(path)
    const wholeCells = Object.fromEntries(whole.columns.map((c) => [c.name, cellsOf(c)]))
    const keep = ['label', 'city', 'x']
    let used = 0
    let refused = 0
    for (let share = 0.02; share < 0.98; share += 0.01) {
      const plan = await planCsvTail(path, { share, blockBytes: 256 })
      if (plan === undefined) continue
      const { kept, cells } = await scanWithTail(path, plan, keep, readTail(plan))
      if (kept === undefined) {
        refused++
        continue
      }
      used++
      expect(exact(kept), `share ${share}`).toEqual(exact(columnsNamed(whole, keep)))
      expect(cells, `share ${share}`).toEqual(wholeCells)
    }
    // Most splits fall between records; some fall inside a quoted line break.
    expect(used).toBeGreaterThan(60)
    expect(refused).toBeGreaterThan(0)
  })

  it('gives up when the split falls just after a quoted line break', async () => {
    const text = `id,city\n${'1,Lyon\n'.repeat(40)}2,"New\nYork"\n${'3,Oslo\n'.repeat(40)}`
    const path = file('quoted.csv', text)
    const inside = text.indexOf('New\n') + 1
    const plan = await planCsvTail(path, { share: 1 - inside / text.length, blockBytes: 256 })
    expect(plan?.split).toBe(text.indexOf('York'))
    const { kept } = await scanWithTail(path, plan!, ['city'], readTail(plan!))
    expect(kept).toBeUndefined()
  })

  it('decodes only the planned columns and takes the scan selected ones from them', async () => {
    const path = file('selected.csv', mixedRows(5, 400))
    const whole = await readTable(path)
    const names = ['x', 'label']
    const plan = await planCsvTail(path, { share: 0.4, columns: new Set(names), blockBytes: 256 })
    expect(plan!.job.fields.map((f) => f.skip)).toEqual([true, false, true, true, false])
    const only = (header: readonly string[]) => header.filter((n) => names.includes(n))
    const { kept, cells } = await scanWithTail(path, plan!, ['label'], readTail(plan!), only)
    expect(exact(kept!)).toEqual(exact(columnsNamed(whole, ['label'])))
    expect(cells).toEqual({ x: cellsOf(whole.columns[1]!), label: cellsOf(whole.columns[4]!) })
    // A scan that reads a column the tail did not decode gives up.
    const more = (header: readonly string[]) => header.filter((n) => n !== 'city')
    expect((await scanWithTail(path, plan!, ['label'], readTail(plan!), more)).kept).toBeUndefined()
  })

  it('gives up when the tail failed, met bad input or types a column otherwise', async () => {
    const path = file('plain.csv', mixedRows(9, 300))
    const plan = (await planCsvTail(path, { share: 0.3, blockBytes: 256 }))!
    const failed = Promise.resolve({ error: 'it stopped', input: false })
    expect((await scanWithTail(path, plan, ['label'], failed)).kept).toBeUndefined()
    // Text where the rows before the split hold numbers.
    const numbers = Array.from({ length: 80 }, (_, i) => `${i},${i}`).join('\n')
    const late = file('late-text.csv', `id,code\n${numbers}\n80,A7\n81,9\n`)
    const latePlan = (await planCsvTail(late, { share: 0.05, blockBytes: 256 }))!
    expect((await scanWithTail(late, latePlan, ['id'], readTail(latePlan))).kept).toBeUndefined()
    // A ragged row in the tail: the tail's reader refuses it, the scan gives up.
    const ragged = file('ragged.csv', `a,b\n${'1,2\n'.repeat(80)}3\n`)
    const raggedPlan = (await planCsvTail(ragged, { share: 0.1, blockBytes: 256 }))!
    const reply = readTail(raggedPlan)
    expect(await reply).toMatchObject({ input: true })
    expect((await scanWithTail(ragged, raggedPlan, ['a'], reply)).kept).toBeUndefined()
  })

  it('takes no more than `maxBytes` from the end, whatever the share', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${i},${(i * 0.37).toFixed(2)},${i % 2}`)
    const path = file('capped.csv', `id,x,label\n${rows.join('\n')}\n`)
    const plan = (await planCsvTail(path, { share: 0.5, maxBytes: 500, blockBytes: 256 }))!
    expect(plan.size - plan.split).toBeLessThanOrEqual(500)
    expect(plan.size - plan.split).toBeGreaterThan(400)
    const { kept } = await scanWithTail(path, plan, ['label'], readTail(plan))
    expect(exact(kept!)).toEqual(exact(columnsNamed(await readTable(path), ['label'])))
  })

  it('plans nothing for a file without a line break after the point or a header', async () => {
    expect(
      await planCsvTail(file('one.csv', 'a,b\n1,2'), { share: 0.2, blockBytes: 256 }),
    ).toBeUndefined()
    expect(
      await planCsvTail(file('head.csv', 'a,b'), { share: 0.5, blockBytes: 256 }),
    ).toBeUndefined()
    expect(await planCsvTail(join(dir, 'missing.csv'), { share: 0.5 })).toBeUndefined()
  })
})
