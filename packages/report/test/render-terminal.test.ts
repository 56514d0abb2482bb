import { describe, expect, it } from 'vitest'
import { renderTerminal } from '../src/index.ts'
import { errorResult, failResult, warnResult } from './_results.ts'

const ESC = '\u001B'
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g')

describe('renderTerminal', () => {
  it('prints a plain text report', () => {
    expect(renderTerminal([failResult])).toMatchInlineSnapshot(`
      "FAIL  Accuracy gate
        1 of 2 bound(s) failed on 12,000 rows; first: F1: F1 0.7712 is below 0.8.

        check   |  value | bound | interval       | verdict
        :------ | -----: | :---- | :------------- | :------
        ROC AUC | 0.9123 | ≥ 0.8 | [0.901, 0.925] | pass
        F1      | 0.7712 | ≥ 0.8 | [0.751, 0.790] | fail
        fail F1: F1 0.7712 is below 0.8 across its whole 95% interval.

        Policy: A bound fails when the whole 95% bootstrap interval misses it.

        Findings (1):
          warning data/holdout.csv: Only 12,000 rows were evaluated.

        Metrics (3 rows)
        metric   |  value
        :------- | -----:
        ROC AUC  | 0.9123
        F1       | 0.7712
        accuracy | 0.8800

        Context: model=models/candidate.onnx, model_sha256=ab12cd34, rows=12,000, seed=12345

      FAIL  Accuracy gate: 1 of 2 bound(s) failed on 12,000 rows; first: F1: F1 0.7712 is below 0.8.
      "
    `)
  })

  it('uses no colour unless asked, and colours statuses when asked', () => {
    const plain = renderTerminal([failResult, warnResult, errorResult])
    expect(plain).not.toContain(ESC)
    const colored = renderTerminal([failResult, warnResult, errorResult], { color: true })
    expect(colored).toContain(`${ESC}[31mFAIL ${ESC}[0m Accuracy gate`)
    expect(colored).toContain(`${ESC}[33mWARN ${ESC}[0m Drift gate`)
    expect(colored).toContain(`${ESC}[1;35mERROR${ESC}[0m Schema gate`)
  })

  it('aligns table columns, with or without colour', () => {
    for (const color of [false, true]) {
      const all = renderTerminal([failResult], { color }).split('\n')
      const start = all.findIndex((l) => l.startsWith('  check'))
      // Header, delimiter, two checks.
      const lines = all.slice(start, start + 4).map((l) => l.replaceAll(SGR, ''))
      expect(lines[3]).toMatch(/^ {2}F1 /)
      const bars = lines.map((l) => [...l.matchAll(/\|/g)].map((m) => m.index))
      expect(bars[0]).toHaveLength(4)
      for (const b of bars) expect(b).toEqual(bars[0])
    }
  })

  it('strips control sequences a crafted value could use on the terminal', () => {
    const out = renderTerminal([
      {
        ...failResult,
        title: `Evil${ESC}[2J${ESC}]0;pwned\u0007 gate\nsecond line`,
        findings: [{ severity: 'error', message: `a\rb${ESC}[31m` }],
      },
    ])
    expect(out).not.toContain(ESC)
    expect(out).not.toContain('\u0007')
    expect(out).not.toContain('\r')
    expect(out).toContain('FAIL  Evil[2J]0;pwned gate second line')
  })
})
