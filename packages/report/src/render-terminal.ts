import type { Check, Finding, GateResult, GateStatus, ResultTable } from '@mlgate/gates'
import { markdownTable } from 'markdown-table'
import {
  formatBound,
  formatCell,
  formatCheckInterval,
  formatCheckValue,
  formatContextNumber,
  formatCount,
} from './_format.ts'
import { headlineSentence, overallStatus } from './_status.ts'
import { clipLine } from './_text.ts'

export type TerminalOptions = {
  /** ANSI colours for statuses and verdicts. Default false: the caller knows whether stdout is a TTY. */
  readonly color?: boolean
}

/**
 * The results for a person at a terminal: per gate its status, summary, a checks table, why
 * checks did not pass, the policy, the first findings, the first rows of each table and the
 * context; then the overall verdict. Values from data are cut to one line and stripped of control
 * characters, so a crafted value cannot move the cursor or recolour the terminal.
 */
export function renderTerminal(
  results: readonly GateResult[],
  options: TerminalOptions = {},
): string {
  const paint = options.color === true ? colorize : (_: GateStatus, text: string): string => text
  const out: string[] = []
  for (const r of results) {
    out.push(
      `${paint(r.status, STATUS_TAG[r.status])} ${text(r.title, 100)}`,
      `  ${text(r.summary, 500)}`,
    )
    if (r.checks.length > 0) out.push('', ...indent(checksTable(r.checks, paint)))
    const noted = r.checks.filter((c) => c.verdict !== 'pass' || c.value == null)
    for (const c of noted)
      out.push(`  ${paint(c.verdict, c.verdict)} ${text(c.label, 120)}: ${text(c.reason, 300)}`)
    if (r.policy.trim() !== '') out.push('', `  Policy: ${text(r.policy, 1000)}`)
    if (r.findings.length > 0) out.push('', ...findingLines(r.findings))
    for (const t of r.tables) if (t.columns.length > 0) out.push('', ...tableLines(t))
    const context = Object.entries(r.context)
    if (context.length > 0) {
      out.push(
        '',
        `  Context: ${context.map(([k, v]) => `${text(k, 60)}=${contextText(k, v)}`).join(', ')}`,
      )
    }
    out.push('')
  }
  const status = overallStatus(results)
  out.push(`${paint(status, STATUS_TAG[status])} ${text(headlineSentence(results), 500)}`)
  return `${out.join('\n')}\n`
}

// --- internal ---

const STATUS_TAG: Readonly<Record<GateStatus, string>> = {
  pass: 'PASS ',
  warn: 'WARN ',
  fail: 'FAIL ',
  error: 'ERROR',
}
/** SGR codes: green, yellow, red, bold magenta (ECMA-48). */
const SGR: Readonly<Record<GateStatus, string>> = {
  pass: '32',
  warn: '33',
  fail: '31',
  error: '1;35',
}
// eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
const ANSI = /\u001B\[[0-9;]*m/g
const MAX_FINDINGS = 20
const MAX_ROWS = 20
const MAX_COLUMNS = 12
const CELL_MAX = 40

function colorize(status: GateStatus, s: string): string {
  return `\u001B[${SGR[status]}m${s}\u001B[0m`
}

function text(s: string, max: number): string {
  return clipLine(s, max)
}

function indent(lines: readonly string[]): string[] {
  return lines.map((l) => `  ${l}`)
}

function checksTable(
  checks: readonly Check[],
  paint: (s: GateStatus, t: string) => string,
): string[] {
  const rows = checks.map((c) => [
    text(c.label, CELL_MAX),
    formatCheckValue(c.value, c.bound),
    c.bound ? formatBound(c.bound) : '-',
    formatCheckInterval(c.interval, c.bound),
    paint(c.verdict, c.verdict),
  ])
  return plainTable(['check', 'value', 'bound', 'interval', 'verdict'], rows, [
    'l',
    'r',
    'l',
    'l',
    'l',
  ])
}

function findingLines(findings: readonly Finding[]): string[] {
  const lines = findings.slice(0, MAX_FINDINGS).map((f) => {
    const where = [
      f.file != null ? `${text(f.file, 120)}${f.line != null ? `:${f.line}` : ''}` : '',
      f.row != null ? `row ${formatCount(f.row)}` : '',
      f.column != null ? `column ${text(f.column, 60)}` : '',
    ].filter((s) => s !== '')
    return `    ${f.severity.padEnd(7)} ${where.length > 0 ? `${where.join(', ')}: ` : ''}${text(f.message, 300)}`
  })
  const more = findings.length - lines.length
  return [
    `  Findings (${formatCount(findings.length)}):`,
    ...lines,
    ...(more > 0 ? [`    … ${formatCount(more)} more`] : []),
  ]
}

function tableLines(t: ResultTable): string[] {
  const width = Math.min(t.columns.length, MAX_COLUMNS)
  const rows = t.rows
    .slice(0, MAX_ROWS)
    .map((r) => Array.from({ length: width }, (_, j) => text(formatCell(r[j] ?? null), CELL_MAX)))
  const align = Array.from({ length: width }, (_, j) =>
    t.rows.some((r) => typeof r[j] === 'number') ? 'r' : 'l',
  )
  const shown = t.rows.length > MAX_ROWS ? `, first ${MAX_ROWS}` : ''
  const cols = t.columns.length > width ? `, first ${width} of ${t.columns.length} columns` : ''
  return [
    `  ${text(t.title, 100)} (${formatCount(t.rows.length)} rows${shown}${cols})`,
    ...indent(
      plainTable(
        t.columns.slice(0, width).map((c) => text(c, CELL_MAX)),
        rows,
        align,
      ),
    ),
  ]
}

function plainTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly string[],
): string[] {
  return markdownTable([header, ...rows], {
    align,
    stringLength: displayWidth,
    delimiterStart: false,
    delimiterEnd: false,
  }).split('\n')
}

function contextText(key: string, v: string | number | boolean): string {
  if (typeof v === 'string') return text(v, 80)
  return typeof v === 'number' ? formatContextNumber(key, v) : String(v)
}

/**
 * Columns a string takes in a terminal: SGR sequences and zero-width characters take none, East
 * Asian wide characters and emoji two (an approximation of Unicode UAX #11 that covers the common
 * ranges).
 */
function displayWidth(s: string): number {
  let width = 0
  for (const ch of s.replace(ANSI, '')) {
    const cp = ch.codePointAt(0) ?? 0
    if (
      (cp >= 0x300 && cp <= 0x36f) ||
      (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0xfe00 && cp <= 0xfe0f)
    )
      continue
    width += isWide(cp) ? 2 : 1
  }
  return width
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
}
