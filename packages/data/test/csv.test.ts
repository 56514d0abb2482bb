import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DataError, parseCsv, type ReadOptions } from '../src/index.ts'
import { bytesOf, exact, fixture, view } from './_view.ts'

const csv = (text: string, options?: ReadOptions, source = 'test.csv') =>
  parseCsv(bytesOf(text), source, options)

/** The DataError `run` throws (failing the test when it throws nothing or something else). */
function errorOf(run: () => unknown): DataError {
  try {
    run()
  } catch (error) {
    if (error instanceof DataError) return error
    throw error
  }
  throw new Error('expected a DataError')
}

describe('parseCsv: RFC 4180', () => {
  it('reads quoted delimiters, doubled quotes and line breaks, CRLF, and drops the BOM', () => {
    const path = fixture('quoted-bom-crlf.csv')
    const table = parseCsv(readFileSync(path), path)
    expect(table.rowCount).toBe(4)
    expect(view(table)).toEqual({
      name: { type: 'string', cells: ['Smith, J.', 'Lee', null, 'Ørsted, H.'] },
      quote: { type: 'string', cells: ['He said "yes"', 'line one\r\nline two', 'plain', 'naïve'] },
      n: { type: 'integer', cells: [1, 2, 3, 4] },
    })
  })

  it('reads another delimiter, quoted delimiters included', () => {
    const path = fixture('semicolon.csv')
    const table = parseCsv(readFileSync(path), path, { delimiter: ';' })
    expect(view(table)).toEqual({
      label: { type: 'integer', cells: [1, 0, 1] },
      text: { type: 'string', cells: ['a;b', 'c', 'd "e"'] },
      weight: { type: 'number', cells: [0.5, 1.5, null] },
    })
  })

  it('defaults to a tab for a .tsv source', () => {
    expect(view(csv('a\tb\n1\tx,y\n', undefined, 'data.tsv'))).toEqual({
      a: { type: 'integer', cells: [1] },
      b: { type: 'string', cells: ['x,y'] },
    })
  })

  it('reads a last line without a line break, and skips blank lines', () => {
    expect(view(csv('a,b\n\n1,2\r\n\r\n3,4'))).toEqual({
      a: { type: 'integer', cells: [1, 3] },
      b: { type: 'integer', cells: [2, 4] },
    })
  })

  it('keeps a lone CR inside an unquoted field as data', () => {
    expect(view(csv('a,b\nx\ry,1\n'))).toEqual({
      a: { type: 'string', cells: ['x\ry'] },
      b: { type: 'integer', cells: [1] },
    })
  })

  it('reads a header-only file as a valid table of 0 rows', () => {
    const table = csv('a,b\n')
    expect(table.rowCount).toBe(0)
    expect(view(table)).toEqual({
      a: { type: 'number', cells: [] },
      b: { type: 'number', cells: [] },
    })
  })
})

describe('parseCsv: type inference', () => {
  it('tells integer, number, boolean and string columns apart', () => {
    const table = csv('i,n,b,s,e\n1,1.5,TRUE,x,\n-2,2,false,1,\n3.0,-0.25,True,,\n')
    expect(view(table)).toEqual({
      i: { type: 'integer', cells: [1, -2, 3] },
      n: { type: 'number', cells: [1.5, 2, -0.25] },
      b: { type: 'boolean', cells: [true, false, true] },
      s: { type: 'string', cells: ['x', '1', null] },
      e: { type: 'number', cells: [null, null, null] },
    })
    const empty = table.columns[4]
    expect(empty?.nullCount).toBe(3)
  })

  it('turns a column that held numbers into text when text comes later, first-seen order kept', () => {
    const table = csv('x,y\n10,a\n20,b\n10,c\nten,d\n30,e\n20,f\n')
    const column = table.columns[0]
    if (column?.type !== 'string') throw new Error('expected a string column')
    expect(column.dictionary).toEqual(['10', '20', 'ten', '30'])
    expect(Array.from(column.codes)).toEqual([0, 1, 0, 2, 3, 1])
  })

  it('keeps the original text of numbers and booleans when a column turns into text', () => {
    expect(view(csv('x,y\n"1.50",true\n,FALSE\nabc,maybe\n')).x?.cells).toEqual([
      '1.50',
      null,
      'abc',
    ])
    expect(view(csv('x,y\n"1.50",true\n,FALSE\nabc,maybe\n')).y?.cells).toEqual([
      'true',
      'FALSE',
      'maybe',
    ])
  })

  it('treats only empty cells as missing unless told otherwise', () => {
    expect(view(csv('x\nNA\nnone\n1\n')).x).toEqual({ type: 'string', cells: ['NA', 'none', '1'] })
    expect(view(csv('x\nNA\nnone\n1\n-999\n', { missing: ['NA', 'none', '-999'] })).x).toEqual({
      type: 'integer',
      cells: [null, null, 1, null],
    })
  })

  it('follows the types option', () => {
    const table = csv('a,b,c,d\n1,1,1,true\n2,0,2.5,0\n', {
      types: { a: 'string', b: 'boolean', c: 'number', d: 'boolean' },
    })
    expect(view(table)).toEqual({
      a: { type: 'string', cells: ['1', '2'] },
      b: { type: 'boolean', cells: [true, false] },
      c: { type: 'number', cells: [1, 2.5] },
      d: { type: 'boolean', cells: [true, false] },
    })
  })

  it('reads only the columns asked for, in the order asked', () => {
    const table = csv('a,b,c\n1,"x,1",3\n4,y,6\n', { columns: ['c', 'a'] })
    expect(view(table)).toEqual({
      c: { type: 'integer', cells: [3, 6] },
      a: { type: 'integer', cells: [1, 4] },
    })
    expect(table.columns.map((column) => column.name)).toEqual(['c', 'a'])
  })

  it('gives the same table with LF and CRLF line ends', () => {
    const lf = csv('a,b,c\n1,x,\n2.5,"y\nz",true\n')
    const crlf = csv('a,b,c\r\n1,x,\r\n2.5,"y\nz",true\r\n')
    expect(exact(crlf)).toEqual(exact(lf))
  })
})

