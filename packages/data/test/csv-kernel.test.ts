import { afterEach, describe, expect, it } from 'vitest'
import {
  csvKernelRows,
  DECLINED_ROWS,
  KERNEL_MAX_FIELDS,
  useCsvKernel,
} from '../src/_csv-kernel.ts'
import { parseCsv } from '../src/csv.ts'
import type { ReadOptions } from '../src/read-options.ts'
import type { Table } from '../src/table.ts'
import { bytesOf, exact } from './_view.ts'
import { random } from './_random.ts'

// The WebAssembly row loop (wasm/csv-rows.c) against the JavaScript one, table for table: the
// kernel takes plain records and hands back any record it cannot read whole, so every case here
// mixes what it takes with what it leaves. csv-reference.test.ts checks both against Number().

afterEach(() => {
  useCsvKernel(true)
})

/** The table and the error of one loop; `kernelRows` says how many rows the kernel read. */
function readWith(kernel: boolean, text: string, options?: ReadOptions) {
  useCsvKernel(kernel)
  const before = csvKernelRows()
  let table: Table | null = null
  let error: string | null = null
  try {
    table = parseCsv(bytesOf(text), 'k.csv', options)
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown)
  }
  return { table: table && exact(table), error, kernelRows: csvKernelRows() - before }
}

/** Both loops give the same table (or the same error); returns the rows the kernel read. */
function agree(text: string, options?: ReadOptions): number {
  const js = readWith(false, text, options)
  const wasm = readWith(true, text, options)
  expect(js.kernelRows).toBe(0)
  expect(wasm.error).toBe(js.error)
  expect(wasm.table).toEqual(js.table)
  return wasm.kernelRows
}

