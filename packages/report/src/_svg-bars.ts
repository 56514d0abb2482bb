import { formatCount, formatMetric, formatThreshold } from './_format.ts'
import type { GroupRate, GroupView, PsiRow } from './_html-read.ts'
import { GROUP_RATES } from './_html-read.ts'
import { html } from './_html-text.ts'
import {
  COLORS,
  VERDICT_COLORS,
  linearScale,
  niceTicks,
  num,
  svgOpen,
  tickLabel,
} from './_svg-plot.ts'
import type { Scale } from './_svg-plot.ts'

/** Most bars one chart draws; the rest are in the table beside it. */
export const MAX_PSI_BARS = 60
export const MAX_GROUPS = 40

/**
 * PSI per column as horizontal bars, most drifted first, coloured by verdict, with the warn and
 * fail levels as vertical lines (or, where columns have bands of their own, as ticks per row).
 */
export function psiChart(all: readonly PsiRow[]): string {
  const rows = all.slice(0, MAX_PSI_BARS)
  const warnLevels = new Set(rows.map((r) => r.warn))
  const failLevels = new Set(rows.map((r) => r.fail))
  const shared = warnLevels.size === 1 && failLevels.size === 1
  const top = 34
  const plotHeight = rows.length * ROW
  const height = top + plotHeight + 44
  const levels = rows.flatMap((r) => [r.warn ?? 0, r.fail ?? 0])
  const ticks = niceTicks(0, Math.max(...rows.map((r) => r.psi), ...levels, 0.01) * 1.05, 5)
  const x = linearScale(0, ticks.at(-1)!, LABEL_WIDTH, WIDTH - VALUE_WIDTH)
  const shown =
    rows.length < all.length ? ` (the ${rows.length} most drifted of ${all.length})` : ''
  const parts = [
    svgOpen(
      'psi',
      WIDTH,
      height,
      `PSI per column${shown}`,
      `Population Stability Index of each column between reference and current data, most drifted first; ${shared ? `warn from ${levelText(rows[0]?.warn)}, fail from ${levelText(rows[0]?.fail)}` : 'each column has its own warn and fail levels (ticks)'}.`,
    ),
    xAxis(x, ticks, top, plotHeight, 'PSI'),
  ]
  rows.forEach((r, i) => {
    const y = top + i * ROW
    const end = x(r.psi)
    const color = VERDICT_COLORS[r.verdict] ?? COLORS.candidate
    parts.push(
      rowLabel(r.name, y + ROW / 2, null),
      `<rect x="${num(LABEL_WIDTH)}" y="${num(y + 4)}" width="${num(Math.max(end - LABEL_WIDTH, 1))}" height="${num(ROW - 8)}" fill="${color}"><title>${html(`${r.name}: PSI ${formatMetric(r.psi)}${r.verdict ? `, ${r.verdict}` : ''}`, 300)}</title></rect>`,
      `<text x="${num(Math.max(end, LABEL_WIDTH) + 4)}" y="${num(y + ROW / 2 + 4)}" class="value">${formatMetric(r.psi)}</text>`,
    )
    if (!shared) {
      for (const [level, stroke] of [
        [r.warn, VERDICT_COLORS['warn']!],
        [r.fail, VERDICT_COLORS['fail']!],
      ] as const) {
        if (level == null) continue
        parts.push(
          `<line x1="${num(x(level))}" y1="${num(y + 1)}" x2="${num(x(level))}" y2="${num(y + ROW - 1)}" stroke="${stroke}" stroke-width="2"/>`,
        )
      }
    }
  })
  if (shared) {
    for (const [name, level, stroke] of [
      ['warn', rows[0]?.warn, VERDICT_COLORS['warn']!],
      ['fail', rows[0]?.fail, VERDICT_COLORS['fail']!],
    ] as const) {
      if (level == null) continue
      const lx = x(level)
      parts.push(
        `<line x1="${num(lx)}" y1="${num(top - 6)}" x2="${num(lx)}" y2="${num(top + plotHeight)}" stroke="${stroke}" stroke-width="1.5" stroke-dasharray="5 3"><title>${name} from PSI ${formatThreshold(level)}</title></line>`,
        `<text x="${num(lx)}" y="${num(top - 10)}" text-anchor="middle" class="tick">${name} ${formatThreshold(level)}</text>`,
      )
    }
  }
  parts.push('</svg>')
  return parts.join('')
}

/**
 * Selection rate, true-positive rate and false-positive rate of each group of one attribute as
 * grouped horizontal bars on [0, 1], with bootstrap intervals as whiskers where the gate made
 * them. Groups too small to be gated are labelled so; an undefined rate is written, not drawn.
 */
