import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataError, parseCsv, readTable, type Column, type Table } from '../src/index.ts'
import { bytesOf } from './_view.ts'
import { random } from './_random.ts'

// The CSV reader's fast paths (numbers read four bytes at a time, text looked up by its bytes,
// a file parsed block by block while it is read) against a reference reader written the plain
// way: split the text into strings, then Number() on each cell.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i

/** A cell's number the documented way: Number() on a trimmed decimal, or inf/nan. */
function referenceNumber(text: string): number | undefined {
  const t = text.trim()
  if (DECIMAL.test(t)) return Number(t)
  const special = SPECIAL.exec(t)
  if (special == null) return undefined
  if (special[2]?.toLowerCase() === 'nan') return NaN
  return special[1] === '-' ? -Infinity : Infinity
}

/** RFC 4180 records as strings: quotes, doubled quotes, LF or CRLF, blank lines skipped. */
function referenceRecords(text: string, delimiter: string): string[][] {
  const t = text.startsWith('\ufeff') ? text.slice(1) : text
  const lineEnd = (i: number): boolean => t[i] === '\n' || (t[i] === '\r' && t[i + 1] === '\n')
  const records: string[][] = []
  let i = 0
  while (i < t.length) {
    if (lineEnd(i)) {
      i += t[i] === '\n' ? 1 : 2
      continue
    }
    const record: string[] = []
    for (;;) {
      let cell = ''
      if (t[i] === '"') {
        i++
        for (;;) {
          const close = t.indexOf('"', i)
          cell += t.slice(i, close)
          i = close + 1
          if (t[i] !== '"') break
          cell += '"'
          i++
        }
      } else {
        const start = i
        while (i < t.length && t[i] !== delimiter && !lineEnd(i)) i++
        cell = t.slice(start, i)
      }
      record.push(cell)
      if (t[i] === delimiter) {
        i++
        continue
      }
      if (i < t.length) i += t[i] === '\n' ? 1 : 2
      break
    }
    records.push(record)
  }
  return records
}

/** The table the documented rules give: types inferred over all cells, empty cells missing. */
function referenceTable(text: string, delimiter = ','): Table {
  const [header = [], ...rows] = referenceRecords(text, delimiter)
  const columns = header.map((name, c): Column => {
    const cells = rows.map((row) => row[c] as string)
    const present = cells.filter((cell) => cell !== '')
    const numbers = present.map(referenceNumber)
    const missing = Uint8Array.from(cells, (cell) => (cell === '' ? 1 : 0))
    const nullCount = cells.length - present.length
    const numeric = (values: readonly number[], type: 'number' | 'integer' | 'boolean') => ({
      name,
      type,
      values: Float64Array.from(cells, (cell, r) => (cell === '' ? NaN : (values[r] as number))),
      missing: nullCount === 0 ? null : missing,
      nullCount,
    })
    if (numbers.every((n) => n !== undefined)) {
      const values = cells.map((cell) => (cell === '' ? NaN : (referenceNumber(cell) as number)))
      // A column with no cell at all is 'number', as nothing says it is whole.
      const whole = present.length > 0 && numbers.every((n) => Number.isInteger(n))
      return numeric(values, whole ? 'integer' : 'number')
    }
    if (present.every((cell) => /^(true|false)$/i.test(cell))) {
      return numeric(
        cells.map((cell) => (/^true$/i.test(cell) ? 1 : 0)),
        'boolean',
      )
    }
    const dictionary: string[] = []
    const codes = Int32Array.from(cells, (cell) => {
      if (cell === '') return -1
      const code = dictionary.indexOf(cell)
      return code >= 0 ? code : dictionary.push(cell) - 1
    })
    return { name, type: 'string', codes, dictionary, nullCount }
  })
  return { source: 'reference', rowCount: rows.length, columns }
}

