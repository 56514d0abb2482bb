import { describe, expect, it } from 'vitest'
import { BENCH_USAGE, benchArgs } from '../scripts/bench/args.ts'

describe("the bench's arguments", () => {
  it('reads the row count, the help flag and the internal read', () => {
    expect(benchArgs([])).toEqual({ rows: 1_000_000, help: false, read: undefined })
    expect(benchArgs(['--rows', '20000'])).toEqual({ rows: 20_000, help: false, read: undefined })
    expect(benchArgs(['-h']).help).toBe(true)
    expect(benchArgs(['--read', 'x.csv']).read).toBe('x.csv')
    expect(BENCH_USAGE).toMatch(/^Usage: npm run bench \[-- --rows <n>\]/)
  })

  it('refuses a row count that is not a whole number, and unknown options, by name', () => {
    for (const bad of ['abc', '1.5', '0', '-3', '1e6', '']) {
      expect(() => benchArgs([`--rows=${bad}`]), bad).toThrow(`--rows ${bad} is not a whole number`)
    }
    expect(() => benchArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/)
  })
})