describe('the WebAssembly row loop against the JavaScript one', () => {
  it('reads plain records itself: numbers, text, missing cells, CRLF and blank lines', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const n = i % 17 === 0 ? '' : `${i % 2 ? '-' : ''}${i}.${i % 100}`
      const city = i % 23 === 0 ? '' : ['Oslo', 'Lima', 'Pune', 'Ōsaka'][i % 4]
      return `${i},${n},${city},${i % 5}` + (i % 7 === 0 ? '\r\n' : '\n') + (i % 50 ? '' : '\n')
    })
    // The JavaScript loop reads the first rows, while the columns' kinds are not yet known.
    expect(agree(`id,x,city,k\n${rows.join('')}`)).toBeGreaterThan(2900)
  })

  it('hands quoted cells, exponents, booleans and unknown columns to the JavaScript loop', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const x = i % 97 === 0 ? '1e3' : i % 89 === 0 ? `"${i}.5"` : `${i}.25`
      const note = i % 61 === 0 ? '"a, ""b""\nc"' : `n${i % 9}`
      const late = i < 700 ? '' : `${i}`
      return `${x},${note},${i % 3 === 0 ? 'true' : 'false'},${late}`
    })
    // Booleans stay with the JavaScript loop.
    expect(agree(`x,note,flag,late\n${rows.join('\n')}\n`)).toBe(0)
    const withoutFlags = rows.map((r) => r.replace(/,(true|false),/, ','))
    expect(agree(`x,note,late\n${withoutFlags.join('\n')}\n`)).toBeGreaterThan(300)
  })

  it('agrees on numbers at and past the limits of its exact path', () => {
    const texts = [
      ...['0', '-0', '0.0', '-0.0', '007', '.5', '5.', '-.5', '-5.', '4.35', '2.675', '-1234.5678'],
      ...['9007199254740991', '9007199254740992', '9007199254740993', '900719925474099.1'],
      ...['1234567890123456789', '12345678901234567890', '0.0000000000000000000001'],
      ...['0.00000000000000000000001', '1.00000000000000011102230246251565404236316680908203125'],
      ...['+1', '.', '-', '--1', '1.2.3', '1,5', ' 1', '1 ', 'NaN', '0x10'],
    ]
    for (const text of texts) {
      // Past the first rows (which the JavaScript loop reads while it learns the kinds), and
      // once the column has a fraction, so that it stays a number column either way.
      const rows = Array.from({ length: 300 }, (_, i) => `${i},${i === 250 ? text : `${i}.5`}`)
      expect(agree(`a,b\n${rows.join('\n')}\n`), text).toBeGreaterThan(100)
    }
  })

  it('keeps first-seen order when the text values outgrow its own table', () => {
    // Past 256 values, or 4 KB of them, a column's new values reach the JavaScript loop's
    // dictionary straight from the cells, interleaved with the values the kernel remembers.
    const next = random(11)
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const id = `user-${Math.floor(next() * 5000)}`
      const long = `${'v'.repeat(Math.floor(next() * 90))}${i % 40}`
      return `${id},${long},${['a', 'b', 'c'][i % 3]},${i}`
    })
    expect(agree(`id,long,cat,n\n${rows.join('\n')}\n`)).toBeGreaterThan(19_900)
  })

  it('reads records cut by the end of its 1 MB input from the next input', () => {
    // Rows of varying length over 3 MB: every chunk boundary falls somewhere inside a record.
    const next = random(5)
    const rows = Array.from({ length: 60_000 }, (_, i) => {
      const word = 'w'.repeat(Math.floor(next() * 80))
      return `${(next() * 1e6).toFixed(Math.floor(next() * 6))},${word},${i}`
    })
    const text = `x,word,i\n${rows.join('\n')}\n`
    expect(text.length).toBeGreaterThan(3 << 20)
    expect(agree(text)).toBeGreaterThan(59_900)
  })

  it('forgets what it read of a record cut short, wherever the cut falls', () => {
    // The kernel's first input starts at a record and ends 2^20 bytes later. With records of
    // `width + 5` bytes the cut falls at a different byte of a record for each width; at 5 it
    // falls at the start of the number cell b, which, cut, looks empty.
    for (let width = 3; width <= 8; width++) {
      const low = 10 ** (width - 1)
      const rows = Array.from(
        { length: 150_000 },
        (_, i) => `${low + (i % low)},${100 + (i % 900)}`,
      )
      const text = `a,b\n${rows.join('\n')}\n`
      expect(text.length).toBeGreaterThan(1 << 20)
      expect(agree(text)).toBeGreaterThan(149_000)
    }
  })

  it('leaves records longer than its input to the JavaScript loop', () => {
    const long = 'z'.repeat((1 << 20) + 100)
    const rows = ['1,a', `2,${long}`, '3,b', ...Array.from({ length: 500 }, (_, i) => `${i},c`)]
    expect(agree(`n,s\n${rows.join('\n')}\n`)).toBeGreaterThan(400)
  })

  it('tells whole-number columns from the rest, and gives the same errors and lines', () => {
    const whole = Array.from({ length: 500 }, (_, i) => `${i}.0,${i}.${i % 10}`)
    agree(`a,b\n${whole.join('\n')}\n`)
    // The first fraction comes after the rows the JavaScript loop reads first.
    const late = Array.from({ length: 500 }, (_, i) => `${i},${i === 400 ? '2.5' : i}`)
    expect(agree(`a,b\n${late.join('\n')}\n`)).toBeGreaterThan(300)
    const integers = Array.from({ length: 500 }, (_, i) => `${i},${i === 400 ? '3.5' : i}`)
    agree(`a,b\n${integers.join('\n')}\n`, { types: { b: 'integer' } })
    const ragged = Array.from({ length: 500 }, (_, i) => (i === 300 ? `${i}` : `${i},${i}`))
    agree(`a,b\n${ragged.join('\n')}\n`)
    const extra = Array.from({ length: 500 }, (_, i) => (i === 300 ? `${i},1,2` : `${i},${i}`))
    agree(`a,b\n${extra.join('\n')}\n`)
    const loneCr = Array.from({ length: 500 }, (_, i) => `${i},t${i % 3 === 0 ? '\r' : ''}x`)
    agree(`a,b\n${loneCr.join('\n')}\n`)
  })

  it('gives the same table or the same error on random bytes of CSV syntax', () => {
    // Mostly well-formed rows, then bytes drawn from the characters that matter to both loops:
    // digits, signs, points, the delimiter, quotes, CR, LF, letters and a two-byte character.
    const alphabet = ['0', '1', '7', '9', '.', '-', '+', ',', '"', '\r', '\n', 'e', 'x', 'é', ' ']
    const next = random(99)
    let kernelRows = 0
    for (let file = 0; file < 200; file++) {
      const plain = Array.from({ length: 150 }, (_, i) => `${i},${(i * 0.37).toFixed(2)},c${i % 3}`)
      let tail = ''
      const length = Math.floor(next() * 60)
      for (let i = 0; i < length; i++) tail += alphabet[Math.floor(next() * alphabet.length)]
      const at = Math.floor(next() * plain.length)
      plain.splice(at, 0, `${at},${tail}`)
      kernelRows += agree(`a,b,c\n${plain.join('\n')}\n`)
    }
    // Many files end in an error at the random row; the kernel reads the rows before it.
    expect(kernelRows).toBeGreaterThan(2000)
  })

  it('reads files of up to KERNEL_MAX_FIELDS fields, and leaves wider ones to the JavaScript loop', () => {
    const file = (fields: number) => {
      const header = Array.from({ length: fields }, (_, c) => `c${c}`).join(',')
      const rows = Array.from({ length: 100 }, (_, r) =>
        Array.from({ length: fields }, (_, c) => (c % 3 === 0 ? `t${(r + c) % 5}` : `${r}.${c}`)),
      )
      return `${header}\n${rows.map((row) => row.join(',')).join('\n')}\n`
    }
    // The JavaScript loop reads the first rows, while the columns' kinds are not yet known.
    expect(agree(file(KERNEL_MAX_FIELDS))).toBe(100 - DECLINED_ROWS)
    expect(agree(file(KERNEL_MAX_FIELDS + 1))).toBe(0)
  })

  it('agrees on seeded random files of every kind of cell, with options', () => {
    const next = random(20261127)
    const cell = (): string => {
      const k = next()
      if (k < 0.05) return ''
      if (k < 0.5) return (next() * 2000 - 1000).toFixed(Math.floor(next() * 5))
      if (k < 0.55) return `"${(next() * 10).toFixed(2)}"`
      if (k < 0.6) return 'NA'
      if (k < 0.9) return ['red', 'green', 'blue', 'Ünïcode'][Math.floor(next() * 4)] as string
      return `${Math.floor(next() * 1e12)}`
    }
    for (let file = 0; file < 6; file++) {
      const columns = 2 + Math.floor(next() * 8)
      const rows = Array.from({ length: 3000 }, () => Array.from({ length: columns }, cell))
      // Each column keeps to one kind now and then, so that number columns stay numbers.
      for (let c = 0; c < columns; c += 2) {
        for (const row of rows) if (row[c] !== '') row[c] = `${Math.floor(next() * 100) / 4}`
      }
      const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',')
      const text = `${header}\n${rows.map((r) => r.join(',')).join(next() < 0.5 ? '\n' : '\r\n')}\n`
      expect(agree(text)).toBeGreaterThan(0)
      agree(text, { missing: ['NA'] })
      agree(text, { columns: ['c1', 'c0'] })
      expect(agree(text.replaceAll(',', '\t'), { delimiter: '\t' })).toBeGreaterThan(0)
    }
  })
})
