import type { GateResult } from '@mlgate/gates'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../src/index.ts'
import { errorResult, failResult, passResult, warnResult } from './_results.ts'
import { cells, isBalanced, mermaidBlocks, tables } from './_markdown.ts'

const firstLine = (s: string): string => s.split('\n')[0] ?? ''
const headline = (s: string): string => s.split('\n')[1] ?? ''

describe('renderMarkdown: marker and headline', () => {
  it('puts the hidden marker first, made of the gate ids by default', () => {
    expect(firstLine(renderMarkdown([passResult]))).toBe('<!-- mlgate:accuracy -->')
    expect(firstLine(renderMarkdown([failResult, warnResult]))).toBe(
      '<!-- mlgate:accuracy+drift -->',
    )
  })

  it('takes a marker key or a whole marker line', () => {
    expect(
      firstLine(renderMarkdown([passResult], { marker: 'sticky:v1 gate=accuracy model=m' })),
    ).toBe('<!-- mlgate:sticky:v1 gate=accuracy model=m -->')
    expect(
      firstLine(renderMarkdown([passResult], { marker: '<!-- mlgate:accuracy+drift -->' })),
    ).toBe('<!-- mlgate:accuracy+drift -->')
  })

  it('refuses a marker that could end the HTML comment', () => {
    expect(() => renderMarkdown([passResult], { marker: 'a --> <img>' })).toThrow(
      /cannot go inside an HTML comment.*"--"/,
    )
    expect(() => renderMarkdown([passResult], { marker: 'a\nb' })).toThrow(/one line/)
  })

  it('cleans gate ids that could end the HTML comment', () => {
    const line = firstLine(renderMarkdown([{ ...passResult, gate: 'x --> <img src=x>' }]))
    expect(line).toMatch(/^<!-- mlgate:[^<>]*? -->$/)
    expect(line.slice(4, -3)).not.toContain('--')
  })

  it.each([
    [passResult, '## ✅ Pass — Accuracy gate: All 1 bound\\(s\\) hold on 12,000 rows.'],
    [warnResult, '## ⚠️ Warn — Drift gate: PSI of income is 0.15, above the warning level 0.1.'],
    [
      failResult,
      '## ❌ Fail — Accuracy gate: 1 of 2 bound\\(s\\) failed on 12,000 rows; first: F1: F1 0.7712 is below 0.8.',
    ],
    [
      errorResult,
      '## 🚫 Error — Schema gate: data/holdout.csv has no data rows: the gate evaluated nothing, so it cannot pass.',
    ],
  ])('states the verdict of a %s gate in the headline', (result, expected) => {
    expect(headline(renderMarkdown([result]))).toBe(expected)
  })

  it('sums up several gates, worst first, error above fail', () => {
    const out = renderMarkdown([passResult, warnResult, failResult, errorResult])
    expect(headline(out)).toBe(
      '## 🚫 Error — 1 of 4 gates passed; Schema gate could not run, Accuracy gate failed, Drift gate warned.',
    )
    expect(
      headline(renderMarkdown([passResult, { ...passResult, gate: 'drift', title: 'Drift gate' }])),
    ).toBe('## ✅ Pass — All 2 gates passed.')
  })

  it('reports no results as an error, never a pass', () => {
    expect(headline(renderMarkdown([]))).toBe(
      '## 🚫 Error — No gate results to report: a run that checked nothing cannot pass.',
    )
  })
})

