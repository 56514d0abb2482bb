import type { Bound, Interval } from '@mlgate/gates'

/**
 * A metric with 4 significant digits (0.9123, 12.35, 1.000), as integers with separators from
 * 10,000 up, in exponent form below 0.0001. null and NaN are "undefined": the check's reason says why.
 */
export function formatMetric(value: number | null | undefined): string {
  return significant(value, 4)
}

/** A count: a whole number with thousands separators (12,345). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return formatMetric(value)
  const rounded = Math.round(value)
  const digits = Math.abs(rounded)
  // Number#toString switches to exponent form at 1e21; a count that large is not a count.
  if (digits >= 1e21) return rounded.toExponential(3)
  const grouped = String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return rounded < 0 ? `-${grouped}` : grouped
}

/** An interval as "[0.901, 0.925]": 3 significant digits, as precise as a sampled interval deserves. */
export function formatInterval(
  interval: Pick<Interval, 'low' | 'high'>,
  scale = 1,
  unit = '',
): string {
  return `[${significant(interval.low * scale, 3)}${unit}, ${significant(interval.high * scale, 3)}${unit}]`
}

/** A threshold as its author wrote it, to at most 4 significant digits: 0.8, not 0.8000. */
export function formatThreshold(value: number): string {
  if (!Number.isFinite(value)) return formatMetric(value)
  const short = Number(value.toPrecision(4))
  return Math.abs(short) >= 1e4 ? formatCount(short) : String(short)
}

/** "≥ 0.8", "change ≥ -0.01", "change ≥ -1% (relative)". */
export function formatBound(bound: Bound): string {
  const op = bound.op === '>=' ? '≥' : '≤'
  if (bound.kind === 'value') return `${op} ${formatThreshold(bound.value)}`
  if (bound.relative === true)
    return `change ${op} ${formatThreshold(bound.value * 100)}% (relative)`
  return `change ${op} ${formatThreshold(bound.value)}`
}

/**
 * A check's value in the unit of its bound: a change carries its sign, a relative change is a
 * percentage (the value is a fraction of the champion's).
 */
export function formatCheckValue(value: number | null, bound: Bound | undefined): string {
  if (value == null || Number.isNaN(value) || bound?.kind !== 'change') return formatMetric(value)
  const shown = bound.relative === true ? `${formatMetric(value * 100)}%` : formatMetric(value)
  return value > 0 ? `+${shown}` : shown
}

/** A check's interval in the unit of its value. */
export function formatCheckInterval(
  interval: Interval | undefined,
  bound: Bound | undefined,
): string {
  if (interval == null) return '—'
  return bound?.kind === 'change' && bound.relative === true
    ? formatInterval(interval, 100, '%')
    : formatInterval(interval)
}

/** A table cell's text before escaping: whole numbers as counts, others as metrics, null as a dash. */
export function formatCell(value: string | number | null): string {
  if (value == null) return '—'
  if (typeof value === 'string') return value
  return Number.isInteger(value) ? formatCount(value) : formatMetric(value)
}

/** A context number: identifiers (seed, id, port, year, version) as typed, other numbers as cells. */
export function formatContextNumber(key: string, value: number): string {
  return IDENTIFIER_KEY.test(key) && Number.isInteger(value) ? String(value) : formatCell(value)
}

// --- internal ---

/** Context keys whose numbers are identifiers, not counts: 12,345 would misquote seed 12345. */
const IDENTIFIER_KEY = /(seed|port|year|version|(^|_)id)$/i

function significant(value: number | null | undefined, digits: number): string {
  if (value == null || Number.isNaN(value)) return 'undefined'
  if (value === Infinity) return '∞'
  if (value === -Infinity) return '-∞'
  if (value === 0) return '0'
  const abs = Math.abs(value)
  // Where toPrecision would print an exponent (10^digits and up), an integer reads better.
  if (abs >= 10 ** digits - 0.5) return formatCount(value)
  if (abs < 1e-4) return value.toExponential(digits - 1)
  return value.toPrecision(digits)
}
