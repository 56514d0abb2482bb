import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GateResult } from '@mlgate/gates'
import { renderHtml } from '../src/index.ts'
import { example, exampleResults } from './_gate-runs.ts'
import { errorResult, failResult, passResult, warnResult } from './_results.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-html-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let runs: Awaited<ReturnType<typeof exampleResults>>
let page: string
beforeAll(async () => {
  runs = await exampleResults()
  page = renderHtml([runs.accuracy, runs.drift, runs.fairness], {
    generatedAt: '2025-06-01T12:00:00Z',
  })
})

/** Every `<svg …>…</svg>` of a page, with its data-chart kind. */
function charts(doc: string): { kind: string; svg: string }[] {
  return [...doc.matchAll(/<svg\b[^>]*data-chart="([a-z]+)"[^>]*>[\s\S]*?<\/svg>/g)].map((m) => ({
    kind: m[1]!,
    svg: m[0],
  }))
}

function sections(doc: string): string[] {
  return [...doc.matchAll(/<section class="gate"[\s\S]*?<\/section>/g)].map((m) => m[0])
}

describe('renderHtml: document', () => {
  it('is one HTML document with the headline verdict and a section per gate', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true)
    expect(page.trimEnd().endsWith('</html>')).toBe(true)
    expect(page.match(/<html\b/g)).toHaveLength(1)
    expect(page).toContain('<meta charset="utf-8">')
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
    const overall = [runs.accuracy, runs.drift, runs.fairness].some((r) => r.status !== 'pass')
    expect(page).toMatch(
      overall
        ? /<p class="headline"><span class="badge \w+">/
        : /class="badge pass">Pass<\/span> <span>All 3 gates passed\./,
    )
    expect(page).toContain('3 gates · generated 2025-06-01T12:00:00Z')
    const gates = sections(page)
    expect(gates).toHaveLength(3)
    expect(gates.map((s) => /id="([^"]+)"/.exec(s)?.[1])).toEqual([
      'gate-accuracy',
      'gate-drift',
      'gate-fairness',
    ])
    // The navigation links to the sections, and only to them.
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1])
    expect(hrefs).toEqual(['#gate-accuracy', '#gate-drift', '#gate-fairness'])
  })

  it('shows each gate’s status, summary, checks with value, bound, interval and verdict', () => {
    const [accuracy] = sections(page)
    expect(accuracy).toContain(`<span class="badge ${runs.accuracy.status}">`)
    const checks = /<table class="checks">[\s\S]*?<\/table>/.exec(accuracy!)![0]
    expect(checks.match(/<tr class="(pass|warn|fail|error)">/g)).toHaveLength(
      runs.accuracy.checks.length,
    )
    expect(checks).toContain('ROC AUC vs champion')
    expect(checks).toContain('change ≥ -0.01')
    expect(checks).toMatch(/<td>\[0\.\d+, 0\.\d+\]<\/td>/)
    for (const table of runs.accuracy.tables) expect(accuracy).toContain(`${table.title} · `)
    expect(accuracy).toContain('<summary>Context</summary>')
  })

  it('reads the same for the same results and leaves the time out unless given', () => {
    const again = renderHtml([runs.accuracy, runs.drift, runs.fairness], {
      generatedAt: '2025-06-01T12:00:00Z',
    })
    expect(again).toBe(page)
    const plain = renderHtml([runs.drift])
    expect(plain).not.toContain('generated')
    expect(plain).toContain('<title>mlgate report · ')
    expect(plain).not.toContain('<nav>')
  })

  it('says a run with no results checked nothing, as an error', () => {
    const empty = renderHtml([])
    expect(empty).toContain('<span class="badge error">Error</span>')
    expect(empty).toContain('No gate results to report')
    expect(sections(empty)).toHaveLength(0)
  })
})

