import { afterEach, describe, expect, it } from 'vitest'
import { settle, settleSeconds } from '../scripts/bench/settle.ts'

const VARIABLE = 'MLGATE_BENCH_SETTLE_SECONDS'
const before = process.env[VARIABLE]

afterEach(() => {
  if (before === undefined) delete process.env[VARIABLE]
  else process.env[VARIABLE] = before
})

describe("the bench's pause before each timed process", () => {
  it('is 3 s unless MLGATE_BENCH_SETTLE_SECONDS says otherwise', () => {
    delete process.env[VARIABLE]
    expect(settleSeconds()).toBe(3)
    process.env[VARIABLE] = ''
    expect(settleSeconds()).toBe(3)
    process.env[VARIABLE] = '0'
    expect(settleSeconds()).toBe(0)
    process.env[VARIABLE] = '1.5'
    expect(settleSeconds()).toBe(1.5)
  })

  it('refuses a value that is not a number of seconds ≥ 0, naming the variable', () => {
    for (const bad of ['-1', 'soon', 'Infinity']) {
      process.env[VARIABLE] = bad
      expect(() => settleSeconds()).toThrow(`MLGATE_BENCH_SETTLE_SECONDS=${bad} is not a number`)
    }
  })

  it('waits the pause it is given', () => {
    process.env[VARIABLE] = '0.2'
    const started = performance.now()
    settle()
    expect(performance.now() - started).toBeGreaterThanOrEqual(195)
  })
})
