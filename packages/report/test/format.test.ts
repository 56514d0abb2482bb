import { describe, expect, it } from 'vitest'
import {
  formatBound,
  formatCell,
  formatCheckInterval,
  formatCheckValue,
  formatContextNumber,
  formatCount,
  formatInterval,
  formatMetric,
} from '../src/_format.ts'

describe('formatMetric: 4 significant digits', () => {
  it.each([
    [0.91234, '0.9123'],
    [0.5, '0.5000'],
    [1, '1.000'],
    [12.3456, '12.35'],
    [-0.01234, '-0.01234'],
    [0.00012346, '0.0001235'],
    [0.0000123, '1.230e-5'],
    [9999.4, '9999'],
    [9999.7, '10,000'],
    [1234567.8, '1,234,568'],
    [0, '0'],
    [-0, '0'],
    [null, 'undefined'],
    [Number.NaN, 'undefined'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
  ])('%s -> %s', (value, expected) => {
    expect(formatMetric(value)).toBe(expected)
  })
})

describe('formatCount: integers with thousands separators', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12345, '12,345'],
    [-1234567, '-1,234,567'],
    [1234.6, '1,235'],
  ])('%s -> %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected)
  })
})

describe('intervals, bounds and check values', () => {
  it('prints intervals with 3 significant digits', () => {
    expect(formatInterval({ low: 0.90123, high: 0.92489 })).toBe('[0.901, 0.925]')
    expect(formatInterval({ low: -0.0123, high: 0.0045 })).toBe('[-0.0123, 0.00450]')
  })

  it('prints bounds as written', () => {
    expect(formatBound({ op: '>=', value: 0.8, kind: 'value' })).toBe('≥ 0.8')
    expect(formatBound({ op: '<=', value: 0.25, kind: 'value' })).toBe('≤ 0.25')
    expect(formatBound({ op: '>=', value: -0.01, kind: 'change' })).toBe('change ≥ -0.01')
    expect(formatBound({ op: '>=', value: -0.01, kind: 'change', relative: true })).toBe(
      'change ≥ -1% (relative)',
    )
  })

  it('prints a change with its sign and a relative change as a percentage', () => {
    const change = { op: '>=', value: -0.01, kind: 'change' } as const
    expect(formatCheckValue(0.0123, change)).toBe('+0.01230')
    expect(formatCheckValue(-0.0123, change)).toBe('-0.01230')
    expect(formatCheckValue(0.0123, { ...change, relative: true })).toBe('+1.230%')
    expect(formatCheckValue(null, change)).toBe('undefined')
    const iv = { low: -0.02, high: 0.01, level: 0.95, method: 'm' }
    expect(formatCheckInterval(iv, { ...change, relative: true })).toBe('[-2.00%, 1.00%]')
    expect(formatCheckInterval(undefined, change)).toBe('—')
  })

  it('prints cells: whole numbers as counts, fractions as metrics, null as a dash', () => {
    expect(formatCell(12000)).toBe('12,000')
    expect(formatCell(0.012)).toBe('0.01200')
    expect(formatCell(null)).toBe('—')
    expect(formatCell('text')).toBe('text')
  })

  it('keeps identifiers in context without separators', () => {
    expect(formatContextNumber('seed', 12345)).toBe('12345')
    expect(formatContextNumber('run_id', 987654)).toBe('987654')
    expect(formatContextNumber('rows', 12345)).toBe('12,345')
  })
})
