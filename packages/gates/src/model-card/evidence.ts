import { metricLabel } from '../metric-names.ts'
import type { Bound, Check, GateResult, GateStatus } from '../result.ts'

/**
 * One number the card reports, exactly as a gate result holds it: a metric, a group rate, a
 * disparity or a PSI, with its slice, interval, bound and verdict when the result has them.
 */
export type Measured = {
  /** Gate id of the result it comes from. */
  readonly gate: string
  /** snake_case id: the MCT `type` and the front matter's metric `type`. */
  readonly type: string
  readonly label: string
  readonly value: number
  /** e.g. `age_group=18-25` or `feature=amount`; absent for the whole dataset. */
  readonly slice?: string
  readonly interval?: { readonly low: number; readonly high: number; readonly level: number }
  readonly bound?: Bound
  readonly verdict?: GateStatus
  /** The data file it was measured on, as the gate named it. */
  readonly data?: string
}

/** One group of a protected attribute, from the fairness gate's `details.groups`. */
export type GroupEvidence = {
  readonly slice: string
  readonly group: string
  readonly n: number
  readonly rates: readonly Measured[]
}

export type AttributeEvidence = {
  readonly key: string
  readonly groups: readonly GroupEvidence[]
  readonly disparities: readonly Measured[]
}

/** Everything the card reports, gathered from the gate results in the order given. */
export type Evidence = {
  readonly performance: readonly Measured[]
  readonly fairness: readonly AttributeEvidence[]
  readonly drift: readonly Measured[]
}

/** Rates of each group that carry intervals in the fairness result. */
const GROUP_RATES = ['selection_rate', 'tpr', 'fpr'] as const
const RATE_LABELS: Readonly<Record<(typeof GROUP_RATES)[number], string>> = {
  selection_rate: 'Selection rate',
  tpr: 'True positive rate',
  fpr: 'False positive rate',
}
const DISPARITY_LABELS: Readonly<Record<string, string>> = {
  demographic_parity_difference: 'Demographic parity difference',
  demographic_parity_ratio: 'Demographic parity ratio',
  equal_opportunity_difference: 'Equal opportunity difference',
  equalized_odds_difference: 'Equalized odds difference',
  disparate_impact: 'Disparate impact',
}

export function gatherEvidence(results: readonly GateResult[]): Evidence {
  const performance: Measured[] = []
  const fairness: AttributeEvidence[] = []
  const drift: Measured[] = []
  for (const r of results) {
    if (r.gate === 'accuracy') performance.push(...accuracyEvidence(r))
    else if (r.gate === 'fairness') fairness.push(...fairnessEvidence(r))
    else if (r.gate === 'drift') drift.push(...driftEvidence(r))
  }
  return { performance, fairness, drift }
}

/** Every number of the evidence, flattened: for the MCT quantitative analysis. */
export function allMeasured(evidence: Evidence): Measured[] {
  return [
    ...evidence.performance,
    ...evidence.fairness.flatMap((a) => [...a.groups.flatMap((g) => g.rates), ...a.disparities]),
    ...evidence.drift,
  ]
}

// --- internal ---

/** Metrics, each with the interval, bound and verdict of its value check; then change checks. */
function accuracyEvidence(r: GateResult): Measured[] {
  const data = text(r.context['data'])
  const checks = new Map(r.checks.map((c) => [c.name, c]))
  const out: Measured[] = []
  for (const [name, value] of Object.entries(r.metrics)) {
    if (value == null || !Number.isFinite(value)) continue
    const check = checks.get(`${name}.value`)
    out.push({
      gate: r.gate,
      type: name,
      label: metricLabel(name),
      value,
      ...fromCheck(check),
      ...(data ? { data } : {}),
    })
  }
  for (const c of r.checks) {
    if (!c.name.endsWith('.change') || c.value == null) continue
    const metric = c.name.slice(0, -'.change'.length)
    out.push({
      gate: r.gate,
      type: `${metric}_change${c.bound?.relative ? '_relative' : ''}`,
      label: c.label,
      value: c.value,
      ...fromCheck(c),
      ...(data ? { data } : {}),
    })
  }
  return out
}

/**
 * Group rates with their intervals and disparities with theirs, from `details`; a result without
 * details (written by another tool) still gives its disparities from `metrics`.
 */
