import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readRows } from '../src/_csv-rows.ts'
import { beginWindowed, finishWindowed, openCsvWindow, parseWindowed } from '../src/_csv-window.ts'
import { readCsvFile } from '../src/csv-file.ts'
import { parseCsv } from '../src/csv.ts'
import { DataError, type ReadOptions, type Table } from '../src/index.ts'
import { openRangeFile } from '../src/node-file-blocks.ts'
import { bytesOf, exact, exactOr } from './_view.ts'

/**
 * A file read through a window of two small buffers (`_csv-window.ts`) must give the table, or
 * the error, that `parseCsv` gives on all of its bytes at once, wherever the blocks end: inside
 * a header, a quoted field, a CRLF or a number, with records longer than a block, and with
 * columns that turn to text late (whose earlier cells are read again from the whole file).
 */
const INPUTS: Record<string, string> = {
  numbers: 'a,b,c\n1,2.5,-3\n1,,0.25\n2,2.5,\n\n3,-0.5,7\n3,2.5,8\n4,1e3,9\n',
  quoted:
    '\uFEFFname,note,n\r\n"Smith, J.","He said ""yes""",1\r\nLee,"line one\r\nline two",2\r\n,plain,3\r\n"Lee","a,b",4\r\n',
  longHeader: `${Array.from({ length: 30 }, (_, i) => `column_number_${i}`).join(',')}\n${Array.from({ length: 30 }, (_, i) => i).join(',')}\n`,
  longRecord: `id,text\n1,"${'x'.repeat(300)}"\n2,short\n3,"${'y,'.repeat(200)}"\n`,
  lateText: `id,code\n${Array.from({ length: 60 }, (_, i) => `${i},${i * 3}`).join('\n')}\n60,A7\n61,9\n`,
  lateKinds: 'x,y,z\n,,\n,,\n,1,\n,,true\n2,,\nb,3,false\n,4,\n',
  blankLinesFirst: '\n\r\n\na,b\n1,2\n\n\n3,4\n',
  noFinalNewline: 'a,b\n1,x\n2,y\n3,"z\nw"\n4,y',
  headerOnly: 'a,b,c\n',
  headerWithoutNewline: 'a,b,c',
}

/** The table parseCsv gives, or the error it throws. */
function expected(text: string, path: string, options?: ReadOptions): Table | DataError {
  try {
    return parseCsv(bytesOf(text), path, options)
  } catch (error) {
    if (error instanceof DataError) return error
    throw error
  }
}

async function outcome(path: string, block: number, options?: ReadOptions) {
  return readCsvFile(path, options, { blockBytes: block }).catch((error: unknown) => {
    if (error instanceof DataError) return error
    throw error
  })
}

describe('readCsvFile through a window of small blocks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-window-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }

  it('gives parseCsv’s table for every input, whatever the block size', async () => {
    for (const [name, text] of Object.entries(INPUTS)) {
      const path = file(`${name}.csv`, text)
      const want = expected(text, path)
      expect(want, name).not.toBeInstanceOf(DataError)
      for (const block of [1, 2, 3, 5, 8, 13, 64, 1024]) {
        expect(exactOr(await outcome(path, block)), `${name}, block ${block}`).toEqual(
          exactOr(want),
        )
      }
    }
  })

  it('gives parseCsv’s table with forced types and missing texts', async () => {
    const text = 'a,b,c\nNA,1,x\n2,NA,y\nNA,3,NA\n4,5,z\n'
    const options: ReadOptions = { missing: ['NA'], types: { b: 'number', c: 'string' } }
    const path = file('options.csv', text)
    for (const block of [1, 4, 7, 64]) {
      expect(exactOr(await outcome(path, block, options)), `block ${block}`).toEqual(
        exactOr(expected(text, path, options)),
      )
    }
  })

  it('gives parseCsv’s errors, with the same line numbers, wherever the blocks end', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},"note ${i}"`).join('\n')
    const bad: Record<string, string> = {
      ragged: `a,b\n${rows}\n7\n1,2\n`,
      unclosedQuote: `a,b\n${rows}\n1,"never closed\n2,3\n`,
      textAfterQuote: `a,b\n${rows}\n1,"ok"x\n`,
      empty: '',
      blankOnly: '\n\n\r\n',
    }
    for (const [name, text] of Object.entries(bad)) {
      const path = file(`${name}.csv`, text)
      const want = expected(text, path)
      expect(want, name).toBeInstanceOf(DataError)
      for (const block of [1, 3, 16, 4096]) {
        expect(exactOr(await outcome(path, block)), `${name}, block ${block}`).toEqual(
          exactOr(want),
        )
      }
    }
  })

  it('reads every block into one of its two buffers, whatever the records it cuts', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => `${i},${'x'.repeat(i % 37)}`)
    const text = `id,text\n${records.join('\n')}\n`
    const path = file('many-blocks.csv', text)
    const range = await openRangeFile(path)
    try {
      const window = await openCsvWindow(range, 512)
      const read = await beginWindowed(window, path, undefined, 44)
      const buffers = new Set<Uint8Array>()
      await parseWindowed(window, read.rows, range.size, range.size, (end) => {
        buffers.add(window.current)
        readRows(read.rows, end)
      })
      // Over a hundred blocks, each cutting a record: only the first swap may need a larger one.
      expect(range.size / 512).toBeGreaterThan(100)
      expect(buffers.size).toBeLessThanOrEqual(3)
      expect(exact(await finishWindowed(read, range))).toEqual(exactOr(expected(text, path)))
    } finally {
      await range.close()
    }
  })
})