/** The first difference between two tables, value for value (Object.is: -0 is not 0), or null. */
function difference(got: Table, want: Table): string | null {
  if (got.rowCount !== want.rowCount) return `rowCount ${got.rowCount} != ${want.rowCount}`
  for (const [c, w] of want.columns.entries()) {
    const g = got.columns[c]
    if (g === undefined) return `no column ${w.name}`
    const where = `column ${w.name}`
    if (g.name !== w.name || g.type !== w.type || g.nullCount !== w.nullCount) {
      return `${where}: ${g.name} ${g.type} ${g.nullCount} != ${w.name} ${w.type} ${w.nullCount}`
    }
    if (g.type === 'string' || w.type === 'string') {
      if (g.type !== 'string' || w.type !== 'string') return `${where}: type`
      if (g.dictionary.join('\u0000') !== w.dictionary.join('\u0000')) return `${where}: dictionary`
      for (let r = 0; r < w.codes.length; r++) {
        if (g.codes[r] !== w.codes[r])
          return `${where}, row ${r}: code ${g.codes[r]} != ${w.codes[r]}`
      }
      if (g.codes.length !== w.codes.length) return `${where}: ${g.codes.length} codes`
      continue
    }
    if (g.values.length !== w.values.length) return `${where}: ${g.values.length} values`
    for (let r = 0; r < w.values.length; r++) {
      if (!Object.is(g.values[r], w.values[r])) {
        return `${where}, row ${r}: ${g.values[r]} != ${w.values[r]}`
      }
    }
    if ((g.missing == null) !== (w.missing == null)) return `${where}: missing flags`
    for (let r = 0; w.missing != null && r < w.missing.length; r++) {
      if (g.missing?.[r] !== w.missing[r]) return `${where}, row ${r}: missing flag`
    }
  }
  return got.columns.length === want.columns.length ? null : 'column count'
}

const folder = mkdtempSync(join(tmpdir(), 'mlgate-csv-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let files = 0

/** `text` written to a file, read with readTable (block by block while the file is read). */
async function fromFile(text: string | Uint8Array, options?: Parameters<typeof readTable>[1]) {
  const path = join(folder, `${files++}.csv`)
  writeFileSync(path, text)
  return readTable(path, options)
}

/** The DataError message `run` gives. */
async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    if (error instanceof DataError) return error.message
    throw error
  }
  throw new Error('expected a DataError')
}

const digits = (next: () => number, count: number): string =>
  Array.from({ length: count }, () => Math.floor(next() * 10)).join('')

/** Decimal and other number texts, most of the plain kind the fast path takes. */
function numberText(next: () => number): string {
  const kind = next()
  if (kind < 0.03) return ''
  if (kind < 0.05)
    return ['inf', '-Infinity', '+INF', 'nan', 'NaN', '-nan'][Math.floor(next() * 6)]!
  const sign = next() < 0.3 ? '-' : next() < 0.05 ? '+' : ''
  // Up to 10 digits each side, so that both sides of the eight-digit limit come up; now and then
  // up to 25, and an exponent.
  const long = next() < 0.1
  const whole = digits(next, Math.floor(next() * (long ? 26 : 11)))
  const fraction = next() < 0.7 ? `.${digits(next, Math.floor(next() * (long ? 26 : 11)))}` : ''
  const exponent = next() < 0.05 ? `e${next() < 0.5 ? '-' : ''}${Math.floor(next() * 400)}` : ''
  const text = sign + whole + fraction
  if (!/\d/.test(text)) return '0'
  const cell = text + exponent
  return next() < 0.02 ? ` ${cell} ` : cell
}

const PLAIN = /^-?\d{0,8}(\.\d{0,8})?$/

const FIXTURE_NUMBERS = [
  ...['0', '-0', '+0', '0.0', '-0.0', '00', '007', '.5', '5.', '-.5', '+.5', '-5.', '+12'],
  ...['0.1', '0.2', '0.3', '4.35', '1.005', '2.675', '-1234.5678', '0.30000000000000004'],
  // Both sides of eight digits, and of a mantissa of 2^53.
  ...['12345678', '99999999', '123456789', '0.12345678', '0.123456789', '12345678.12345678'],
  ...['99999999.99999999', '90071992.54740991', '90071992.54740992', '90071992.54740993'],
  // Halfway between two doubles: round to even.
  ...['9007199254740993', '9007199254740995', '4503599627370496.5', '4503599627370497.5'],
  '1.00000000000000011102230246251565404236316680908203125',
  '1.0000000000000002220446049250313080847263336181640625',
  '0.1000000000000000055511151231257827021181583404541015625',
  ...['123456789012345678901234567890', '0.000000000000000000001', '0.00000000000000000000001'],
  ...['1.7976931348623157e308', '1.7976931348623159e308', '2.2250738585072014e-308'],
  ...['4.9e-324', '5e-324', '2e-324', '1e400', '-1e400', '1e-400'],
  ...['1e5', '1E5', '1e+5', '1e-5', '-2.5E-3', '1.e5', '.5e1'],
  ...['inf', '-inf', '+inf', 'Inf', 'INFINITY', '-Infinity', 'nan', 'NaN', '-nan', '+NaN'],
  ...[' 12', '12 ', ' -3.5 ', '\t7', ''],
]

