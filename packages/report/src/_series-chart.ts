import type { ResultTable } from '@mlgate/gates'
import type { Chart } from './_mermaid.ts'
import { mermaidLabel, tableChart } from './_mermaid.ts'

/**
 * The chart a table asks for with `chart`: `false` for none; `{ bars, line, lines }` for bars of
 * one column and lines of others against the first column (say a fairness table's selection rate
 * and TPR per group); absent, the default `tableChart`. Rows where a named column holds no
 * number are left out; 2 to 30 points are drawn, on a 0–1 axis when every value is in [0, 1].
 * Mermaid's xychart has no legend, so the title names the series.
 */
export function seriesChart(table: ResultTable): Chart | undefined {
  const spec = table.chart
  if (spec === false) return undefined
  if (spec == null) return tableChart(table)
  const bars = table.columns.indexOf(spec.bars)
  const lineNames = [...(spec.line != null ? [spec.line] : []), ...(spec.lines ?? [])]
  const lines = lineNames.map((name) => table.columns.indexOf(name))
  if (bars < 1 || lines.some((i) => i < 1)) return undefined
  const points = table.rows.flatMap((r) => {
    const b = r[bars]
    const ls = lines.map((i) => r[i])
    return typeof b === 'number' &&
      plottable(b) &&
      ls.every((l) => typeof l === 'number' && plottable(l))
      ? [{ label: String(r[0] ?? ''), bar: b, lines: ls as number[] }]
      : []
  })
  if (points.length < 2 || points.length > MAX_POINTS) return undefined
  const unit = points.every((p) => inUnit(p.bar) && p.lines.every(inUnit))
  const title = `${table.title}: ${spec.bars} (bars)${lineNames.length > 0 ? `, ${lineNames.join(', ')} (line${lineNames.length > 1 ? 's' : ''})` : ''}`
  return {
    title,
    source: [
      'xychart-beta',
      `  title "${mermaidLabel(title, 80)}"`,
      `  x-axis [${points.map((p) => `"${mermaidLabel(p.label)}"`).join(', ')}]`,
      unit ? '  y-axis "rate" 0 --> 1' : `  y-axis "${mermaidLabel(spec.bars)}"`,
      `  bar [${points.map((p) => chartNumber(p.bar)).join(', ')}]`,
      ...lines.map(
        (_, k) => `  line [${points.map((p) => chartNumber(p.lines[k] ?? 0)).join(', ')}]`,
      ),
    ],
  }
}

// --- internal ---

/** As `tableChart`: more bars than this crowd the x-axis labels into each other. */
const MAX_POINTS = 30

function inUnit(v: number): boolean {
  return v >= 0 && v <= 1
}

/** Exponent notation (from 1e15) is outside Mermaid's number grammar, as in `tableChart`. */
function plottable(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v) < 1e15
}

/** 4 significant digits in plain decimals; below 1e-6, 0 (Mermaid reads no exponents). */
function chartNumber(v: number): string {
  const short = Number(v.toPrecision(4))
  return Math.abs(short) < 1e-6 ? '0' : String(short)
}
