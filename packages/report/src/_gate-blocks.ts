import type { Check, Finding, GateResult, ResultTable } from '@mlgate/gates'
import { fixedBlock, type Block } from './_block.ts'
import {
  formatBound,
  formatCell,
  formatCheckInterval,
  formatCheckValue,
  formatContextNumber,
  formatCount,
  formatThreshold,
} from './_format.ts'
import { checksChart, type Chart } from './_mermaid.ts'
import { seriesChart } from './_series-chart.ts'
import { SEVERITY_EMOJI, STATUS_EMOJI, STATUS_WORD } from './_status.ts'
import { clipLine, escapeHtmlText } from './_text.ts'
import { escapeMarkdown } from './escape-markdown.ts'

export type GateBlockOptions = {
  /** Print the gate's summary under its heading (not needed when the headline already says it). */
  readonly showSummary: boolean
}

/**
 * One gate as blocks, in reading order: heading, checks, notes on checks that did not pass,
 * policy, charts, findings, tables, context. Every value from the result is escaped and clipped.
 */
export function gateBlocks(result: GateResult, options: GateBlockOptions): Block[] {
  const blocks: Block[] = [headingBlock(result, options.showSummary)]
  if (result.checks.length > 0) blocks.push(checksBlock(result.checks))
  const notes = notesBlock(result.checks)
  if (notes) blocks.push(notes)
  if (result.policy.trim() !== '') {
    blocks.push(fixedBlock('policy', KEEP.core, [`**Policy:** ${md(result.policy, POLICY_MAX)}`]))
  }
  const charts = [checksChart(result), ...result.tables.map(seriesChart)]
  for (const chart of charts) if (chart) blocks.push(chartBlock(chart))
  if (result.findings.length > 0)
    blocks.push(findingsBlock(result.findings, result.status !== 'pass'))
  for (const table of result.tables) if (table.columns.length > 0) blocks.push(tableBlock(table))
  const context = contextBlock(result.context)
  if (context) blocks.push(context)
  return blocks
}

// --- internal ---

/** What a size limit drops last (0) to first (4); see `Block.keep`. */
const KEEP = { core: 0, context: 1, chart: 2, moreFindings: 3, table: 4 } as const

// Caps on one value (UTF-16 units before escaping), so that no single value from the data can
// crowd out the rest of a report: a title fits a heading, a sentence a paragraph, a cell a column.
const TITLE_MAX = 100
const SENTENCE_MAX = 500
const LABEL_MAX = 120
const REASON_MAX = 300
const POLICY_MAX = 1000
const CELL_MAX = 200
const MESSAGE_MAX = 500
const CORE_CHECKS = 50
/** How many findings stay with the core of a report; the rest go before tables but after charts. */
const CORE_FINDINGS = 10
const CORE_NOTES = 20
/** A wider table scrolls sideways in GitHub's UI until nobody reads it. */
const MAX_COLUMNS = 30
const MAX_CONTEXT = 50

function md(text: string, max: number): string {
  return escapeMarkdown(clipLine(text, max))
}

function headingBlock(result: GateResult, showSummary: boolean): Block {
  const heading = `### ${STATUS_EMOJI[result.status]} ${md(result.title, TITLE_MAX)} · ${STATUS_WORD[result.status]}`
  const summary = md(result.summary, SENTENCE_MAX)
  return fixedBlock(
    'heading',
    KEEP.core,
    showSummary && summary !== '' ? [heading, '', summary] : [heading],
  )
}

function checksBlock(checks: readonly Check[]): Block {
  return {
    role: 'checks',
    keep: KEEP.core,
    tieBreak: 0,
    head: ['| Check | Value | Bound | Interval | Verdict |', '| :-- | --: | :-- | :-- | :-- |'],
    count: checks.length,
    item: (i) => {
      const c = checks[i]
      if (c == null) return ''
      return row([
        md(c.label, LABEL_MAX),
        formatCheckValue(c.value, c.bound),
        c.bound ? formatBound(c.bound) : '—',
        formatCheckInterval(c.interval, c.bound),
        `${STATUS_EMOJI[c.verdict]} ${c.verdict}`,
      ])
    },
    coreItems: CORE_CHECKS,
    // Checks beyond the first 50 are left to the full report: a comment is not the place.
    extraKeep: Infinity,
    more: (n) => `_… ${formatCount(n)} more ${plural(n, 'check')} in the full report._`,
    tail: [],
    lossy: false,
  }
}