function fairnessEvidence(r: GateResult): AttributeEvidence[] {
  const data = text(r.context['data'])
  const where = data ? { data } : {}
  const groups = record(r.details?.['groups'])
  const disparities = record(r.details?.['disparities'])
  const checks = r.checks
  if (groups == null || disparities == null) {
    const byAttribute = new Map<string, Measured[]>()
    for (const [key, value] of Object.entries(r.metrics)) {
      const m = /^([a-z_]+)\[(.+)\]$/.exec(key)
      if (m == null || value == null || !Number.isFinite(value)) continue
      const [, name = '', attribute = ''] = m
      const list = byAttribute.get(attribute) ?? []
      list.push({
        gate: r.gate,
        type: name,
        label: DISPARITY_LABELS[name] ?? name,
        value,
        slice: attribute,
        ...fromCheck(disparityCheck(checks, name, attribute)),
        ...where,
      })
      byAttribute.set(attribute, list)
    }
    return [...byAttribute].map(([key, list]) => ({ key, groups: [], disparities: list }))
  }
  return Object.entries(groups).map(([key, rows]) => {
    const groupEvidence: GroupEvidence[] = (Array.isArray(rows) ? rows : []).flatMap((row) => {
      const g = record(row)
      if (g == null) return []
      const values = record(g['values']) ?? {}
      const slice = Object.entries(values)
        .map(([column, v]) => `${column}=${String(v)}`)
        .join(', ')
      const intervals = record(g['intervals'])
      const rates: Measured[] = []
      for (const rate of GROUP_RATES) {
        const value = num(g[rate])
        if (value === undefined) continue
        const iv = interval(intervals?.[rate])
        rates.push({
          gate: r.gate,
          type: rate,
          label: RATE_LABELS[rate],
          value,
          slice,
          ...(iv ? { interval: iv } : {}),
          ...where,
        })
      }
      return [{ slice, group: String(g['group'] ?? slice), n: num(g['n']) ?? 0, rates }]
    })
    const entry = record(disparities[key]) ?? {}
    const measured: Measured[] = []
    for (const [name, label] of Object.entries(DISPARITY_LABELS)) {
      const d = record(entry[name])
      const value = num(d?.['value'])
      if (value === undefined) continue
      const check = disparityCheck(checks, name, key)
      const iv = interval(d?.['interval'])
      measured.push({
        gate: r.gate,
        type: name,
        label,
        value,
        slice: key,
        ...(iv ? { interval: iv } : {}),
        ...(check?.bound ? { bound: check.bound } : {}),
        ...(check ? { verdict: check.verdict } : {}),
        ...where,
      })
    }
    return { key, groups: groupEvidence, disparities: measured }
  })
}

/** PSI of every checked column (feature, label, prediction) and the share of drifted features. */
function driftEvidence(r: GateResult): Measured[] {
  const data = text(r.context['current'])
  const where = data ? { data } : {}
  const out: Measured[] = []
  const share = r.checks.find((c) => c.name === 'drift_share')
  if (share?.value != null) {
    out.push({
      gate: r.gate,
      type: 'drift_share',
      label: share.label,
      value: share.value,
      ...fromCheck(share),
      ...where,
    })
  }
  for (const c of r.checks) {
    const m = /^psi\.(feature|label|prediction)\.(.+)$/.exec(c.name)
    if (m == null || c.value == null) continue
    out.push({
      gate: r.gate,
      type: 'psi',
      label: c.label,
      value: c.value,
      slice: `${m[1]}=${m[2]}`,
      ...fromCheck(c),
      ...where,
    })
  }
  return out
}

/** The fairness check of one disparity on one attribute (the lower bound when there are both). */
function disparityCheck(
  checks: readonly Check[],
  name: string,
  attribute: string,
): Check | undefined {
  return (
    checks.find((c) => c.name === `${name}[${attribute}].min`) ??
    checks.find((c) => c.name === `${name}[${attribute}].max`)
  )
}

function fromCheck(check: Check | undefined): Partial<Measured> {
  if (check == null) return {}
  const iv = check.interval
  return {
    ...(iv ? { interval: { low: iv.low, high: iv.high, level: iv.level } } : {}),
    ...(check.bound ? { bound: check.bound } : {}),
    verdict: check.verdict,
  }
}

function interval(value: unknown): Measured['interval'] | undefined {
  const iv = record(value)
  const low = num(iv?.['low'])
  const high = num(iv?.['high'])
  const level = num(iv?.['level'])
  return low === undefined || high === undefined || level === undefined
    ? undefined
    : { low, high, level }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value != null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