/** Rows holding `texts` in the first, a middle and the last column, plain and quoted. */
function numbersCsv(texts: readonly string[], lineEnd: string): string {
  const quote = (text: string) => `"${text}"`
  const rows = texts.map((t, i) => [t, quote(t), t, texts[(i + 7) % texts.length], t].join(','))
  return `a,b,c,d,e${lineEnd}${rows.join(lineEnd)}${lineEnd}`
}

describe('the CSV reader against a reference reader (Number() per cell)', () => {
  it('reads every number text as Number() does, in every position, LF and CRLF', async () => {
    for (const lineEnd of ['\n', '\r\n']) {
      const text = numbersCsv(FIXTURE_NUMBERS, lineEnd)
      const want = referenceTable(text)
      expect(want.columns.map((c) => c.type)).toEqual(Array(5).fill('number'))
      expect(difference(parseCsv(bytesOf(text), 'n.csv'), want)).toBeNull()
      expect(difference(await fromFile(text), want)).toBeNull()
    }
  })

  it('reads each number text as the very last cell of a file, with and without a LF', async () => {
    // The fast path leaves the last bytes of the input to the general path.
    for (const number of FIXTURE_NUMBERS.filter((t) => t !== '')) {
      for (const text of [`x\n1\n${number}`, `x\n1\n${number}\n`, `\ufeffx\r\n${number}\r\n`]) {
        const want = referenceTable(text)
        expect(difference(parseCsv(bytesOf(text), 'n.csv'), want), JSON.stringify(text)).toBeNull()
      }
    }
  })

  it('keeps text as text, and a column that turns to text keeps its numbers as written', async () => {
    const cells = ['007', '1.50', '-0', '5.', '12abc', '0x1A', '1_000', '--1', 'e5', '.', '-', '+']
    const text = `id,n,flag\n${cells.map((c, i) => `${i},${c},${i % 2 === 0 ? 'TRUE' : 'false'}`).join('\n')}\n`
    const want = referenceTable(text)
    expect(want.columns.map((c) => c.type)).toEqual(['integer', 'string', 'boolean'])
    expect(difference(parseCsv(bytesOf(text), 't.csv'), want)).toBeNull()
    expect(difference(await fromFile(text), want)).toBeNull()
  })

  it('reads quoted fields, BOM, CRLF, missing cells and a last line without a break', async () => {
    const text =
      '\ufeffname,score,note,flag\r\n' +
      '"Smith, J.",1.5,"He said ""yes""",true\r\n' +
      '\r\n' +
      'Lee,,"two\r\nlines",\r\n' +
      ',-0.25,"",FALSE\r\n' +
      '"",3,plain,true'
    const want = referenceTable(text)
    expect(want.columns.map((c) => c.type)).toEqual(['string', 'number', 'string', 'boolean'])
    expect(difference(parseCsv(bytesOf(text), 'q.csv'), want)).toBeNull()
    expect(difference(await fromFile(text), want)).toBeNull()
  })

  it('agrees on 60,000 rows of seeded random number texts, from bytes and from a file', async () => {
    const next = random(20240611)
    const rows: string[] = []
    let plain = 0
    let cells = 0
    for (let r = 0; r < 60_000; r++) {
      const row = Array.from({ length: 6 }, () => numberText(next))
      for (const cell of row) {
        cells++
        if (PLAIN.test(cell) && /\d/.test(cell)) plain++
      }
      // Now and then a quoted cell, and a row that ends in CRLF.
      if (next() < 0.05) row[2] = `"${row[2]}"`
      rows.push(row.join(',') + (next() < 0.1 ? '\r' : ''))
    }
    const text = `a,b,c,d,e,f\n${rows.join('\n')}\n`
    // Most cells must be of the kind the fast path reads, or agreement proves little.
    expect(plain / cells).toBeGreaterThan(0.5)
    expect(text.length).toBeGreaterThan(3 << 20) // several blocks of the file reader
    const want = referenceTable(text)
    expect(difference(parseCsv(bytesOf(text), 'r.csv'), want)).toBeNull()
    expect(difference(await fromFile(text), want)).toBeNull()
  })
})

