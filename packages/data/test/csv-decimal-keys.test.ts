import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { useDecimalKeys } from '../src/_csv-keys.ts'
import { csvKernelRows } from '../src/_csv-kernel.ts'
import { readCsvFile } from '../src/csv-file.ts'
import { parseCsv } from '../src/csv.ts'
import { decimalColumn, postedColumn, receivedColumn } from '../src/decimal-column.ts'
import type { NumberColumn, Table } from '../src/table.ts'
import { random } from './_random.ts'
import { bytesOf, exact } from './_view.ts'

// Number columns kept as decimal keys against the same file read into doubles throughout: the
// same values, bit for bit (−0 and NaN included), the same types and missing cells, whatever
// makes a column leave its keys on the way.

afterEach(() => {
  useDecimalKeys(true)
})

function read(text: string, keys: boolean): Table {
  useDecimalKeys(keys)
  return parseCsv(bytesOf(text), 'keys.csv')
}

/** Names of the columns that kept keys; checks the tables agree. */
function keptKeys(text: string): string[] {
  const doubles = read(text, false)
  expect(doubles.columns.some((c) => c.type !== 'string' && c.decimal !== undefined)).toBe(false)
  const keyed = read(text, true)
  expect(exact(keyed)).toEqual(exact(doubles))
  return keyed.columns.filter((c) => c.type !== 'string' && c.decimal).map((c) => c.name)
}

/** A CSV of `rows` rows whose column `name` has cell `cell(i)` in row i. */
function csv(rows: number, columns: Record<string, (i: number) => string>): string {
  const names = Object.keys(columns)
  const lines = [names.join(',')]
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => columns[n]!(i)).join(','))
  return `${lines.join('\n')}\n`
}

