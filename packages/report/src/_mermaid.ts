import type { GateResult, ResultTable } from '@mlgate/gates'
import { breakReferences } from './_text.ts'

/** A chart: a title (plain text) and the Mermaid source lines, fence excluded. */
export type Chart = { readonly title: string; readonly source: readonly string[] }

/**
 * Bars of each check's value with its bound as a line, when at least two checks hold a value to a
 * bound and every value and bound lies in [0, 1]: rates and scores share that axis, while mixing,
 * say, a latency in ms with an AUC would make the bars meaningless.
 */
export function checksChart(result: GateResult): Chart | undefined {
  const points = result.checks.flatMap((c) =>
    c.bound?.kind === 'value' && c.value != null && inUnit(c.value) && inUnit(c.bound.value)
      ? [{ label: c.label, value: c.value, bound: c.bound.value }]
      : [],
  )
  if (points.length < 2 || points.length > MAX_BARS) return undefined
  const title = `${result.title}: values (bars) vs bounds (line)`
  return {
    title,
    source: [
      'xychart-beta',
      `  title "${mermaidLabel(title, 80)}"`,
      `  x-axis [${points.map((p) => `"${mermaidLabel(p.label)}"`).join(', ')}]`,
      '  y-axis "value" 0 --> 1',
      `  bar [${points.map((p) => mermaidNumber(p.value)).join(', ')}]`,
      `  line [${points.map((p) => mermaidNumber(p.bound)).join(', ')}]`,
    ],
  }
}

/**
 * Bars of a table's first all-numeric column against its first column, for tables of 2 to 30
 * rows (a drift table's PSI per feature, a fairness table's rate per group). Longer tables read
 * better as numbers; rows with a null value are left out of the chart.
 */
export function tableChart(table: ResultTable): Chart | undefined {
  if (table.rows.length < 2 || table.rows.length > MAX_BARS) return undefined
  const column = table.columns.findIndex(
    (_, j) => j > 0 && table.rows.every((r) => r[j] == null || isPlottable(r[j])),
  )
  if (column < 1) return undefined
  const points = table.rows.flatMap((r) => {
    const v = r[column]
    return typeof v === 'number' ? [{ label: String(r[0] ?? ''), value: v }] : []
  })
  if (points.length < 2) return undefined
  const name = table.columns[column] ?? ''
  const title = `${table.title}: ${name}`
  return {
    title,
    source: [
      'xychart-beta',
      `  title "${mermaidLabel(title, 80)}"`,
      `  x-axis [${points.map((p) => `"${mermaidLabel(p.label)}"`).join(', ')}]`,
      `  y-axis "${mermaidLabel(name)}"`,
      `  bar [${points.map((p) => mermaidNumber(p.value)).join(', ')}]`,
    ],
  }
}

/**
 * Text that stays inside a double-quoted Mermaid string on one line: quotes, brackets and
 * backticks (which could close the code fence) are replaced by look-alikes, `<`/`>`/`&` by
 * guillemets and a plus (Mermaid renders labels as HTML), `;` (which ends Mermaid's entity codes,
 * `#quot;`) becomes a comma and `%%` (its directives and comments) one `%`, line breaks spaces.
 * Mentions are broken as in prose, in case GitHub ever links text in a diagram.
 */
export function mermaidLabel(text: string, max = 40): string {
  // Only a prefix can show; cleaning all of a 10 MB value would be wasted.
  const clean = text
    .slice(0, max * 4)
    .replace(/[\s\u0085]+/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters must not reach the chart
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
    .trim()
    .replace(/["`]/g, "'")
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/&/g, '+')
    .replace(/;/g, ',')
    .replace(/%{2,}/g, '%')
    .replace(/\\/g, '/')
  const cut = breakReferences(clean.length > max ? `${clean.slice(0, max - 1)}…` : clean)
  // Slicing may leave half a surrogate pair.
  return cut.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
}

// --- internal ---

/** More bars than this crowd the x-axis labels into each other. */
const MAX_BARS = 30

function inUnit(v: number): boolean {
  return v >= 0 && v <= 1
}

function isPlottable(v: unknown): boolean {
  // Numbers this large print in exponent form, which Mermaid's number grammar does not take.
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e15
}

/** Plain decimal notation, 4 significant digits; values under 1e-6 print as 0 (not 1e-7). */
function mermaidNumber(v: number): string {
  const short = Number(v.toPrecision(4))
  return Math.abs(short) < 1e-6 ? '0' : String(short)
}
