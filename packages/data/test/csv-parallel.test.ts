import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  appendCsvRange,
  csvRangePart,
  csvRangeRows,
  fieldSpecs,
  sharedRows,
  type CsvRangeJob,
} from '../src/_csv-range.ts'
import { readRows, replaceBytes } from '../src/_csv-rows.ts'
import {
  countRecords,
  readCsvInParallel,
  readsInParallel,
  type CsvRangeHelper,
} from '../src/csv-parallel.ts'
import { readCsvRange } from '../src/csv-range-read.ts'
import { openRangeFile } from '../src/node-file-blocks.ts'
import { beginCsv, finishCsv, parseCsv } from '../src/csv.ts'
import { DataError, freeCores, occupyCores, type ReadOptions, type Table } from '../src/index.ts'
import { bytesOf, exactOr } from './_view.ts'

/**
 * Inputs with what makes joining two halves hard: ties, missing cells, quoted fields with
 * delimiters, quotes and line breaks, CRLF, a BOM, blank lines, text that repeats across the
 * halves, columns whose kind shows late, and columns of different kinds in each half.
 */
const INPUTS: Record<string, string> = {
  numbers: 'a,b,c\n1,2.5,-3\n1,,0.25\n2,2.5,\n\n3,-0.5,7\n3,2.5,8\n4,1e3,9\n',
  quoted:
    '\uFEFFname,note,n\r\n"Smith, J.","He said ""yes""",1\r\nLee,"line one\r\nline two",2\r\n,plain,3\r\n"Lee","a,b",4\r\nSmith,"",5\r\n',
  text: 'city,code,flag\nParis,75,true\nLyon,69,false\nParis,75,TRUE\nNice,06,false\nLyon,69,true\nParis,,\nOslo,1,false\n',
  lateKinds: 'x,y,z\n,,\n,,\n,1,\n,,true\n2,,\nb,3,false\n,4,\n',
  mixedHalves: 'id,v\n1,10\n2,11\n3,12\n4,13\nx5,yes\n6,true\n7,15\n',
  noFinalNewline: 'a,b\n1,x\n2,y\n3,"z\nw"\n4,y',
}

/** Each column's decimal key scale, null for one not kept as keys. */
const keyScales = (table: Table): (number | null)[] =>
  table.columns.map((c) => (c.type !== 'string' ? (c.decimal?.scale ?? null) : null))

/** The table the single-threaded reader gives. */
const whole = (text: string, options?: ReadOptions): Table =>
  parseCsv(bytesOf(text), 'test.csv', options)

/**
 * The rows before `split` read as usual, the rows after by `readCsvRange`, then appended.
 * `placement`: the part's rows in arrays of their own, or written in place into the shared
 * columns before, `gap` rows after the last row before the split (0 when counted right);
 * `posted`: the part cloned as a worker's message clones it, its shared memory under other
 * SharedArrayBuffer objects.
 */
function joined(
  text: string,
  split: number,
  options?: ReadOptions,
  placement: { readonly gap: number; readonly posted?: boolean } | 'own' = 'own',
) {
  const source = bytesOf(text)
  const bytes = new Uint8Array(source.length + 1)
  bytes.set(source)
  bytes[source.length] = 10
  const inPlace = placement !== 'own'
  // In place, room for every row at once: the shared arrays never grow.
  const read = beginCsv(bytes, 'test.csv', options, 44, () => (inPlace ? 64 : 4), inPlace)
  const { rows } = read
  if (split <= rows.pos) return null
  readRows(rows, split)
  if (rows.pos !== split) return null
  const at = inPlace ? rows.rowCount + placement.gap : -1
  const job: CsvRangeJob = {
    file: 'test.csv',
    size: source.length,
    start: split,
    blockBytes: 1,
    delimiter: 44,
    fields: fieldSpecs(rows.fields),
    missing: options?.missing,
    capacity: inPlace ? rows.capacity - at : 2,
    at,
    shared: rows.fields.map((f) => (inPlace ? sharedRows(f.values) : null)),
    keyed: rows.fields.map((f) => (f.keys ?? f.keyRoom) != null),
    sharedKeys: rows.fields.map((f) => (inPlace ? sharedRows(f.keys ?? f.keyRoom) : null)),
  }
  const partRows = csvRangeRows(job)
  // The whole input as the part's window, from offset 0.
  replaceBytes(partRows, bytes)
  partRows.base = 0
  partRows.pos = split
  readRows(partRows, bytes.length)
  const own = csvRangePart(partRows, job)
  const part = placement !== 'own' && placement.posted === true ? structuredClone(own) : own
  const appended = appendCsvRange(rows, part)
  if (!appended) readRows(rows, bytes.length)
  return { appended, inPlace: part.inPlace, table: finishCsv(read) }
}