describe('decimal keys in the CSV reader', () => {
  it('keeps plain decimals, integers and missing cells as keys, read by the kernel', () => {
    const next = random(7)
    const text = csv(20_000, {
      price: (i) => (i % 13 === 0 ? '' : (next() * 2000 - 1000).toFixed(2)),
      count: () => String(Math.floor(next() * 1e6) - 500_000),
      rate: (i) => (i % 29 === 0 ? '' : (next() * 10).toFixed(4)),
      city: (i) => ['Oslo', 'Lima', 'Pune'][i % 3]!,
    })
    const before = csvKernelRows()
    expect(keptKeys(text)).toEqual(['price', 'count', 'rate'])
    expect(csvKernelRows() - before).toBeGreaterThan(19_000)
    const price = read(text, true).columns[0] as NumberColumn
    expect(price.decimal?.scale).toBe(2)
    expect(price.nullCount).toBe(Math.ceil(20_000 / 13))
  })

  it('keeps keys for the columns asked for, in their order', () => {
    const text = csv(5000, {
      a: (i) => `${i}.5`,
      b: (i) => `${i % 7}`,
      c: (i) => (i % 9 === 0 ? '' : `-${i}.25`),
    })
    const options = { columns: ['c', 'a'] }
    useDecimalKeys(false)
    const doubles = parseCsv(bytesOf(text), 'keys.csv', options)
    useDecimalKeys(true)
    const keyed = parseCsv(bytesOf(text), 'keys.csv', options)
    expect(exact(keyed)).toEqual(exact(doubles))
    expect(keyed.columns.map((c) => [c.name, c.type !== 'string' && c.decimal?.scale])).toEqual([
      ['c', 2],
      ['a', 1],
    ])
  })

  it('moves to a finer scale as values need more places, in and across blocks', () => {
    // 1, then 1.5 at row 3000, 1.25 at 9000, 1.125 at 15000: keys are scaled up each time.
    const text = csv(20_000, {
      x: (i) => (i < 3000 ? `${i}` : i < 9000 ? `${i}.5` : i < 15_000 ? `${i}.25` : `${i}.125`),
      y: (i) => (i === 4100 ? '0.000000001' : `${i % 2}`),
    })
    expect(keptKeys(text)).toEqual(['x', 'y'])
    const [x, y] = read(text, true).columns as NumberColumn[]
    expect(x?.decimal?.scale).toBe(3)
    expect(y?.decimal?.scale).toBe(9)
  })

  it('leaves keys for values a key cannot hold, and the values stay exact', () => {
    const text = csv(12_000, {
      negZero: (i) => (i === 7000 ? '-0.0' : `${i % 5}.5`),
      wide: (i) => (i === 8000 ? '2147483648' : `${i}`),
      places: (i) => (i === 9000 ? '0.1234567891' : `${i}.1`),
      // 2^31 − 1 fits at scale 0 but not once the column needs one place more.
      rescaled: (i) => (i === 100 ? '2147483647' : i === 10_000 ? '0.5' : `${i}`),
      kept: (i) => `-${i}.75`,
      // Empty cells before the cell that ends keys: NaN again among the rows written out.
      holed: (i) => (i % 13 === 0 ? '' : i === 8000 ? '9999999999.5' : `-${i}.5`),
      holedRescaled: (i) =>
        i % 11 === 0 ? '' : i === 100 ? '2147483647' : i === 10_000 ? '0.5' : `${i}`,
    })
    expect(keptKeys(text)).toEqual(['kept'])
    const table = read(text, true)
    const negZero = table.columns[0] as NumberColumn
    expect(Object.is(negZero.values[7000], -0)).toBe(true)
  })

  it('keeps keys through records the JavaScript loop reads, and drops them for text', () => {
    const text = csv(9000, {
      // Quoted cells send their records to the JavaScript loop, which writes doubles.
      quoted: (i) => (i % 1000 === 500 ? `"${i}.5"` : `${i}.5`),
      note: (i) => (i % 1500 === 7 ? '"a, b"' : 'n'),
      exponent: (i) => (i === 4000 ? '1e3' : `${i}`),
      becomesText: (i) => (i === 6000 ? 'n/a' : `${i}.25`),
      nan: (i) => (i === 5000 ? 'NaN' : `${i}`),
    })
    expect(keptKeys(text)).toEqual(['quoted', 'exponent'])
  })

  it('keeps the first rows, which the JavaScript loop reads, as keys or exact doubles', () => {
    // Rows 0–63 are read before the columns' kinds are known (staged, then keys); what they hold
    // decides what each column keeps.
    const text = csv(3000, {
      early: (i) => `${i % 40}.${i % 7}`,
      emptyAtFirst: (i) => (i < 100 ? '' : `${i}.5`),
      negZeroAtFirst: (i) => (i === 3 ? '-0' : `${i}`),
      tooFineAtFirst: (i) => (i === 10 ? '0.0000000001' : `${i}.5`),
      textAtFirst: (i) => (i === 20 ? 'x' : `${i}`),
      flag: (i) => (i % 2 === 0 ? 'true' : 'false'),
    })
    expect(keptKeys(text)).toEqual(['early', 'emptyAtFirst'])
    const table = read(text, true)
    expect(Object.is((table.columns[2] as NumberColumn).values[3], -0)).toBe(true)
    expect((table.columns[3] as NumberColumn).values[10]).toBe(1e-10)
    expect(table.columns[4]?.type).toBe('string')
    // A file of fewer rows than one call of the JavaScript loop keeps keys too.
    expect(keptKeys('a,b\n1.5,2\n,3\n')).toEqual(['a', 'b'])
  })

  it('reads a file through small blocks with the same keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-keys-'))
    try {
      const next = random(11)
      const text = csv(30_000, {
        a: (i) => (i % 17 === 0 ? '' : (next() * 100).toFixed(3)),
        b: (i) => (i === 20_000 ? '1.5' : `${i}`),
      })
      const path = join(dir, 'blocks.csv')
      writeFileSync(path, text)
      const doubles = read(text, false)
      for (const block of [4096, 65_536]) {
        useDecimalKeys(true)
        const keyed = await readCsvFile(path, undefined, { blockBytes: block })
        expect(exact(keyed), `block ${block}`).toEqual(exact(doubles))
        expect(keyed.columns.every((c) => c.type !== 'string' && c.decimal)).toBe(true)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('decimal columns', () => {
  const column = decimalColumn({
    name: 'x',
    type: 'number',
    decimal: { keys: Int32Array.of(125, -3, 0, 7), scale: 2 },
    missing: Uint8Array.of(0, 0, 1, 0),
    nullCount: 1,
  })

  it('computes its values once, NaN where missing', () => {
    expect(Array.from(column.values)).toEqual([1.25, -0.03, NaN, 0.07])
    expect(column.values).toBe(column.values)
  })

  it('crosses to another thread as keys and is whole again there', () => {
    const posted = postedColumn(column)
    expect(Object.keys(posted).sort()).toEqual(['decimal', 'missing', 'name', 'nullCount', 'type'])
    const received = receivedColumn(structuredClone(posted) as NumberColumn)
    expect(Array.from(received.values)).toEqual([1.25, -0.03, NaN, 0.07])
    expect(received.decimal?.scale).toBe(2)
    // A column of doubles, or one already whole, is left as it is.
    expect(receivedColumn(column)).toBe(column)
  })
})
