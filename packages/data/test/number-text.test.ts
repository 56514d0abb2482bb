import { describe, expect, it } from 'vitest'
import {
  numberFromBytes,
  numberFromText,
  scanDecimal,
  type DecimalScan,
} from '../src/_number-text.ts'
import { parseCsv } from '../src/csv.ts'
import { random } from './_random.ts'

const encoder = new TextEncoder()

function digits(next: () => number, count: number): string {
  let text = ''
  for (let i = 0; i < count; i++) text += Math.floor(next() * 10)
  return text
}

/**
 * Random plain decimals with signs and leading zeros: mostly short, as data is (0-5 integer
 * and 0-4 fraction digits), a third long (0-20 and 0-25 digits).
 */
function randomDecimals(count: number, seed: number): string[] {
  const next = random(seed)
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const long = next() < 1 / 3
    const sign = next() < 0.3 ? '-' : ''
    const whole = digits(next, Math.floor(next() * (long ? 21 : 6)))
    const fraction = next() < 0.7 ? `.${digits(next, Math.floor(next() * (long ? 26 : 5)))}` : ''
    const text = sign + whole + fraction
    if (/\d/.test(text)) out.push(text)
  }
  return out
}

const EDGES = [
  '0',
  '-0',
  '0.0',
  '-0.0',
  '00',
  '007',
  '.5',
  '5.',
  '-.5',
  '0.1',
  '0.2',
  '0.3',
  '4.35',
  '0.30000000000000004',
  '123456789',
  '-123456789',
  '999999999',
  '1234567890',
  '999999999.5',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '18014398509481985',
  '0.000000000000000000001',
  '0.0000000000000000000000001',
  '1.7976931348623157',
  '2.2250738585072014',
  '123456789012345.6',
  '1234567890123456.7',
  '0.1234567890123456789',
  '4503599627370497.5',
  '9999999999999999999999',
  '12345678901234567890123456789',
]

describe('scanDecimal (plain decimals without Number())', () => {
  /** The texts where the fast path claims an exact value that differs from Number(). */
  const wrong = (texts: readonly string[]): string[] => {
    const scan: DecimalScan = { end: -1, exact: false }
    return texts.filter((text) => {
      const bytes = encoder.encode(text)
      const value = scanDecimal(bytes, 0, scan)
      return scan.end !== bytes.length || (scan.exact && !Object.is(value, Number(text)))
    })
  }

  it('gives the same double as Number() on edge cases', () => {
    expect(wrong(EDGES)).toEqual([])
  })

  it('gives the same double as Number() on 200,000 random decimals', () => {
    const texts = randomDecimals(200_000, 1)
    expect(wrong(texts)).toEqual([])
    // Most of them must take the fast path, or the comparison above proves little.
    const scan: DecimalScan = { end: -1, exact: false }
    const fast = texts.filter((text) => (scanDecimal(encoder.encode(text), 0, scan), scan.exact))
    expect(fast.length).toBeGreaterThan(texts.length / 2)
  })

  it('claims exactness up to a mantissa of 2^53 - 1 and at most 22 fraction digits', () => {
    const scan: DecimalScan = { end: -1, exact: false }
    const exact = (text: string): boolean => (
      scanDecimal(encoder.encode(text), 0, scan),
      scan.exact
    )
    expect(exact('-12.3456')).toBe(true)
    expect(exact('900719925474099.1')).toBe(true)
    expect(exact('900719925474099.3')).toBe(false)
    expect(exact('0.0000000000000000000001')).toBe(true)
    expect(exact('0.00000000000000000000001')).toBe(false)
  })

  it('stops at the first byte that is not part of a plain decimal', () => {
    const scan: DecimalScan = { end: -1, exact: false }
    expect(scanDecimal(encoder.encode('12.5e3'), 0, scan)).toBe(12.5)
    expect(scan.end).toBe(4)
    scanDecimal(encoder.encode('-,'), 0, scan)
    expect(scan).toEqual({ end: 1, exact: false })
  })
})

describe('numberFromBytes (fast path with fallback)', () => {
  const read = (text: string): number | undefined => {
    const bytes = encoder.encode(text)
    return numberFromBytes(bytes, 0, bytes.length, { end: 0, exact: false })
  }

  it('equals Number() on decimals, exponents and long mantissas', () => {
    const texts = [
      ...EDGES,
      ...randomDecimals(20_000, 2),
      '1e5',
      '1E-5',
      '-2.5e+3',
      '1e400',
      '-1e400',
      '5e-324',
      '1e-400',
      '1.e5',
      '+1',
      '+.5',
      '+0',
      '1.7976931348623157e308',
      '2.2250738585072014e-308',
      ' 12 ',
      '\t3.5',
    ]
    const wrong = texts.filter((text) => !Object.is(read(text), Number(text)))
    expect(wrong).toEqual([])
  })

  it('reads inf, infinity and nan in any case, with a sign', () => {
    expect(read('inf')).toBe(Infinity)
    expect(read('-Inf')).toBe(-Infinity)
    expect(read('+INFINITY')).toBe(Infinity)
    expect(read('-Infinity')).toBe(-Infinity)
    expect(read('NaN')).toBeNaN()
    expect(read('nan')).toBeNaN()
  })

  it('refuses text, including forms Number() accepts but data files do not mean as numbers', () => {
    for (const text of [
      '',
      '-',
      '.',
      '1.2.3',
      '--1',
      '1-',
      'abc',
      '12abc',
      '0x1A',
      '0b11',
      '1_000',
      'NA',
      'none',
      '1,5',
      'infinite',
      'e5',
    ]) {
      expect(read(text), text).toBeUndefined()
    }
    expect(numberFromText('')).toBeUndefined()
  })

  it('is what the CSV reader stores, cell for cell, inside a row and at its end', () => {
    // The row loop has its own inlined fast path for a number followed by the delimiter, so
    // the same texts go in the first column (that path) and the last (scanDecimal).
    const texts = [...EDGES, ...randomDecimals(100_000, 3), '1e5', '-2.5E-3', '1e400', 'inf']
    const csv = `x,y\n${texts.map((text) => `${text},${text}`).join('\n')}\n`
    const table = parseCsv(encoder.encode(csv), 'numbers.csv')
    for (const column of table.columns) {
      if (column.type !== 'number') throw new Error('expected number columns')
      const wrong = texts.filter((text, row) => {
        const expected = text === 'inf' ? Infinity : Number(text)
        return !Object.is(column.values[row], expected)
      })
      expect(wrong).toEqual([])
    }
  })
})