describe('renderHtml: charts', () => {
  it('draws ROC, precision-recall and calibration for a binary accuracy gate with champion', () => {
    const [accuracy] = sections(page)
    const found = charts(accuracy!)
    expect(found.map((c) => c.kind)).toEqual(['roc', 'pr', 'calibration'])
    for (const { svg } of found) {
      expect(svg).toMatch(/^<svg role="img" data-chart="\w+" viewBox="0 0 [\d.]+ [\d.]+"/)
      expect(svg).toMatch(/<title>[^<]+<\/title><desc>[^<]+<\/desc>/)
      // Candidate and champion, each a path with its name in the legend.
      expect(svg.match(/<path d="M/g)?.length).toBe(2)
      expect(svg).toContain('>candidate')
      expect(svg).toContain('>champion')
    }
    const [roc, pr, calibration] = found.map((c) => c.svg)
    const auc = runs.accuracy.metrics['roc_auc']!
    expect(roc).toContain(`candidate (AUC ${auc.toPrecision(4)})`)
    expect(roc).toContain('>False-positive rate<')
    expect(roc).toContain('>True-positive rate<')
    expect(roc).toContain('>chance (AUC 0.5)<')
    expect(roc).toContain('decision threshold 0.08')
    expect(pr).toContain('>Recall<')
    expect(pr).toMatch(/>prevalence 0\.0\d+ \(a model that guesses\)</)
    expect(calibration).toContain('>perfectly calibrated<')
    // One dot per non-empty bin of each model.
    const curves = runs.accuracy.details!['curves'] as {
      candidate: { calibration: { bins: { count: number }[] } }
      champion: { calibration: { bins: { count: number }[] } }
    }
    const filled = [curves.candidate, curves.champion]
      .map((m) => m.calibration.bins.filter((b) => b.count > 0).length)
      .reduce((a, b) => a + b)
    expect(calibration!.match(/<circle cx="[\d.]+" cy="[\d.]+" r="3.5"/g)).toHaveLength(filled)
  })

  it('draws PSI per column as bars with the warn and fail lines for the drift gate', () => {
    const [, drift] = sections(page)
    const found = charts(drift!)
    expect(found.map((c) => c.kind)).toEqual(['psi'])
    const svg = found[0]!.svg
    const columns = runs.drift.checks.filter((c) => c.name.startsWith('psi.')).length
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="12" fill=/g)).toHaveLength(
      columns,
    )
    expect(svg).toContain('>warn 0.1<')
    expect(svg).toContain('>fail 0.25<')
    expect(svg).toContain('>merchant_risk<')
    expect(svg).toContain('>PSI<')
  })

  it('draws selection rate, TPR and FPR per group for each fairness attribute', () => {
    const [, , fairness] = sections(page)
    const found = charts(fairness!)
    const groups = runs.fairness.details!['groups'] as Record<string, unknown[]>
    expect(found.map((c) => c.kind)).toEqual(Object.keys(groups).map(() => 'groups'))
    found.forEach(({ svg }, i) => {
      const [attribute, list] = Object.entries(groups)[i]!
      expect(svg).toContain(`<title>Rates by group: ${attribute.replace('&', '&amp;')}</title>`)
      // Three bars a group, each with its interval whisker (the gate ran the bootstrap).
      expect(svg.match(/<rect x="190" y="[\d.]+" width="[\d.]+" height="8"/g)).toHaveLength(
        3 * list.length,
      )
      expect(svg.match(/<path d="M[\d. ]+H/g)).toHaveLength(3 * list.length)
      for (const label of ['selection rate', 'true-positive rate', 'false-positive rate']) {
        expect(svg).toContain(`>${label}<`)
      }
    })
  })

  it('draws nothing for results without chart data, and says nothing about it', () => {
    for (const result of [errorResult, passResult, failResult]) {
      const doc = renderHtml([result])
      expect(doc).not.toContain('<svg')
      expect(doc).not.toContain('class="charts"')
      expect(doc.toLowerCase()).not.toMatch(/no charts?|chart unavailable/)
    }
    // A column named "psi" in a table of another shape is not the drift gate's PSI.
    expect(charts(renderHtml([warnResult])).map((c) => c.kind)).toEqual([])
  })

  it('draws at most 60 PSI bars, says so, and marks per-column bands as ticks', () => {
    const rows = Array.from({ length: 70 }, (_, i) => [
      `feature_${i}`,
      (70 - i) / 100,
      i === 0 ? 0.2 : 0.1,
      i === 0 ? 0.5 : 0.25,
      (70 - i) / 100 >= 0.25 ? 'fail' : (70 - i) / 100 >= 0.1 ? 'warn' : 'pass',
    ])
    const many: GateResult = {
      ...warnResult,
      tables: [
        {
          title: 'Drift by column',
          columns: ['column', 'PSI', 'warn at', 'fail at', 'verdict'],
          rows,
        },
      ],
    }
    const doc = renderHtml([many])
    const [psi] = charts(doc)
    expect(psi?.kind).toBe('psi')
    expect(psi!.svg.match(/height="12" fill="#cf222e"/g)).toHaveLength(70 - 24)
    expect(psi!.svg.match(/height="12" fill=/g)).toHaveLength(60)
    expect(psi!.svg).toContain('<title>PSI per column (the 60 most drifted of 70)</title>')
    expect(doc).toContain('The 60 most drifted of 70 columns; the table lists all.')
    // Bands differ between columns: a warn and a fail tick on each of the 60 rows.
    expect(psi!.svg.match(/stroke-width="2"\/>/g)).toHaveLength(120)
    expect(psi!.svg).not.toContain('>warn 0.1<')
  })

  it('leaves out a chart whose data is malformed instead of drawing NaN', () => {
    const broken: GateResult = {
      ...runs.accuracy,
      details: {
        curves: {
          candidate: {
            roc: { fpr: [0, 'x', 1], tpr: [0, 0.5, 1], auc: 0.7 },
            pr: { recall: [0, 1], precision: [1, null], average_precision: 0.5, prevalence: 2 },
            calibration: {
              bins: [{ low: 0, high: 0.1, count: 5, mean_score: 0.05, observed_rate: 0.1 }],
            },
            operating_point: { threshold: 0.5, fpr: Number.NaN, tpr: 0.4, precision: 0.3 },
          },
          champion: 'not an object',
        },
      },
    }
    const doc = renderHtml([broken])
    expect(charts(doc).map((c) => c.kind)).toEqual(['calibration'])
    expect(doc).not.toMatch(/NaN|Infinity|undefined"/)
  })

  it('writes only finite coordinates inside each chart’s view box', () => {
    for (const { kind, svg } of charts(page)) {
      const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.map(Number)
      const attributes = [...svg.matchAll(/\b(x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]*)"/g)]
      expect(attributes.length, kind).toBeGreaterThan(20)
      for (const [, name, value] of attributes) {
        const v = Number(value)
        expect(Number.isFinite(v), `${kind} ${name}="${value}"`).toBe(true)
        const limit = name!.startsWith('x') || name === 'cx' || name === 'width' ? w! : h!
        expect(v, `${kind} ${name}`).toBeGreaterThanOrEqual(0)
        expect(v, `${kind} ${name}`).toBeLessThanOrEqual(limit)
      }
      for (const [, d] of svg.matchAll(/ d="([^"]*)"/g)) {
        const numbers = d!.split(/[MLHV ]+/).filter((t) => t !== '')
        expect(numbers.length).toBeGreaterThan(0)
        for (const t of numbers) expect(Number.isFinite(Number(t)), `${kind} path ${t}`).toBe(true)
      }
    }
  })
})

describe('renderHtml: self-contained and escaped', () => {
  it('references nothing outside the file: no URL, script, stylesheet link, image or frame', () => {
    expect(page).not.toMatch(/https?:|\/\/[a-z]|url\(|@import/i)
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|base|source|video|audio)\b/i)
    expect(page).not.toMatch(/\s(src|srcset|action|xlink:href|formaction)=/i)
    expect(page).not.toMatch(/\son[a-z]+=/i)
  })

  it('escapes hostile column names, group values, titles and options from real gate runs', async () => {
    // The example with its `region` column renamed to markup and some regions made markup too,
    // with a right-to-left override that would reorder the text around it.
    const hostileColumn = '<script>alert(1)</script>'
    const hostileValue = '<img src=x onerror=alert(1)>\u202Eevil'
    const rewrite = (name: string) => {
      const [header, ...rows] = readFileSync(example(name), 'utf8').trimEnd().split('\n')
      const at = header!.split(',').indexOf('region')
      const out = [
        header!.replace('region', hostileColumn),
        ...rows.map((row) => {
          const cells = row.split(',')
          if (cells[at] === 'north') cells[at] = hostileValue
          return cells.join(',')
        }),
      ].join('\n')
      const path = join(dir, name)
      writeFileSync(path, out)
      return path
    }
    const hostile = await exampleResults(rewrite('holdout.csv'), rewrite('train.csv'), [
      'age_group',
      hostileColumn,
    ])
    const doc = renderHtml([hostile.accuracy, hostile.drift, hostile.fairness], {
      title: '</title><script>alert("title")</script>',
      generatedAt: '"><b onclick=x>now',
    })
    expect(doc).not.toMatch(/<(script|img|b)\b/i)
    expect(doc).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i)
    expect(doc).not.toContain('\u202E')
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(doc).toContain('&lt;img src=x onerror=alert(1)&gt;evil')
    expect(doc).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(&quot;title&quot;)')
    expect(doc).toContain('generated &quot;&gt;&lt;b onclick=x&gt;now')
    // The hostile names reach the charts too, escaped: as a PSI bar and as fairness groups.
    const kinds = charts(doc)
    expect(kinds.find((c) => c.kind === 'psi')?.svg).toContain('&lt;script&gt;alert(1)&lt;/sc')
    expect(
      kinds.filter((c) => c.kind === 'groups').some((c) => c.svg.includes('&lt;img src=x')),
    ).toBe(true)
  })
})
