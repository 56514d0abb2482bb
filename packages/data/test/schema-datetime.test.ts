import { describe, expect, it } from 'vitest'
import { formatDatetime, parseDatetime } from '../src/index.ts'

describe('parseDatetime', () => {
  it.each([
    ['2024-01-31', Date.UTC(2024, 0, 31)],
    ['2024-01-31T12:30', Date.UTC(2024, 0, 31, 12, 30)],
    ['2024-01-31 12:30:05', Date.UTC(2024, 0, 31, 12, 30, 5)],
    ['2024-01-31T12:30:05.25Z', Date.UTC(2024, 0, 31, 12, 30, 5, 250)],
    ['2024-01-31T12:30:05.123456789Z', Date.UTC(2024, 0, 31, 12, 30, 5, 123)],
    ['2024-01-31T12:30:05+02:00', Date.UTC(2024, 0, 31, 10, 30, 5)],
    ['2024-01-31T12:30:05-0130', Date.UTC(2024, 0, 31, 14, 0, 5)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['0050-06-01', Date.parse('0050-06-01T00:00:00Z')], // year 50, not 1950
  ])('%s', (text, ms) => {
    expect(parseDatetime(text)).toBe(ms)
  })

  it.each([
    '2023-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-01-31T24:00',
    '2024-01-31T12:60',
    '31/01/2024',
    'Jan 31 2024',
    '2024-W05-3',
    '2024-01-31T12',
    '20240131',
    '',
  ])('%s is not a datetime', (text) => {
    expect(parseDatetime(text)).toBeNaN()
  })

  it('formats midnight as a date and other times as UTC date-times', () => {
    expect(formatDatetime(Date.UTC(2024, 0, 31))).toBe('2024-01-31')
    expect(formatDatetime(Date.UTC(2024, 0, 31, 8, 5))).toBe('2024-01-31T08:05:00Z')
    expect(formatDatetime(Date.UTC(2024, 0, 31, 8, 5, 0, 7))).toBe('2024-01-31T08:05:00.007Z')
  })
})