describe('readTable on CSV (parsed block by block while the file is read)', () => {
  it('gives the table parseCsv gives when the first rows are far longer than the rest', async () => {
    // The row count is estimated from the first block; here it is far too low, so the
    // columns must grow.
    const long = Array.from({ length: 800 }, (_, i) => `${'x'.repeat(2000)}${i},${i}.5`)
    const short = Array.from({ length: 200_000 }, (_, i) => `y${i % 7},${i}`)
    const text = `note,n\n${[...long, ...short].join('\n')}\n`
    const table = await fromFile(text)
    expect(table.rowCount).toBe(200_800)
    expect(difference(table, parseCsv(bytesOf(text), 'g.csv'))).toBeNull()
  })

  it('keeps every value while the pages of the rows ahead are mapped (no zero overwrites one)', async () => {
    // Enough rows that the reader has the memory of the rows ahead mapped by reading zeros into
    // it; no value is 0, so a read that landed on parsed rows would show.
    const rows = Array.from({ length: 600_000 }, (_, i) => {
      const text = i === 450_000 ? 'n/a' : `${(i % 997) + 1}`
      return `${i + 1},${-(i % 89) - 0.5},${text},${i % 3 === 0 ? '' : `${i}.25`}`
    })
    const text = `a,b,c,d\n${rows.join('\n')}\n`
    const table = await fromFile(text)
    expect(table.columns.map((c) => c.type)).toEqual(['integer', 'number', 'string', 'number'])
    expect(difference(table, parseCsv(bytesOf(text), 'p.csv'))).toBeNull()
  })

  it('gives the same table for quoted line breaks across blocks, and with options', async () => {
    const next = random(7)
    const rows = Array.from({ length: 40_000 }, (_, i) => {
      const note = next() < 0.3 ? `"line ${i}\nnext, ""quoted""\r\nlast"` : `note ${i % 13}`
      return `${i};${note};${next() < 0.1 ? 'NA' : (next() * 100).toFixed(3)}`
    })
    const text = `id;note;x\n${rows.join('\n')}\n`
    const options = { delimiter: ';', missing: ['NA'], columns: ['x', 'note'] }
    expect(
      difference(await fromFile(text, options), parseCsv(bytesOf(text), 'o.csv', options)),
    ).toBeNull()
    const typed = {
      delimiter: ';',
      missing: ['NA'],
      types: { id: 'string' as const, x: 'number' as const },
    }
    expect(
      difference(await fromFile(text, typed), parseCsv(bytesOf(text), 'o.csv', typed)),
    ).toBeNull()
  })

  it('gives the errors parseCsv gives, with the same line numbers, deep into the file', async () => {
    const body = Array.from({ length: 100_000 }, (_, i) => `${i},"a\nb",${i}.25`).join('\n')
    for (const tail of ['\n1,2\n', '\n1,"x,2\n', '\n1,"x"y,2\n', '\n1,x,2.5.5\n']) {
      const text = `a,b,c\n${body}${tail}`
      const options = { types: { c: 'number' as const } }
      const path = join(folder, `${files++}.csv`)
      writeFileSync(path, text)
      const fromBytes = await messageOf(() => parseCsv(bytesOf(text), path, options))
      expect(fromBytes).toMatch(/line 20000[12]/)
      expect(await messageOf(() => readTable(path, options))).toBe(fromBytes)
    }
  })

  it('reads empty, blank and header-only files as parseCsv does', async () => {
    for (const text of ['', '\ufeff', '\n\r\n']) {
      expect(await messageOf(() => fromFile(text))).toMatch(/the file is empty: no header/)
    }
    expect((await fromFile('a,b\n')).rowCount).toBe(0)
    expect(
      difference(await fromFile('\n\na,b\r\n1,2'), referenceTable('\n\na,b\r\n1,2')),
    ).toBeNull()
  })
})
