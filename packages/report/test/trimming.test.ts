import type { Finding, GateResult, ResultTable } from '@mlgate/gates'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../src/index.ts'
import { bigTable, failResult, passResult, warnResult } from './_results.ts'
import { count, isBalanced } from './_markdown.ts'

const NOTICE = "_✂️ Trimmed to fit GitHub's 65,536-character limit; full report in the artifact._"

function findings(n: number, file = 'data/holdout.csv'): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    severity: 'warning' as const,
    message: `Finding number ${i + 1} about a value that looks wrong in this row.`,
    file,
    row: i + 1,
  }))
}

const smallTable: ResultTable = {
  title: 'Small table',
  columns: ['name', 'note'],
  rows: [
    ['first', 'small-1'],
    ['second', 'small-2'],
    ['third', 'small-3'],
  ],
  priority: 1,
}

/** About 10 MB of table: 100,000 rows of about 105 characters. */
const tenMegabytes = bigTable(100_000, 30, 2)

describe('trimming to the limit', () => {
  it('fits a 10 MB table into a comment, keeping its first rows', () => {
    const out = renderMarkdown([{ ...failResult, tables: [smallTable, tenMegabytes] }])
    expect(JSON.stringify(tenMegabytes.rows).length).toBeGreaterThan(10_000_000)
    expect(out.length).toBeLessThanOrEqual(65_536)
    expect(out.length).toBeGreaterThan(60_000)
    expect(out.split('\n')[0]).toBe('<!-- mlgate:accuracy -->')
    expect(out).toContain(NOTICE)
    expect(out).toContain('| 0 | xxxxxxxxxx')
    expect(out).toMatch(/_… [\d,]+ more rows in the full report\._/)
    expect(out).toContain('| third | small-3 |')
    expect(isBalanced(out)).toBe(true)
  })

  it('adds no notice when everything fits', () => {
    expect(renderMarkdown([failResult, warnResult])).not.toContain('Trimmed')
  })

  it('names the limit it was given and links the run', () => {
    const out = renderMarkdown([{ ...failResult, tables: [tenMegabytes] }], {
      limit: 100_000,
      runUrl: 'https://github.com/o/r/actions/runs/7',
    })
    expect(out.length).toBeLessThanOrEqual(100_000)
    expect(out).toContain(
      '_✂️ Trimmed to fit the 100,000-character limit; full report in the artifacts of the [workflow run](https://github.com/o/r/actions/runs/7)._',
    )
  })

  it('drops tables first, higher priority numbers before lower, then extra findings, charts, context', () => {
    // 20 failing checks with long reasons make a core of several thousand characters, so the
    // sweep below starts where even the core is cut and passes through every stage.
    const checks = Array.from({ length: 20 }, (_, i) => ({
      ...failResult.checks[1]!,
      label: `Metric ${i + 1}`,
      reason: `Metric ${i + 1} is below its bound across the whole interval. `.repeat(4),
    }))
    const result: GateResult = {
      ...failResult,
      checks,
      findings: findings(30),
      tables: [bigTable(200, 12, 2), smallTable],
    }
    const full = renderMarkdown([result], { limit: 1_000_000 })
    expect(full).not.toContain('Trimmed')
    expect(count(full, '```mermaid')).toBe(1)
    const stages = new Set<string>()
    // Steps narrower than the smallest stage (a chart, about 400 characters).
    for (let limit = 4_096; limit < full.length + 500; limit += 113) {
      const out = renderMarkdown([result], { limit })
      expect(out.length).toBeLessThanOrEqual(limit)
      expect(isBalanced(out)).toBe(true)
      const at = `limit ${limit}`
      const context = out.includes('<summary>Context</summary>')
      const chart = out.includes('```mermaid')
      const extraFindings = out.includes('Finding number 11 ')
      const allFindings = out.includes('Finding number 30 ')
      const small = out.includes('<summary>Small table')
      const big = out.includes('<summary>Big table 2')
      // Each kind of detail appears only once everything kept before it is complete.
      if (context) expect(out, at).toContain('Finding number 10 ')
      if (chart) expect(context, at).toBe(true)
      if (extraFindings) expect(chart, at).toBe(true)
      if (small) expect(allFindings, at).toBe(true)
      if (big) expect(out, at).toContain('| third | small-3 |')
      stages.add(
        big
          ? out.includes('more rows in the full report')
            ? 'big table in part'
            : 'everything'
          : small
            ? 'small table'
            : extraFindings
              ? 'more findings'
              : chart
                ? 'chart'
                : context
                  ? 'context'
                  : 'core',
      )
    }
    expect([...stages]).toEqual([
      'core',
      'context',
      'chart',
      'more findings',
      'small table',
      'big table in part',
      'everything',
    ])
  })

  it('keeps the first 10 findings and says how many more there are', () => {
    const out = renderMarkdown([
      { ...failResult, findings: findings(100_000), tables: [smallTable] },
    ])
    expect(out.length).toBeLessThanOrEqual(65_536)
    expect(out).toContain('Finding number 10 ')
    expect(out).toMatch(/_… [\d,]+ more findings in the full report\._/)
    expect(out).toContain('<summary>Context</summary>')
    expect(count(out, '```mermaid')).toBe(1)
    expect(out).not.toContain('<summary>Small table')
  })

  it('shows at most 50 checks and counts the rest', () => {
    const checks = Array.from({ length: 100_000 }, (_, i) => ({
      ...failResult.checks[1]!,
      label: `Check ${i + 1}`,
    }))
    const out = renderMarkdown([{ ...failResult, checks }])
    expect(out.length).toBeLessThanOrEqual(65_536)
    expect(out).toContain('| Check 50 |')
    expect(out).not.toContain('| Check 51 |')
    expect(out).toContain('_… 99,950 more checks in the full report._')
    expect(out).toContain(NOTICE)
  })

  it('cuts the core itself when thousands of gates do not fit, keeping marker, headline and notice', () => {
    const gates = Array.from({ length: 2_000 }, (_, i) => ({
      ...failResult,
      gate: `g${i}`,
      title: `Gate ${i}`,
    }))
    const out = renderMarkdown(gates, { marker: 'many' })
    expect(out.length).toBeLessThanOrEqual(65_536)
    const lines = out.split('\n')
    expect(lines[0]).toBe('<!-- mlgate:many -->')
    expect(lines[1]).toMatch(/^## ❌ Fail — 0 of 2,000 gates passed; Gate 0 failed, Gate 1 failed/)
    expect(lines[3]).toBe(NOTICE)
    expect(out).toContain('### ❌ Gate 0 · Fail')
    expect(out).not.toContain('### ❌ Gate 1999 · Fail')
    expect(isBalanced(out)).toBe(true)
  })

  const huge = 'Ω<|>@x\n'.repeat(150_000)
  const monster: GateResult = {
    gate: 'monster',
    title: huge,
    status: 'fail',
    summary: huge,
    checks: Array.from({ length: 60 }, () => ({
      name: huge,
      label: huge,
      value: 0.5,
      bound: { op: '>=', value: 0.8, kind: 'value' },
      verdict: 'fail',
      interval: { low: 0.4, high: 0.6, level: 0.95, method: huge },
      reason: huge,
    })),
    metrics: {},
    tables: [
      {
        title: huge,
        columns: Array.from({ length: 40 }, () => huge),
        rows: [
          [huge, huge],
          [1, 2],
        ],
      },
    ],
    findings: Array.from({ length: 20 }, () => ({
      severity: 'error',
      message: huge,
      file: huge,
      column: huge,
    })),
    context: { [huge]: huge, rows: 12 },
    policy: huge,
  }

  it.each([4_096, 10_000, 61_440, 65_536])(
    'never exceeds a limit of %i, whatever the input',
    (limit) => {
      for (const results of [
        [monster],
        [monster, monster, passResult],
        [{ ...passResult, tables: [tenMegabytes] }],
      ]) {
        const out = renderMarkdown(results, { limit })
        expect(out.length).toBeLessThanOrEqual(limit)
        expect(out.split('\n')[0]).toMatch(/^<!-- mlgate:[^\n]* -->$/)
        expect(out.split('\n')[1]).toMatch(/^## /)
        expect(isBalanced(out)).toBe(true)
      }
    },
  )

  it('clips one huge value instead of letting it crowd out the report', () => {
    const out = renderMarkdown([monster])
    expect(out.split('\n')[1]!.length).toBeLessThan(4_000)
    expect(out).toContain('### ❌')
    expect(out).toContain('| Check | Value | Bound | Interval | Verdict |')
  })
})

describe('the limit is exact', () => {
  it('keeps a report that fits to the character and trims one that is a character over', () => {
    const result: GateResult = {
      ...failResult,
      findings: findings(30),
      tables: [bigTable(50, 12, 2), smallTable],
    }
    const full = renderMarkdown([result], { limit: 1_000_000 })
    expect(renderMarkdown([result], { limit: full.length })).toBe(full)
    const cut = renderMarkdown([result], { limit: full.length - 1 })
    expect(cut.length).toBeLessThanOrEqual(full.length - 1)
    expect(cut).toContain('Trimmed to fit')
  })
})
