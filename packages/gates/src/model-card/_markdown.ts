import { fmt } from '../judge.ts'
import type { Bound } from '../result.ts'

/**
 * Text from data (file names, group names, gate summaries) made inert in Markdown: no emphasis,
 * links, HTML or table breaks, and never an mlgate marker, so a value cannot reshape the card or
 * fake a generated block.
 */
export function text(value: string): string {
  return value
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|<>#~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
}

/** A code span for paths and hashes; text when the value could not sit in one safely. */
export function code(value: string): string {
  if (/[\r\n]/.test(value) || value.includes('<!--')) return text(value)
  const ticks = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length)) + 1
  const fence = '`'.repeat(ticks)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value}${pad}${fence}`
}

export function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')
}

/** "0.8751", a count as written. */
export function number(value: number): string {
  return fmt(value)
}

export function interval(iv: { low: number; high: number } | undefined): string {
  return iv ? `[${fmt(iv.low)}, ${fmt(iv.high)}]` : ''
}

export function bound(b: Bound | undefined): string {
  if (b == null) return ''
  return `${b.op === '>=' ? '≥' : '≤'} ${fmt(b.value)}${b.relative ? ' (relative)' : ''}`
}

/** "18,250,000 bytes" style grouping for counts people compare by eye. */
export function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** A sentence copied from a result, without its final period, to end a sentence of the card. */
export function clause(value: string): string {
  return value.trim().replace(/\.+$/, '')
}