describe('appendCsvRange', () => {
  it.each([
    ['in arrays of their own', 'own' as const],
    ['written in place', { gap: 0 }],
    ['written in place a few rows further on', { gap: 3 }],
  ])(
    'gives the single-threaded table at every record boundary of every input, rows %s',
    (_, placement) => {
      let appendedCount = 0
      let refusedCount = 0
      for (const [name, text] of Object.entries(INPUTS)) {
        const expected = whole(text)
        const bytes = bytesOf(text)
        for (let i = 0; i < bytes.length; i++) {
          if (bytes[i] !== 10) continue
          const result = joined(text, i + 1, undefined, placement)
          if (result == null) continue
          if (result.appended) appendedCount++
          else refusedCount++
          expect(exactOr(result.table), `${name}, split after byte ${i}`).toEqual(exactOr(expected))
        }
      }
      // Both ways are taken: the halves are joined where they can be and read again where not.
      expect(appendedCount).toBeGreaterThan(20)
      expect(refusedCount).toBeGreaterThan(0)
    },
  )

  it.each([
    ['in arrays of their own', 'own' as const],
    ['written in place', { gap: 0 }],
    ['written in place a few rows on, by another thread', { gap: 2, posted: true }],
  ])(
    'keeps decimal keys across the halves as the single-threaded reader does, rows %s',
    (_, placement) => {
      // Finer places on either side, a key too large or −0 on either side, a side all missing.
      const rows = Array.from({ length: 40 }, (_, i) => [
        i < 20 ? `${i}.5` : `${i}.25`,
        i < 20 ? `${i}.125` : `${i}`,
        i === 30 ? '2147483648' : `${i}`,
        i === 5 ? '-0' : `${i}.5`,
        i < 25 ? '' : `${i}.75`,
        i >= 25 ? '' : `-${i}.5`,
      ])
      const text = `a,b,c,d,e,f\n${rows.map((r) => r.join(',')).join('\n')}\n`
      const expected = whole(text)
      const bytes = bytesOf(text)
      let appended = 0
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 10) continue
        const result = joined(text, i + 1, undefined, placement)
        if (result == null) continue
        if (result.appended) appended++
        expect(exactOr(result.table), `split after byte ${i}`).toEqual(exactOr(expected))
        expect(keyScales(result.table), `split after byte ${i}`).toEqual(keyScales(expected))
      }
      expect(appended).toBeGreaterThan(30)
      expect(keyScales(expected)).toEqual([2, 3, null, null, 2, 1])
    },
  )

  it('leaves rows written in place where they are, in the memory of the columns before', () => {
    const text = INPUTS['text'] as string
    const result = joined(text, text.indexOf('Nice'), undefined, { gap: 0 })
    expect(result?.appended).toBe(true)
    // city is text (codes of its own), code and flag are numbers and booleans: in place.
    expect(result?.inPlace).toEqual([false, true, true])
    expect(exactOr(result?.table)).toEqual(exactOr(whole(text)))
  })

  it('moves keys another thread wrote in place up within the shared memory, copying none', () => {
    const text = INPUTS['numbers'] as string
    const sets = vi.spyOn(Int32Array.prototype, 'set')
    let result: ReturnType<typeof joined>
    let sources: unknown[]
    try {
      result = joined(text, text.indexOf('3,-0.5'), undefined, { gap: 2, posted: true })
      sources = sets.mock.calls.map(([source]) => source)
    } finally {
      sets.mockRestore()
    }
    // The halves' keys lie in one shared block, two rows apart: they move up (copyWithin). A copy
    // would be a `set` from the part's keys, which lie in shared memory.
    const fromShared = sources.filter(
      (source) => ArrayBuffer.isView(source) && source.buffer instanceof SharedArrayBuffer,
    )
    expect(fromShared).toEqual([])
    expect(result?.appended).toBe(true)
    expect(keyScales(result!.table)).toEqual([0, 1, 2])
    expect(exactOr(result?.table)).toEqual(exactOr(whole(text)))
  })

  it('keeps text codes in first-seen order across the halves', () => {
    const text = INPUTS['text'] as string
    const split = text.indexOf('Nice')
    const result = joined(text, split)
    expect(result?.appended).toBe(true)
    const city = result?.table.columns[0]
    expect(city?.type === 'string' && city.dictionary).toEqual(['Paris', 'Lyon', 'Nice', 'Oslo'])
  })

  it('refuses a column read as numbers before the split and as text after it', () => {
    const text = INPUTS['mixedHalves'] as string
    const result = joined(text, text.indexOf('x5'))
    expect(result?.appended).toBe(false)
    expect(exactOr(result?.table)).toEqual(exactOr(whole(text)))
  })

  it('honours forced types and the missing option in both halves', () => {
    const text = 'a,b\nNA,1\n2,NA\nNA,3\n4,5\n'
    const options: ReadOptions = { missing: ['NA'], types: { b: 'number' } }
    const result = joined(text, text.indexOf('NA,3'), options)
    expect(result?.appended).toBe(true)
    expect(exactOr(result?.table)).toEqual(exactOr(whole(text, options)))
  })
})