/** Why each check that did not pass (or has no value) got its verdict, and how intervals were made. */
function notesBlock(checks: readonly Check[]): Block | undefined {
  const noted = checks.filter((c) => c.verdict !== 'pass' || c.value == null)
  const methods = [
    ...new Set(
      checks.flatMap((c) =>
        c.interval ? [`${formatThreshold(c.interval.level * 100)}% ${c.interval.method}`] : [],
      ),
    ),
  ]
  const intervals =
    methods.length > 0
      ? [
          `Intervals: ${md(`${methods.slice(0, 3).join('; ')}${methods.length > 3 ? '; …' : ''}`, SENTENCE_MAX)}.`,
        ]
      : []
  if (noted.length === 0 && intervals.length === 0) return undefined
  return {
    role: 'notes',
    keep: KEEP.core,
    tieBreak: 0,
    head: noted.length > 0 && intervals.length > 0 ? [...intervals, ''] : intervals,
    count: noted.length,
    item: (i) => {
      const c = noted[i]
      if (c == null) return ''
      const what = c.value == null ? ' (undefined)' : ''
      return `- ${STATUS_EMOJI[c.verdict]} **${md(c.label, LABEL_MAX)}**${what}: ${md(c.reason, REASON_MAX)}`
    },
    coreItems: CORE_NOTES,
    extraKeep: KEEP.moreFindings,
    more: (n) => `_… ${formatCount(n)} more ${plural(n, 'note')} in the full report._`,
    tail: [],
    lossy: false,
  }
}

function chartBlock(chart: Chart): Block {
  return fixedBlock('chart', KEEP.chart, [
    '<details>',
    `<summary>📊 ${escapeHtmlText(clipLine(chart.title, TITLE_MAX))}</summary>`,
    '',
    '```mermaid',
    ...chart.source,
    '```',
    '',
    '</details>',
  ])
}

function findingsBlock(findings: readonly Finding[], open: boolean): Block {
  const counts = { error: 0, warning: 0, notice: 0 }
  for (const f of findings) counts[f.severity]++
  const parts = (['error', 'warning', 'notice'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${formatCount(counts[s])} ${plural(counts[s], s)}`)
  return {
    role: 'findings',
    keep: KEEP.core,
    tieBreak: 0,
    head: [
      open ? '<details open>' : '<details>',
      `<summary>Findings: ${parts.join(', ')}</summary>`,
      '',
    ],
    count: findings.length,
    item: (i) => {
      const f = findings[i]
      return f == null ? '' : `- ${SEVERITY_EMOJI[f.severity]} ${findingText(f)}`
    },
    coreItems: CORE_FINDINGS,
    extraKeep: KEEP.moreFindings,
    more: (n) => `_… ${formatCount(n)} more ${plural(n, 'finding')} in the full report._`,
    tail: ['', '</details>'],
    lossy: false,
  }
}

function findingText(f: Finding): string {
  const where: string[] = []
  if (f.file != null)
    where.push(md(f.file, CELL_MAX) + (f.line != null ? `, line ${formatCount(f.line)}` : ''))
  if (f.row != null) where.push(`row ${formatCount(f.row)}`)
  if (f.column != null) where.push(`column ${md(f.column, CELL_MAX)}`)
  const message = md(f.message, MESSAGE_MAX)
  return where.length > 0 ? `${where.join(', ')}: ${message}` : message
}

function tableBlock(table: ResultTable): Block {
  const width = Math.min(table.columns.length, MAX_COLUMNS)
  const numeric = Array.from({ length: width }, (_, j) => isNumericColumn(table, j))
  const extra =
    table.columns.length > width
      ? ` · first ${width} of ${formatCount(table.columns.length)} columns`
      : ''
  const rows = table.rows.length
  return {
    role: 'table',
    keep: KEEP.table,
    tieBreak: table.priority ?? 0,
    head: [
      '<details>',
      `<summary>${escapeHtmlText(clipLine(table.title, TITLE_MAX))} · ${formatCount(rows)} ${plural(rows, 'row')}${extra}</summary>`,
      '',
      row(table.columns.slice(0, width).map((c) => md(c, CELL_MAX))),
      row(numeric.map((n) => (n ? '--:' : ':--'))),
    ],
    count: rows,
    item: (i) => {
      const cells = table.rows[i] ?? []
      return row(
        Array.from({ length: width }, (_, j) => {
          const v = cells[j]
          return typeof v === 'number' ? formatCell(v) : md(formatCell(v ?? null), CELL_MAX)
        }),
      )
    },
    coreItems: 0,
    extraKeep: KEEP.table,
    more: (n) => `_… ${formatCount(n)} more ${plural(n, 'row')} in the full report._`,
    tail: ['', '</details>'],
    lossy: extra !== '',
  }
}

function contextBlock(context: GateResult['context']): Block | undefined {
  const entries = Object.entries(context)
  if (entries.length === 0) return undefined
  const shown = entries.slice(0, MAX_CONTEXT)
  return {
    role: 'context',
    keep: KEEP.context,
    tieBreak: 0,
    head: ['<details>', '<summary>Context</summary>', '', '| Fact | Value |', '| :-- | :-- |'],
    count: shown.length,
    item: (i) => {
      const [key, value] = shown[i] ?? ['', '']
      return row([md(key, LABEL_MAX), contextValue(key, value)])
    },
    coreItems: 0,
    extraKeep: KEEP.context,
    more: (n) => `_… ${formatCount(n)} more ${plural(n, 'fact')} in the full report._`,
    tail: ['', '</details>'],
    lossy: entries.length > shown.length,
  }
}

function contextValue(key: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return md(value, CELL_MAX)
  return formatContextNumber(key, value)
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

/** One GFM table row; cells are already escaped, so they hold no unescaped `|` and no line break. */
function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
