import { fmt } from '../judge.ts'
import type { ResultTable } from '../result.ts'
import type { JudgedDrift } from './_verdicts.ts'

/** Columns holding each row's bands: the chart draws PSI bars with both bands as lines. */
export const WARN_COLUMN = 'warn at'
export const FAIL_COLUMN = 'fail at'

/** Display name of a judged column: the model's scores and the label are marked as such. */
export function displayName(d: Pick<JudgedDrift, 'name' | 'role'>, score?: string): string {
  if (d.role === 'prediction') return `prediction: ${score ?? 'model score'}`
  if (d.role === 'label') return `label: ${d.name}`
  return d.name
}

/** One row per column, most drifted first. */
export function driftTable(judged: readonly JudgedDrift[], score?: string): ResultTable {
  const rows = judged.map((d) => [
    displayName(d, score),
    d.psi.psi,
    d.warnAt,
    d.failAt,
    d.verdict,
    d.noise.expected,
    d.noiseQuantile,
    d.ks?.statistic ?? null,
    d.ks ? d.ks.pValue : null,
    Number.isNaN(d.ksQValue) ? null : d.ksQValue,
    d.ks?.method ?? '',
    d.js,
    d.psi.occupiedBins,
    `${share(d.refMissing, d.refRows)} → ${share(d.curMissing, d.curRows)}`,
    d.kind,
  ])
  return {
    title: 'Drift by column, most drifted first',
    columns: [
      'column',
      'PSI',
      WARN_COLUMN,
      FAIL_COLUMN,
      'verdict',
      'expected PSI (no drift)',
      'no-drift quantile',
      'KS D',
      'KS p',
      'KS p (BH)',
      'KS p method',
      'JS distance',
      'bins',
      'missing ref → cur',
      'kind',
    ],
    rows,
    priority: 0,
    // PSI bars with the warn (0.1) and fail (0.25) thresholds as lines; at most 30 bars are drawn.
    chart:
      rows.length <= MAX_CHART_BARS ? { bars: 'PSI', lines: [WARN_COLUMN, FAIL_COLUMN] } : false,
  }
}

/**
 * With more columns than a chart can hold, the chart gets a table of its own: the most drifted
 * columns' PSI and thresholds, kept last when a report is trimmed.
 */
export function chartTable(
  judged: readonly JudgedDrift[],
  score?: string,
): ResultTable | undefined {
  if (judged.length <= MAX_CHART_BARS) return undefined
  return {
    title: `PSI of the ${MAX_CHART_BARS} most drifted of ${judged.length} columns`,
    columns: ['column', 'PSI', WARN_COLUMN, FAIL_COLUMN],
    rows: judged
      .slice(0, MAX_CHART_BARS)
      .map((d) => [displayName(d, score), d.psi.psi, d.warnAt, d.failAt]),
    priority: 9,
    chart: { bars: 'PSI', lines: [WARN_COLUMN, FAIL_COLUMN] },
  }
}

/**
 * Reference vs current share per bin for one column, bins in their natural order (numeric ranges,
 * or categories by reference share) and at most `MAX_BINS` of the largest PSI terms otherwise.
 */
export function binsTable(d: JudgedDrift, priority: number, score?: string): ResultTable {
  let order = d.bins.map((_, i) => i)
  const missing = d.bins.length - 1
  // The missing bin is shown only when some row on either side is missing.
  if (d.psi.refShare[missing] === 0 && d.psi.curShare[missing] === 0) order.pop()
  let note = ''
  if (order.length > MAX_BINS) {
    order = [...order]
      .sort((a, b) => (d.psi.contribution[b] ?? 0) - (d.psi.contribution[a] ?? 0))
      .slice(0, MAX_BINS)
    note = `, the ${MAX_BINS} bins with the largest PSI terms`
  }
  const unseen = new Set(d.unseen)
  return {
    title: `Bins of ${displayName(d, score)}: reference vs current (PSI ${fmt(d.psi.psi)}${note})`,
    columns: ['bin', 'reference share', 'current share', 'PSI term'],
    rows: order.map((i) => {
      const bin = d.bins[i] ?? ''
      return [
        unseen.has(bin) && i !== missing ? `${bin} (unseen in reference)` : bin,
        d.psi.refShare[i] ?? 0,
        d.psi.curShare[i] ?? 0,
        d.psi.contribution[i] ?? 0,
      ]
    }),
    priority,
    // Current shares as bars against the reference shares as a line.
    chart: { bars: 'current share', line: 'reference share' },
  }
}

// --- internal ---

/** The most bars a report's chart draws (packages/report: more crowd the axis labels). */
const MAX_CHART_BARS = 30

/** More bins than this (categories) crowd a comment; the full list is in the JSON result. */
const MAX_BINS = 20

function share(part: number, whole: number): string {
  if (whole === 0) return '—'
  const pct = (100 * part) / whole
  return pct === 0 ? '0%' : pct < 0.1 ? '<0.1%' : `${Number(pct.toFixed(1))}%`
}
