import type { Check, Finding, GateResult, GateStatus, ResultTable } from '@mlgate/gates'
import {
  formatBound,
  formatCell,
  formatCheckInterval,
  formatCheckValue,
  formatContextNumber,
  formatCount,
  formatThreshold,
} from './_format.ts'
import { gateCharts } from './_html-charts.ts'
import { html, htmlLines } from './_html-text.ts'
import { STATUS_WORD } from './_status.ts'

/**
 * One gate as an HTML `<section>`: heading with its status, summary, checks (value, bound,
 * interval, verdict, reason), policy, charts, findings, tables and context. Every value from the
 * result is cleaned, clipped and escaped. `id` is the section's anchor.
 */
export function gateSection(result: GateResult, id: string): string {
  const parts = [
    `<section class="gate" id="${id}">`,
    `<h2>${badge(result.status)} ${html(result.title, TITLE_MAX)}</h2>`,
  ]
  if (result.summary.trim() !== '') {
    parts.push(`<p class="summary">${html(result.summary, SENTENCE_MAX)}</p>`)
  }
  if (result.checks.length > 0) parts.push(checksTable(result.checks))
  const methods = intervalMethods(result.checks)
  if (methods) parts.push(`<p class="note">${methods}</p>`)
  if (result.policy.trim() !== '') {
    parts.push(`<p class="policy"><strong>Policy:</strong> ${html(result.policy, POLICY_MAX)}</p>`)
  }
  const charts = gateCharts(result)
  if (charts.length > 0) parts.push(`<div class="charts">${charts.join('')}</div>`)
  if (result.findings.length > 0)
    parts.push(findingsList(result.findings, result.status !== 'pass'))
  for (const table of result.tables) if (table.columns.length > 0) parts.push(tableBlock(table))
  const context = contextTable(result.context)
  if (context) parts.push(context)
  parts.push('</section>')
  return parts.join('\n')
}

/** A status as a coloured word (no emoji: a report must read the same without colour fonts). */
export function badge(status: GateStatus): string {
  return `<span class="badge ${status}">${STATUS_WORD[status]}</span>`
}

// --- internal ---

// Caps on one value (UTF-16 units), so that no value from the data can swamp the page.
const TITLE_MAX = 200
const SENTENCE_MAX = 2000
const LABEL_MAX = 300
const REASON_MAX = 1000
const POLICY_MAX = 4000
const CELL_MAX = 1000
const MESSAGE_MAX = 2000
/** Rows of one table on the page; the JSON result has them all. */
const MAX_ROWS = 1000
const MAX_FINDINGS = 500
const MAX_CONTEXT = 200

function checksTable(checks: readonly Check[]): string {
  const rows = checks.map(
    (c) =>
      `<tr class="${c.verdict}"><td>${html(c.label, LABEL_MAX)}</td><td class="num">${html(formatCheckValue(c.value, c.bound), 60)}</td><td>${c.bound ? html(formatBound(c.bound), 80) : '—'}</td><td>${html(formatCheckInterval(c.interval, c.bound), 80)}</td><td>${badge(c.verdict)}</td><td class="reason">${html(c.reason, REASON_MAX)}</td></tr>`,
  )
  return [
    '<table class="checks">',
    '<thead><tr><th>Check</th><th class="num">Value</th><th>Bound</th><th>Interval</th><th>Verdict</th><th>Why</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
  ].join('')
}

function intervalMethods(checks: readonly Check[]): string | undefined {
  const methods = [
    ...new Set(
      checks.flatMap((c) =>
        c.interval ? [`${formatThreshold(c.interval.level * 100)}% ${c.interval.method}`] : [],
      ),
    ),
  ]
  return methods.length > 0 ? `Intervals: ${html(methods.join('; '), SENTENCE_MAX)}.` : undefined
}

function findingsList(findings: readonly Finding[], open: boolean): string {
  const counts = { error: 0, warning: 0, notice: 0 }
  for (const f of findings) counts[f.severity]++
  const summary = (['error', 'warning', 'notice'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${formatCount(counts[s])} ${plural(counts[s], s)}`)
    .join(', ')
  const shown = findings.slice(0, MAX_FINDINGS)
  const items = shown.map((f) => `<li class="${f.severity}">${findingText(f)}</li>`)
  if (findings.length > shown.length) {
    items.push(
      `<li class="more">… ${formatCount(findings.length - shown.length)} more in the JSON result.</li>`,
    )
  }
  return `<details class="findings"${open ? ' open' : ''}><summary>Findings: ${summary}</summary><ul>${items.join('')}</ul></details>`
}

function findingText(f: Finding): string {
  const where: string[] = []
  if (f.file != null) {
    where.push(html(f.file, CELL_MAX) + (f.line != null ? `, line ${formatCount(f.line)}` : ''))
  }
  if (f.row != null) where.push(`row ${formatCount(f.row)}`)
  if (f.column != null) where.push(`column ${html(f.column, CELL_MAX)}`)
  const severity = `<span class="severity">${f.severity}</span>`
  const message = `<span class="message">${htmlLines(f.message, MESSAGE_MAX)}</span>`
  return where.length > 0
    ? `${severity} <span class="where">${where.join(', ')}</span>: ${message}`
    : `${severity} ${message}`
}

function tableBlock(table: ResultTable): string {
  const numeric = table.columns.map((_, j) => isNumericColumn(table, j))
  const cls = (j: number) => (numeric[j] ? ' class="num"' : '')
  const shown = table.rows.slice(0, MAX_ROWS)
  const head = table.columns.map((c, j) => `<th${cls(j)}>${html(c, CELL_MAX)}</th>`).join('')
  const body = shown
    .map(
      (r) =>
        `<tr>${table.columns.map((_, j) => `<td${cls(j)}>${html(formatCell(r[j] ?? null), CELL_MAX)}</td>`).join('')}</tr>`,
    )
    .join('')
  const more =
    table.rows.length > shown.length
      ? `<p class="note">… ${formatCount(table.rows.length - shown.length)} more rows in the JSON result.</p>`
      : ''
  const rows = table.rows.length
  return `<details class="table"><summary>${html(table.title, TITLE_MAX)} · ${formatCount(rows)} ${plural(rows, 'row')}</summary><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}</details>`
}

function contextTable(context: GateResult['context']): string | undefined {
  const entries = Object.entries(context).slice(0, MAX_CONTEXT)
  if (entries.length === 0) return undefined
  const rows = entries.map(([key, value]) => {
    const text =
      typeof value === 'number'
        ? formatContextNumber(key, value)
        : typeof value === 'boolean'
          ? String(value)
          : value
    return `<tr><th>${html(key, LABEL_MAX)}</th><td>${html(text, CELL_MAX)}</td></tr>`
  })
  return `<details class="context"><summary>Context</summary><table>${rows.join('')}</table></details>`
}

function isNumericColumn(table: ResultTable, j: number): boolean {
  let any = false
  for (const r of table.rows) {
    const v = r[j]
    if (typeof v === 'number') any = true
    else if (v != null) return false
  }
  return any
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