describe('parseCsv: errors name the place', () => {
  it('a ragged row: file, line, expected and found field counts', () => {
    const short = errorOf(() => csv('a,b,c\n1,2,3\n4,5\n'))
    expect(short.message).toMatch(
      /^test\.csv, line 3: expected 3 fields, as in the header, but found 2/,
    )
    expect(short.line).toBe(3)
    const long = errorOf(() => csv('a,b\n1,"x\ny"\n1,2,"3,4"\n'))
    expect(long.message).toMatch(
      /^test\.csv, line 4: expected 2 fields, as in the header, but found 3/,
    )
  })

  it('a cell that is not a number in a column read as a number: file, line, column, text', () => {
    const error = errorOf(() => csv('a,b\n1,2\n3,4x\n', { types: { b: 'number' } }))
    expect(error.message).toMatch(
      /^test\.csv, line 3, column "b": expected a number .* but found "4x"/,
    )
    expect([error.file, error.line, error.column]).toEqual(['test.csv', 3, 'b'])
    const whole = errorOf(() => csv('a\n1\n2.5\n', { types: { a: 'integer' } }))
    expect(whole.message).toMatch(
      /^test\.csv, line 3, column "a": expected a whole number .* found "2\.5"/,
    )
  })

  it('a duplicate header names both positions', () => {
    const error = errorOf(() => csv('id,x,id\n1,2,3\n'))
    expect(error.message).toMatch(/the header names "id" twice, in fields 1 and 3/)
    expect(error.line).toBe(1)
  })

  it('an empty header name gives its position', () => {
    expect(errorOf(() => csv('a,,c\n1,2,3\n')).message).toMatch(
      /^test\.csv, line 1: header field 2 of 3 has no name/,
    )
  })

  it('an empty file says there is no header', () => {
    for (const text of ['', '\ufeff', '\n\r\n']) {
      expect(errorOf(() => csv(text)).message).toMatch(/^test\.csv: the file is empty: no header/)
    }
  })

  it('an unclosed quote and text after a closing quote name the line', () => {
    expect(errorOf(() => csv('a,b\n1,2\n3,"x\n')).message).toMatch(
      /^test\.csv, line 3, column "b": a quoted field opens here/,
    )
    expect(errorOf(() => csv('a,b\n"x"y,2\n')).message).toMatch(
      /^test\.csv, line 2, column "a": expected the delimiter .* found "y"/,
    )
  })

  it('unknown columns in the columns and types options list what exists', () => {
    expect(errorOf(() => csv('a,b\n1,2\n', { columns: ['a', 'zz'] })).message).toMatch(
      /asks for "zz", which the file does not have; its columns are "a", "b"/,
    )
    expect(errorOf(() => csv('a,b\n1,2\n', { types: { q: 'number' } })).message).toMatch(
      /names column "q", which the file does not have; its columns are "a", "b"/,
    )
  })

  it('refuses a delimiter that cannot work', () => {
    for (const delimiter of [';;', '.', '"', '5', '']) {
      expect(errorOf(() => csv('a\n1\n', { delimiter })).message).toMatch(
        /the delimiter .* cannot be used/,
      )
    }
  })
})
