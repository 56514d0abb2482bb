import type { GateResult } from '@mlgate/gates'
import { describe, expect, it } from 'vitest'
import { renderCheckOutput } from '../src/index.ts'
import { bigTable, errorResult, failResult, passResult, warnResult } from './_results.ts'
import { isBalanced } from './_markdown.ts'

describe('renderCheckOutput', () => {
  it.each([
    [[passResult], 'success'],
    [[warnResult], 'neutral'],
    [[failResult], 'failure'],
    [[errorResult], 'failure'],
    [[passResult, warnResult], 'neutral'],
    [[], 'failure'],
  ] as const)('concludes %#: %s', (results, conclusion) => {
    expect(renderCheckOutput(results).conclusion).toBe(conclusion)
  })

  it('titles the run with the verdict and splits summary from detail', () => {
    const out = renderCheckOutput([failResult])
    expect(out.title).toBe(
      '❌ Fail: Accuracy gate: 1 of 2 bound(s) failed on 12,000 rows; first: F1: F1 0.7712 is below 0.8.',
    )
    expect(out.summary.split('\n')[0]).toMatch(/^## ❌ Fail — /)
    expect(out.summary).toContain('| F1 | 0.7712 | ≥ 0.8 | [0.751, 0.790] | ❌ fail |')
    expect(out.summary).toContain('<summary>Context</summary>')
    expect(out.summary).not.toContain('<summary>Findings')
    expect(out.text).toContain('<summary>Findings: 1 warning</summary>')
    expect(out.text).toContain('```mermaid')
    expect(out.text).not.toContain('| Check |')
    expect(out.summary).not.toContain('<!-- mlgate')
  })

  it('leaves the text empty when no gate has detail', () => {
    expect(renderCheckOutput([passResult]).text).toBe('')
  })

  it('annotates findings that name a file, in the REST API shape', () => {
    const result: GateResult = {
      ...errorResult,
      findings: [
        {
          severity: 'error',
          message: 'Header only.\nNo rows.',
          file: './data/holdout.csv',
          line: 1,
        },
        { severity: 'warning', message: 'Odd value', file: 'data\\x.csv', row: 7, column: 'age' },
        { severity: 'notice', message: 'No file here' },
      ],
    }
    expect(renderCheckOutput([result]).annotations).toEqual([
      {
        path: 'data/holdout.csv',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        message: 'Header only.\nNo rows.',
        title: 'Schema gate',
      },
      {
        path: 'data/x.csv',
        start_line: 1,
        end_line: 1,
        annotation_level: 'warning',
        message: 'Odd value',
        title: 'Schema gate · row 7 · column age',
      },
    ])
  })

  it('keeps summary and text within 65,535 characters and titles within 255', () => {
    const huge = 'x'.repeat(1_000_000)
    const findings = Array.from({ length: 100_000 }, (_, i) => ({
      severity: 'error' as const,
      message: `Bad value in row ${i}`,
      file: 'data/big.csv',
      row: i,
    }))
    const checks = Array.from({ length: 5_000 }, (_, i) => ({
      ...failResult.checks[1]!,
      label: `Check ${i}`,
    }))
    const big: GateResult = {
      ...failResult,
      title: huge,
      checks,
      findings,
      tables: [bigTable(100_000, 30, 1)],
    }
    const out = renderCheckOutput([big, big])
    expect(out.summary.length).toBeLessThanOrEqual(65_535)
    expect(out.text.length).toBeLessThanOrEqual(65_535)
    expect(out.summary).toContain("Trimmed to fit GitHub's 65,535-character check-run limit")
    expect(isBalanced(out.summary) && isBalanced(out.text)).toBe(true)
    expect(out.title.length).toBeLessThanOrEqual(200)
    expect(out.annotations).toHaveLength(200_000)
    expect(
      Math.max(...out.annotations.slice(0, 10).map((a) => a.title?.length ?? 0)),
    ).toBeLessThanOrEqual(255)
  })
})