export function groupsChart(attribute: string, all: readonly GroupView[]): string {
  const groups = all.slice(0, MAX_GROUPS)
  const top = 40
  const block = GROUP_RATES.length * (BAR + 2) + 12
  const plotHeight = groups.length * block
  const height = top + plotHeight + 44
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1]
  const x = linearScale(0, 1, LABEL_WIDTH, WIDTH - VALUE_WIDTH)
  const shown =
    groups.length < all.length ? ` (first ${groups.length} of ${all.length} groups)` : ''
  const parts = [
    svgOpen(
      'groups',
      WIDTH,
      height,
      `Rates by group: ${attribute}${shown}`,
      `Selection rate, true-positive rate and false-positive rate of each group of ${attribute}, with bootstrap intervals where computed.`,
    ),
    xAxis(x, ticks, top, plotHeight, 'rate'),
  ]
  GROUP_RATES.forEach((rate, k) => {
    const lx = LABEL_WIDTH + k * 150
    parts.push(
      `<rect x="${num(lx)}" y="8" width="14" height="10" fill="${RATE_COLORS[rate]}"/>`,
      `<text x="${num(lx + 20)}" y="17" class="legend">${RATE_LABELS[rate]}</text>`,
    )
  })
  groups.forEach((g, i) => {
    const y = top + i * block
    const note = `${g.n == null ? '' : `n = ${formatCount(g.n)}`}${g.gated ? '' : `${g.n == null ? '' : ', '}not gated`}`
    parts.push(rowLabel(g.name, y + block / 2 - 4, note))
    GROUP_RATES.forEach((rate, k) => {
      const by = y + 6 + k * (BAR + 2)
      parts.push(rateBar(g, rate, by, x))
    })
  })
  parts.push('</svg>')
  return parts.join('')
}

// --- internal ---

const WIDTH = 640
const LABEL_WIDTH = 190
const VALUE_WIDTH = 56
const ROW = 20
const BAR = 8
/** Characters of a label that fit beside the bars; the full text is in its tooltip. */
const LABEL_CHARS = 28

const RATE_COLORS: Readonly<Record<GroupRate, string>> = {
  selection_rate: COLORS.candidate,
  tpr: COLORS.champion,
  fpr: COLORS.third,
}
const RATE_LABELS: Readonly<Record<GroupRate, string>> = {
  selection_rate: 'selection rate',
  tpr: 'true-positive rate',
  fpr: 'false-positive rate',
}

function levelText(level: number | null | undefined): string {
  return level == null ? 'none' : formatThreshold(level)
}

function xAxis(
  x: Scale,
  ticks: readonly number[],
  top: number,
  height: number,
  label: string,
): string {
  const bottom = top + height
  const out = ticks.map(
    (t) =>
      `<line x1="${num(x(t))}" y1="${num(top)}" x2="${num(x(t))}" y2="${num(bottom)}" stroke="${t === 0 ? COLORS.axis : COLORS.grid}" stroke-width="${t === 0 ? 1 : 0.8}"/>` +
      `<text x="${num(x(t))}" y="${num(bottom + 16)}" text-anchor="middle" class="tick">${tickLabel(t)}</text>`,
  )
  const mid = (x(ticks[0] ?? 0) + x(ticks.at(-1) ?? 1)) / 2
  out.push(
    `<line x1="${num(x(ticks[0] ?? 0))}" y1="${num(bottom)}" x2="${num(x(ticks.at(-1) ?? 1))}" y2="${num(bottom)}" stroke="${COLORS.axis}"/>`,
    `<text x="${num(mid)}" y="${num(bottom + 34)}" text-anchor="middle" class="axis-label">${html(label, 40)}</text>`,
  )
  return out.join('')
}

/** A row's label, right-aligned against the bars, clipped with the full text as tooltip. */
function rowLabel(name: string, y: number, note: string | null): string {
  const text = `<text x="${num(LABEL_WIDTH - 8)}" y="${num(y + 4)}" text-anchor="end" class="label"><title>${html(name, 500)}</title>${html(name, LABEL_CHARS)}</text>`
  if (note == null || note === '') return text
  return `${text}<text x="${num(LABEL_WIDTH - 8)}" y="${num(y + 17)}" text-anchor="end" class="note">${html(note, 60)}</text>`
}

function rateBar(g: GroupView, rate: GroupRate, y: number, x: Scale): string {
  const r = g.rates[rate]
  const tip = `${g.name}: ${RATE_LABELS[rate]} ${formatMetric(r.value)}${r.low != null && r.high != null ? `, interval [${formatMetric(r.low)}, ${formatMetric(r.high)}]` : ''}`
  if (r.value == null) {
    return `<text x="${num(LABEL_WIDTH + 4)}" y="${num(y + BAR)}" class="note"><title>${html(tip, 300)}</title>${RATE_LABELS[rate]} undefined</text>`
  }
  const parts = [
    `<rect x="${num(LABEL_WIDTH)}" y="${num(y)}" width="${num(Math.max(x(r.value) - LABEL_WIDTH, 1))}" height="${num(BAR)}" fill="${RATE_COLORS[rate]}"${g.gated ? '' : ' fill-opacity="0.45"'}><title>${html(tip, 300)}</title></rect>`,
  ]
  if (r.low != null && r.high != null) {
    const mid = y + BAR / 2
    parts.push(
      `<path d="M${num(x(r.low))} ${num(mid)}H${num(x(r.high))}M${num(x(r.low))} ${num(y)}V${num(y + BAR)}M${num(x(r.high))} ${num(y)}V${num(y + BAR)}" stroke="#24292f" stroke-width="1" fill="none"/>`,
    )
  }
  const valueX = Math.max(x(r.value), r.high != null ? x(r.high) : 0) + 4
  parts.push(
    `<text x="${num(valueX)}" y="${num(y + BAR)}" class="value-small">${formatMetric(r.value)}</text>`,
  )
  return parts.join('')
}
