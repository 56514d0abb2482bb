import { formatThreshold } from './_format.ts'
import { html } from './_html-text.ts'

/** What a chart shows; tests and readers find charts by it (`data-chart`). */
export type ChartKind = 'roc' | 'pr' | 'calibration' | 'psi' | 'groups'

/** A map from data values to SVG user units. */
export type Scale = (value: number) => number

/** A linear scale from [d0, d1] onto [r0, r1]; a zero-width domain maps to the range's start. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0))
}

/**
 * A coordinate or length as SVG text, to 0.01 of a user unit. A value that is not finite is a
 * bug in the chart code (data is checked before it is drawn), so it throws rather than write
 * `NaN` into the picture.
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`SVG coordinate is ${v}; chart data must be finite.`)
  const r = Math.round(v * 100) / 100
  return String(Object.is(r, -0) ? 0 : r)
}

/** About `count` round tick values (steps of 1, 2, 2.5 or 5 × 10^k) from `min` to at least `max`. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min
  if (!(span > 0)) return [min]
  const raw = span / Math.max(1, count)
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const ticks: number[] = []
  const first = Math.floor(min / step + 1e-9) * step
  // Up to the first tick at or beyond `max`, so the axis covers every value.
  for (let v = first; ticks.length < 2 || ticks.at(-1)! < max - step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)))
    if (ticks.length > 50) break
  }
  return ticks
}

/** A tick label: as short as the value allows (0.25, 1, 0.001). */
export function tickLabel(v: number): string {
  return formatThreshold(v)
}

/**
 * The opening of a chart: `<svg role="img">` sized `width` × `height` (it scales down with the
 * page), its `<title>` and `<desc>` for screen readers, and `data-chart` naming the kind.
 */
export function svgOpen(
  kind: ChartKind,
  width: number,
  height: number,
  title: string,
  description: string,
): string {
  return [
    `<svg role="img" data-chart="${kind}" viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" aria-label="${html(title, 200)}">`,
    `<title>${html(title, 200)}</title>`,
    `<desc>${html(description, 600)}</desc>`,
  ].join('')
}

/** One legend entry: a swatch (line, dashed line or box) and its label. */
export type LegendItem = {
  readonly label: string
  readonly color: string
  readonly shape: 'line' | 'dash' | 'box' | 'dot'
}

/** Legend entries in rows of one, starting at (x, y); returns the SVG and the height used. */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  return items
    .map((item, i) => {
      const top = y + i * LEGEND_ROW
      const mid = top + LEGEND_ROW / 2
      const swatch =
        item.shape === 'box'
          ? `<rect x="${num(x)}" y="${num(mid - 5)}" width="14" height="10" fill="${item.color}"/>`
          : item.shape === 'dot'
            ? `<circle cx="${num(x + 7)}" cy="${num(mid)}" r="4" fill="${item.color}" stroke="#ffffff"/>`
            : `<line x1="${num(x)}" y1="${num(mid)}" x2="${num(x + 22)}" y2="${num(mid)}" stroke="${item.color}" stroke-width="2"${item.shape === 'dash' ? ' stroke-dasharray="5 4"' : ''}/>`
      return `${swatch}<text x="${num(x + 28)}" y="${num(mid + 4)}" class="legend">${html(item.label, 80)}</text>`
    })
    .join('')
}

/** Height of one legend row. */
export const LEGEND_ROW = 18

/** Series colours: distinct for common colour-vision deficiencies (blue, orange, purple). */
export const COLORS = {
  candidate: '#0969da',
  champion: '#bc4c00',
  third: '#8250df',
  reference: '#8c959f',
  grid: '#d0d7de',
  axis: '#57606a',
} as const

/** Bar colours by verdict, matching the status badges. */
export const VERDICT_COLORS: Readonly<Record<string, string>> = {
  pass: '#2da44e',
  warn: '#d4a72c',
  fail: '#cf222e',
  error: '#6e7781',
}
