import { html } from './_html-text.ts'
import type { ChartKind, LegendItem } from './_svg-plot.ts'
import { COLORS, LEGEND_ROW, legend, linearScale, num, svgOpen, tickLabel } from './_svg-plot.ts'

/** A polyline in the unit square, optionally with a dot (and tooltip) at each point. */
export type XySeries = {
  readonly label: string
  readonly color: string
  readonly dashed?: boolean
  readonly x: readonly number[]
  readonly y: readonly number[]
  readonly dots?: readonly string[]
}

/** A single marked point, e.g. the operating threshold on a curve. */
export type XyMark = {
  readonly x: number
  readonly y: number
  readonly color: string
  readonly title: string
}

export type XyChartSpec = {
  readonly kind: ChartKind
  readonly title: string
  readonly description: string
  readonly xLabel: string
  readonly yLabel: string
  /** Reference lines (chance diagonal, prevalence), drawn dashed in grey under the data. */
  readonly guides: readonly { label: string; from: [number, number]; to: [number, number] }[]
  readonly series: readonly XySeries[]
  readonly marks: readonly XyMark[]
  /** Legend text for the marks, when there are any. */
  readonly markLabel?: string
}

/**
 * A square chart of rates on [0, 1] × [0, 1]: grid and ticks every 0.2, axis labels, reference
 * lines, the series as polylines (values outside the square are clamped to its edge) and a
 * legend below the plot. The first series is drawn last, so it stays on top.
 */
export function xyChart(spec: XyChartSpec): string {
  const x = linearScale(0, 1, LEFT, LEFT + SIDE)
  const y = linearScale(0, 1, TOP + SIDE, TOP)
  const items: LegendItem[] = [
    ...spec.series.map((s) => ({
      label: s.label,
      color: s.color,
      shape: s.dashed === true ? ('dash' as const) : ('line' as const),
    })),
    ...spec.guides.map((g) => ({
      label: g.label,
      color: COLORS.reference,
      shape: 'dash' as const,
    })),
    ...(spec.marks.length > 0 && spec.markLabel != null
      ? [{ label: spec.markLabel, color: COLORS.axis, shape: 'dot' as const }]
      : []),
  ]
  const legendTop = TOP + SIDE + 46
  const height = legendTop + items.length * LEGEND_ROW + 6
  const parts = [svgOpen(spec.kind, WIDTH, height, spec.title, spec.description)]
  parts.push(frame(x, y, spec.xLabel, spec.yLabel))
  for (const g of spec.guides) {
    parts.push(
      `<line x1="${num(x(g.from[0]))}" y1="${num(y(g.from[1]))}" x2="${num(x(g.to[0]))}" y2="${num(y(g.to[1]))}" stroke="${COLORS.reference}" stroke-width="1.2" stroke-dasharray="5 4"><title>${html(g.label, 120)}</title></line>`,
    )
  }
  for (const s of [...spec.series].reverse()) parts.push(seriesSvg(s, x, y))
  for (const m of spec.marks) {
    parts.push(
      `<circle cx="${num(x(clamp(m.x)))}" cy="${num(y(clamp(m.y)))}" r="5" fill="${m.color}" stroke="#ffffff" stroke-width="1.5"><title>${html(m.title, 200)}</title></circle>`,
    )
  }
  parts.push(legend(items, LEFT, legendTop), '</svg>')
  return parts.join('')
}

// --- internal ---

const WIDTH = 380
const LEFT = 56
const TOP = 12
const SIDE = WIDTH - LEFT - 14
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1]

function clamp(v: number): number {
  return Math.min(1, Math.max(0, v))
}

function frame(
  x: (v: number) => number,
  y: (v: number) => number,
  xLabel: string,
  yLabel: string,
): string {
  const out: string[] = [
    `<rect x="${num(LEFT)}" y="${num(TOP)}" width="${num(SIDE)}" height="${num(SIDE)}" fill="#ffffff" stroke="${COLORS.axis}"/>`,
  ]
  for (const t of TICKS) {
    if (t > 0 && t < 1) {
      out.push(
        `<line x1="${num(x(t))}" y1="${num(TOP)}" x2="${num(x(t))}" y2="${num(TOP + SIDE)}" stroke="${COLORS.grid}" stroke-width="0.8"/>`,
        `<line x1="${num(LEFT)}" y1="${num(y(t))}" x2="${num(LEFT + SIDE)}" y2="${num(y(t))}" stroke="${COLORS.grid}" stroke-width="0.8"/>`,
      )
    }
    out.push(
      `<text x="${num(x(t))}" y="${num(TOP + SIDE + 16)}" text-anchor="middle" class="tick">${tickLabel(t)}</text>`,
      `<text x="${num(LEFT - 6)}" y="${num(y(t) + 4)}" text-anchor="end" class="tick">${tickLabel(t)}</text>`,
    )
  }
  out.push(
    `<text x="${num(LEFT + SIDE / 2)}" y="${num(TOP + SIDE + 34)}" text-anchor="middle" class="axis-label">${html(xLabel, 80)}</text>`,
    `<text x="14" y="${num(TOP + SIDE / 2)}" text-anchor="middle" class="axis-label" transform="rotate(-90 14 ${num(TOP + SIDE / 2)})">${html(yLabel, 80)}</text>`,
  )
  return out.join('')
}

function seriesSvg(s: XySeries, x: (v: number) => number, y: (v: number) => number): string {
  const n = Math.min(s.x.length, s.y.length)
  if (n === 0) return ''
  const d = Array.from(
    { length: n },
    (_, i) => `${i === 0 ? 'M' : 'L'}${num(x(clamp(s.x[i]!)))} ${num(y(clamp(s.y[i]!)))}`,
  ).join('')
  const parts = [
    `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${s.dashed === true ? ' stroke-dasharray="7 4"' : ''}><title>${html(s.label, 200)}</title></path>`,
  ]
  if (s.dots) {
    for (let i = 0; i < n; i++) {
      parts.push(
        `<circle cx="${num(x(clamp(s.x[i]!)))}" cy="${num(y(clamp(s.y[i]!)))}" r="3.5" fill="${s.color}"><title>${html(s.dots[i] ?? '', 200)}</title></circle>`,
      )
    }
  }
  return parts.join('')
}
