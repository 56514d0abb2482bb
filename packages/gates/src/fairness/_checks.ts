import type { BootstrapInterval, Disparity, DisparityName } from '@mlgate/stats'
import type { BoundSpec } from '../bound-spec.ts'
import { fmt, judge } from '../judge.ts'
import type { Check, Interval } from '../result.ts'
import type { AttributeAnalysis } from './_analysis.ts'
import type { FairnessConfig } from './config.ts'

/** A bound and where it came from (a flag or input, or a rule named by the user). */
export type FairnessBound = { readonly spec: BoundSpec; readonly source?: string }

export const DISPARITY_LABELS: Readonly<Record<DisparityName, string>> = {
  demographic_parity_difference: 'Demographic parity difference',
  demographic_parity_ratio: 'Demographic parity ratio',
  equal_opportunity_difference: 'Equal opportunity difference',
  equalized_odds_difference: 'Equalized odds difference',
  disparate_impact: 'Disparate impact',
}

/**
 * One check per bound and gated attribute. A lower bound on disparate impact holds the smallest
 * ratio (the worst-off group's), an upper bound the largest. A disparity that is undefined (too few
 * groups left to compare) cannot be checked: the check warns and says why, it never passes.
 */
export function fairnessChecks(
  analyses: readonly AttributeAnalysis[],
  bounds: readonly FairnessBound[],
  config: Pick<FairnessConfig, 'uncertainty'>,
): Check[] {
  const checks: Check[] = []
  for (const bound of bounds) {
    for (const a of analyses) if (a.gated) checks.push(checkOne(a, bound, config))
  }
  return checks
}

// --- internal ---

/** The disparity a bound holds, with its interval. */
function boundedDisparity(
  a: AttributeAnalysis,
  spec: BoundSpec,
): { disparity: Disparity; interval: BootstrapInterval | null } {
  const name = spec.metric as DisparityName
  if (name === 'disparate_impact' && spec.op === '<=') {
    return {
      disparity: a.disparities.disparateImpact.largest,
      interval: a.intervals?.disparities.disparate_impact_max ?? null,
    }
  }
  return {
    disparity: a.disparities.values[name],
    interval: a.intervals?.disparities[name] ?? null,
  }
}

/** "selection rate for sex female is 0.61 against 0.76 for sex male: ratio 0.8026". */
function comparisonSentence(
  a: AttributeAnalysis,
  name: DisparityName,
  d: Disparity & { value: number },
): string {
  const groups = a.attribute.groups
  const word = { selection_rate: 'selection rate', tpr: 'TPR', fpr: 'FPR' }[d.rate]
  const mine = groups[d.group.group]?.phrase ?? '?'
  const theirs = groups[d.against.group]?.phrase ?? '?'
  const reference = name === 'disparate_impact' ? 'the reference ' : ''
  const kind =
    name === 'disparate_impact' || name === 'demographic_parity_ratio' ? 'ratio' : 'difference'
  const why =
    name === 'equalized_odds_difference' ? ' (the larger of the TPR and FPR differences)' : ''
  return `${word} for ${mine} is ${fmt(d.group.value)} against ${fmt(d.against.value)} for ${reference}${theirs}: ${kind} ${fmt(d.value)}${why}`
}

/** The interval a check shows: level, method, resamples and the resamples skipped. */
function toInterval(b: BootstrapInterval | null): Interval | undefined {
  if (b == null) return undefined
  const skipped =
    b.undefinedResamples > 0
      ? `; ${b.undefinedResamples} resample(s) left the value undefined and were skipped`
      : ''
  return {
    low: b.low,
    high: b.high,
    level: b.level,
    method: `${b.method}, ${b.resamples} resamples, seed ${b.seed}${skipped}`,
  }
}

function checkOne(
  a: AttributeAnalysis,
  bound: FairnessBound,
  config: Pick<FairnessConfig, 'uncertainty'>,
): Check {
  const spec = bound.spec
  const name = spec.metric as DisparityName
  const key = a.attribute.key
  const id = `${name}[${key}].${spec.op === '>=' ? 'min' : 'max'}`
  const label = `${DISPARITY_LABELS[name]}${name === 'disparate_impact' && spec.op === '<=' ? ' (largest)' : ''} · ${key}`
  const b = { op: spec.op, value: spec.value, kind: 'value' as const }
  const shownBound = `${spec.op === '>=' ? '≥' : '≤'} ${fmt(spec.value)}${bound.source ? ` (${bound.source})` : ''}`
  const { disparity, interval: raw } = boundedDisparity(a, spec)
  if (disparity.value == null) {
    return {
      name: id,
      label,
      value: null,
      bound: b,
      verdict: 'warn',
      reason: `Not gated: ${DISPARITY_LABELS[name].toLowerCase()} of ${key} is undefined: ${disparity.reason}.`,
    }
  }
  const interval = toInterval(raw)
  const j = judge(disparity.value, b, interval, config.uncertainty, 1, 0)
  const span = interval
    ? `${Math.round(interval.level * 100)}% interval [${fmt(interval.low)}, ${fmt(interval.high)}]`
    : ''
  let how: string
  if (j.verdict === 'pass') how = `holds${span ? ` (${span})` : ''}`
  else if (j.verdict === 'warn')
    how = `the point estimate misses it, but the ${span} still reaches it: not conclusive`
  else if (interval && config.uncertainty === 'interval') how = `the whole ${span} misses it`
  else if (interval) how = `missed (${span}; the point estimate decides)`
  else if (config.uncertainty === 'interval')
    how =
      'missed, and with no interval to weigh it (no resamples, or a rate of 0 under a ratio) the point estimate decides'
  else how = 'missed'
  return {
    name: id,
    label,
    value: disparity.value,
    bound: b,
    verdict: j.verdict,
    reason: `${capitalize(comparisonSentence(a, name, disparity))}, bound ${shownBound}: ${how}.`,
    ...(interval ? { interval } : {}),
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
