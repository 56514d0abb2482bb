import { describe, expect, it } from 'vitest'
import type { Bound, Interval } from '../src/index.ts'
import { judge } from '../src/judge.ts'

const atLeast = (value: number): Bound => ({ op: '>=', value, kind: 'value' })
const atMost = (value: number): Bound => ({ op: '<=', value, kind: 'value' })
const ci = (low: number, high: number): Interval => ({ low, high, level: 0.95, method: 'test' })

describe('judge', () => {
  it.each([
    // value, bound, interval, mode, expected verdict
    [0.9, atLeast(0.8), ci(0.85, 0.95), 'interval', 'pass'],
    [0.9, atLeast(0.8), ci(0.75, 0.95), 'interval', 'pass'],
    [0.78, atLeast(0.8), ci(0.7, 0.85), 'interval', 'warn'],
    [0.78, atLeast(0.8), ci(0.7, 0.79), 'interval', 'fail'],
    [0.78, atLeast(0.8), ci(0.7, 0.85), 'point', 'fail'],
    [0.78, atLeast(0.8), undefined, 'interval', 'fail'],
    [0.3, atMost(0.2), ci(0.15, 0.4), 'interval', 'warn'],
    [0.3, atMost(0.2), ci(0.25, 0.4), 'interval', 'fail'],
    [0.2, atMost(0.2), undefined, 'point', 'pass'],
  ] as const)('%s against %o with %o (%s) is %s', (value, bound, interval, mode, verdict) => {
    expect(judge(value, bound, interval, mode, 1000, 200).verdict).toBe(verdict)
  })

  it('turns a pass on too few rows into a warning that says why', () => {
    const j = judge(0.9, atLeast(0.8), undefined, 'interval', 50, 200)
    expect(j.verdict).toBe('warn')
    expect(j.reason).toContain('Only 50 rows')
  })

  it('keeps a failure a failure on too few rows', () => {
    expect(judge(0.5, atLeast(0.8), ci(0.4, 0.6), 'interval', 50, 200).verdict).toBe('fail')
  })
})