describe('readCsvInParallel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-parallel-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }

  it('reads every input as the single-threaded reader does, with small blocks', async () => {
    for (const [name, text] of Object.entries(INPUTS)) {
      const path = file(`${name}.csv`, text)
      const expected = parseCsv(bytesOf(text), path)
      for (const block of [8, 16, 32, 64]) {
        expect(
          exactOr(await readCsvInParallel(path, undefined, block)),
          `${name}, ${block}`,
        ).toEqual(exactOr(expected))
      }
    }
  })

  it('hands the rest to a helper once it is free, and reads alone when it never is', async () => {
    const lines = ['id,price,city,rate']
    for (let i = 0; i < 3000; i++) {
      lines.push(`${i},${i % 9 === 0 ? '' : (i * 1.25).toFixed(2)},c${i % 7},${(i % 13) / 8}`)
    }
    const text = `${lines.join('\n')}\n`
    const path = file('helped.csv', text)
    const expected = parseCsv(bytesOf(text), path)
    for (const [freeAfter, countFirst] of [
      [0, true],
      [1, false],
      [5, true],
      [10, false],
      [Infinity, true],
    ] as const) {
      let asked = 0
      const ranges: number[] = []
      const helper: CsvRangeHelper = {
        share: countFirst ? 0.5 : 0.4,
        countFirst,
        ready: () => ++asked > freeAfter,
        read: (job) => {
          ranges.push(job.start)
          return readCsvRange(job).then((part) => ({ part }))
        },
      }
      const table = await readCsvInParallel(path, undefined, 4096, helper)
      expect(exactOr(table), `free after ${freeAfter}`).toEqual(exactOr(expected))
      expect(keyScales(table!)).toEqual([0, 2, null, 3])
      // The helper reads half of what is left when it is free, the last part of the file.
      expect(ranges.length).toBe(freeAfter === Infinity ? 0 : 1)
      if (freeAfter === 1) expect(ranges[0]).toBeGreaterThan(text.length * 0.6)
    }
  })

  it('reads a larger file of many kinds the same way on two threads', async () => {
    const lines = ['id,score,city,flag,note']
    const cities = ['Paris', 'Lyon', 'Nice', 'Oslo', 'Bergen']
    for (let i = 0; i < 5000; i++) {
      const score = i % 7 === 0 ? '' : String((i % 13) * 0.5 - 2)
      const note = i % 11 === 0 ? `"a ""quoted"", note\nover two lines"` : `n${i % 17}`
      lines.push(`${i},${score},${cities[(i * 7) % 5]},${i % 3 === 0},${note}`)
    }
    const text = `${lines.join('\r\n')}\r\n`
    const path = file('large.csv', text)
    const table = await readCsvInParallel(path, undefined, 4096)
    expect(exactOr(table)).toEqual(exactOr(parseCsv(bytesOf(text), path)))
  })

  it('reports bad rows in the second half with their line, as the single-threaded reader', async () => {
    const text = `a,b\n${Array.from({ length: 200 }, (_, i) => `${i},${i}`).join('\n')}\n7\n1,2\n`
    const path = file('ragged.csv', text)
    let expected: unknown
    try {
      parseCsv(bytesOf(text), path)
    } catch (error) {
      expected = error
    }
    expect(expected).toBeInstanceOf(DataError)
    await expect(readCsvInParallel(path, undefined, 256)).rejects.toEqual(expected)
  })
})

describe('countRecords', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-count-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('counts the records of a range as parseCsv does, or says it cannot', async () => {
    const cases: [string, string, number][] = [
      ['plain', 'a,b\n1,2\n3,4\n5,6\n', 3],
      ['crlf', 'a,b\r\n1,2\r\n3,4\r\n', 2],
      ['lone CR in a cell', 'a,b\n1,\r\r\n3,4\n', 2],
      ['blank line', 'a,b\n1,2\n\n3,4\n', -1],
      ['blank CRLF line first', 'a,b\n\r\n1,2\n', -1],
      ['quote', 'a,b\n1,"x\ny"\n3,4\n', -1],
    ]
    for (const [name, text, want] of cases) {
      const path = join(dir, `${name}.csv`)
      writeFileSync(path, text)
      const from = text.indexOf('\n') + 1
      const file = await openRangeFile(path)
      try {
        for (const block of [1, 2, 3, 64]) {
          expect(await countRecords(file, from, text.length, block), `${name}, ${block}`).toBe(want)
        }
      } finally {
        await file.close()
      }
      if (want >= 0) expect(parseCsv(bytesOf(text), path).rowCount).toBe(want)
    }
  })
})

describe('readsInParallel', () => {
  it('takes files from the threshold on, unless MLGATE_THREADS is 1', () => {
    expect(readsInParallel(100, { MLGATE_THREADS: '2' }, 100)).toBe(true)
    expect(readsInParallel(99, { MLGATE_THREADS: '2' }, 100)).toBe(false)
    expect(readsInParallel(100, { MLGATE_THREADS: '1' }, 100)).toBe(false)
  })

  it('keeps to one thread while other work holds the cores, and takes two once it ends', () => {
    const env = { MLGATE_THREADS: '3' }
    expect(readsInParallel(100, env, 100)).toBe(true)
    const release = occupyCores(2)
    expect(freeCores(env)).toBe(1)
    expect(readsInParallel(100, env, 100)).toBe(false)
    release()
    release() // a second call releases nothing more
    expect(freeCores(env)).toBe(3)
    expect(readsInParallel(100, env, 100)).toBe(true)
  })
})
