import type { GateResult } from '@mlgate/gates'
import { badge, gateSection } from './_html-gate.ts'
import { HTML_STYLE } from './_html-style.ts'
import { html } from './_html-text.ts'
import { headlineSentence, overallStatus } from './_status.ts'

export type HtmlOptions = {
  /** The page's title and heading. Default "mlgate report". */
  readonly title?: string
  /** When the report was made, shown as given (e.g. an ISO timestamp). Absent: not shown, so the same results give the same bytes. */
  readonly generatedAt?: string
}

/**
 * The results as one self-contained HTML document: the headline verdict across gates, then a
 * section per gate (status, summary, checks, policy, charts, findings, tables, context). Charts
 * are inline SVG (`<svg role="img" data-chart="roc|pr|calibration|psi|groups">`), styles are
 * inline, and there is no script, font, image or link to fetch: a Content-Security-Policy of
 * `default-src 'none'` makes any browser refuse to load one. Every value from the results is
 * escaped. No size limit applies (it is a file, not a comment), but one value or table is capped
 * so that no input can swamp the page.
 */
export function renderHtml(results: readonly GateResult[], options: HtmlOptions = {}): string {
  const title = options.title ?? 'mlgate report'
  const status = overallStatus(results)
  const ids = sectionIds(results)
  const nav =
    results.length > 1
      ? `<nav><ul>${results.map((r, i) => `<li>${badge(r.status)} <a href="#${ids[i]}">${html(r.title, 200)}</a></li>`).join('')}</ul></nav>`
      : ''
  const meta = [
    `${results.length} ${results.length === 1 ? 'gate' : 'gates'}`,
    ...(options.generatedAt != null ? [`generated ${html(options.generatedAt, 100)}`] : []),
  ].join(' · ')
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${html(title, 200)} · ${status}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${html(title, 200)}</h1>`,
    `<p class="headline">${badge(status)} <span>${html(headlineSentence(results), 2000)}</span></p>`,
    `<p class="meta">${meta}</p>`,
    nav,
    '</header>',
    ...results.map((r, i) => gateSection(r, ids[i]!)),
    '<footer>Made by mlgate. Charts are drawn from the results above; the JSON result holds every number.</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

// --- internal ---

/** `gate-<id>`, numbered when a gate id repeats or is not a plain word. */
function sectionIds(results: readonly GateResult[]): string[] {
  const seen = new Set<string>()
  return results.map((r, i) => {
    const word = /^[a-z][a-z0-9_-]{0,40}$/i.test(r.gate) ? r.gate : `${i + 1}`
    const id = seen.has(`gate-${word}`) ? `gate-${word}-${i + 1}` : `gate-${word}`
    seen.add(id)
    return id
  })
}