describe('renderMarkdown: sections', () => {
  it('lays out one gate', () => {
    expect(renderMarkdown([failResult])).toMatchInlineSnapshot(`
      "<!-- mlgate:accuracy -->
      ## ❌ Fail — Accuracy gate: 1 of 2 bound\\(s\\) failed on 12,000 rows; first: F1: F1 0.7712 is below 0.8.

      ### ❌ Accuracy gate · Fail

      | Check | Value | Bound | Interval | Verdict |
      | :-- | --: | :-- | :-- | :-- |
      | ROC AUC | 0.9123 | ≥ 0.8 | [0.901, 0.925] | ✅ pass |
      | F1 | 0.7712 | ≥ 0.8 | [0.751, 0.790] | ❌ fail |

      Intervals: 95% percentile bootstrap, 1000 resamples, seed 42.

      - ❌ **F1**: F1 0.7712 is below 0.8 across its whole 95% interval.

      **Policy:** A bound fails when the whole 95% bootstrap interval misses it.

      <details>
      <summary>📊 Accuracy gate: values (bars) vs bounds (line)</summary>

      \`\`\`mermaid
      xychart-beta
        title "Accuracy gate: values (bars) vs bounds (line)"
        x-axis ["ROC AUC", "F1"]
        y-axis "value" 0 --> 1
        bar [0.9123, 0.7712]
        line [0.8, 0.8]
      \`\`\`

      </details>

      <details>
      <summary>📊 Metrics: value</summary>

      \`\`\`mermaid
      xychart-beta
        title "Metrics: value"
        x-axis ["ROC AUC", "F1", "accuracy"]
        y-axis "value"
        bar [0.9123, 0.7712, 0.88]
      \`\`\`

      </details>

      <details open>
      <summary>Findings: 1 warning</summary>

      - ⚠️ data/holdout.csv: Only 12,000 rows were evaluated.

      </details>

      <details>
      <summary>Metrics · 3 rows</summary>

      | metric | value |
      | :-- | --: |
      | ROC AUC | 0.9123 |
      | F1 | 0.7712 |
      | accuracy | 0.8800 |

      </details>

      <details>
      <summary>Context</summary>

      | Fact | Value |
      | :-- | :-- |
      | model | models/candidate.onnx |
      | model\\_sha256 | ab12cd34 |
      | rows | 12,000 |
      | seed | 12345 |

      </details>
      "
    `)
  })

  it('prints each gate with its own heading and summary when there are several', () => {
    const out = renderMarkdown([failResult, warnResult])
    expect(out).toContain('### ❌ Accuracy gate · Fail\n\n1 of 2 bound\\(s\\) failed')
    expect(out).toContain('### ⚠️ Drift gate · Warn\n\nPSI of income is 0.15')
  })

  it('shows an undefined value as "undefined" with its reason', () => {
    const out = renderMarkdown([errorResult])
    expect(out).toContain('| ROC AUC | undefined | ≥ 0.8 | — | 🚫 error |')
    expect(out).toContain(
      '- 🚫 **ROC AUC** (undefined): ROC AUC is undefined: only one class present in the labels.',
    )
  })

  it('draws checks against bounds and numeric table columns as Mermaid bar charts', () => {
    const charts = mermaidBlocks(renderMarkdown([failResult, warnResult]))
    expect(charts[0]).toEqual([
      'xychart-beta',
      '  title "Accuracy gate: values (bars) vs bounds (line)"',
      '  x-axis ["ROC AUC", "F1"]',
      '  y-axis "value" 0 --> 1',
      '  bar [0.9123, 0.7712]',
      '  line [0.8, 0.8]',
    ])
    // The PSI table: the null row is left out of the chart.
    expect(charts).toContainEqual([
      'xychart-beta',
      '  title "PSI per feature: psi"',
      '  x-axis ["age", "income"]',
      '  y-axis "psi"',
      '  bar [0.012, 0.15]',
    ])
  })

  it('draws no chart of checks on different scales', () => {
    const latency = {
      ...failResult,
      tables: [],
      checks: [
        failResult.checks[0]!,
        {
          ...failResult.checks[1]!,
          value: 120,
          bound: { op: '<=', value: 200, kind: 'value' },
        } as const,
      ],
    } satisfies GateResult
    expect(mermaidBlocks(renderMarkdown([latency]))).toEqual([])
  })

  it('links the workflow run, percent-encoding what would end the link', () => {
    const out = renderMarkdown([passResult], {
      runUrl: 'https://github.com/o/r/actions/runs/1?a=(x)',
    })
    expect(out).toContain('[Workflow run](https://github.com/o/r/actions/runs/1?a=%28x%29)')
  })

  it('refuses a run URL that is not http(s)', () => {
    expect(() => renderMarkdown([passResult], { runUrl: 'javascript:alert(1)' })).toThrow(
      /must be an http\(s\) URL/,
    )
    expect(() => renderMarkdown([passResult], { runUrl: 'not a url' })).toThrow(
      /must be an http\(s\) URL/,
    )
  })

  it('refuses a limit too small to hold the headline', () => {
    expect(() => renderMarkdown([passResult], { limit: 100 })).toThrow(/at least 4,096, got 100/)
    expect(() => renderMarkdown([passResult], { limit: 5000.5 })).toThrow(/whole number/)
  })
})

describe('renderMarkdown: values from data are inert', () => {
  const evil = '<img src=x onerror=alert(1)> @admin'
  const crafted: GateResult = {
    gate: 'drift',
    title: 'Drift gate </summary><img src=x>',
    status: 'fail',
    summary: `Column ${evil} drifted; see #123.`,
    checks: [
      {
        name: 'psi',
        label: `PSI ${evil} "quoted" [x]`,
        value: 0.4,
        bound: { op: '<=', value: 0.2, kind: 'value' },
        verdict: 'fail',
        reason: 'PSI | above\nbound',
      },
      {
        name: 'psi2',
        label: 'PSI ```\n%%{init: {}}%%',
        value: 0.1,
        bound: { op: '<=', value: 0.2, kind: 'value' },
        verdict: 'pass',
        reason: 'ok',
      },
    ],
    metrics: {},
    tables: [
      {
        title: `Categories of ${evil}`,
        columns: ['category', evil, 'rows'],
        rows: [
          ['a | b', 'x\ny | z', 3],
          [evil, '<script>alert(1)</script>', 4],
          ['[link](https://evil.example)', '@admin #123', 5],
        ],
      },
    ],
    findings: [
      {
        severity: 'error',
        message: `Bad value ${evil}`,
        file: '<b>x.csv</b>',
        column: evil,
        row: 3,
      },
    ],
    context: { [evil]: evil },
    policy: `Policy by ${evil}`,
  }
  const out = renderMarkdown([crafted])

  it('contains no raw HTML tag from the data', () => {
    expect(out).not.toContain('<img')
    expect(out).not.toContain('<script')
    expect(out).not.toContain('<b>')
    expect(out).not.toContain('</summary><')
  })

  it('contains no @-mention or issue reference GitHub would link', () => {
    expect(out).not.toContain('@admin')
    expect(out).not.toMatch(/(?<![&\\])#\d/)
    expect(out).not.toContain('\\#123')
  })

  it('keeps every table row at its column count', () => {
    for (const table of tables(out)) {
      const width = cells(table[0] ?? '').length
      for (const line of table) expect(cells(line), line).toHaveLength(width)
    }
    const categories = tables(out).find((t) => (t[0] ?? '').startsWith('| category'))
    expect(categories).toHaveLength(5)
  })

  it('keeps Mermaid labels inside their quotes and the fence closed', () => {
    const [chart] = mermaidBlocks(out)
    expect(chart).toHaveLength(6)
    const axis = chart?.[2] ?? ''
    // Two labels: exactly four quotes, and no bracket but the list's own.
    expect(axis.match(/"/g)).toHaveLength(4)
    expect(axis.slice('  x-axis ['.length, -1)).not.toMatch(/[[\]<>`]/)
    for (const line of chart ?? []) expect(line).not.toContain('```')
    expect(isBalanced(out)).toBe(true)
  })
})
