import { fmt } from '../judge.ts'
import type { Check, GateStatus } from '../result.ts'
import type { AttributeAnalysis } from './_analysis.ts'
import type { FairnessBound } from './_checks.ts'
import type { FairnessConfig } from './config.ts'

/** How the verdict was reached, in words: bounds and their source, uncertainty, groups. */
export function fairnessPolicy(
  config: FairnessConfig,
  bounds: readonly FairnessBound[],
  analyses: readonly AttributeAnalysis[],
): string {
  const parts: string[] = []
  if (bounds.length === 0) {
    parts.push(
      'No bounds were given, so nothing was gated: no rule applies by default (name one, e.g. four-fifths, or bound a disparity).',
    )
  } else {
    const shown = bounds.map(
      (b) =>
        `${b.spec.metric} ${b.spec.op === '>=' ? '≥' : '≤'} ${fmt(b.spec.value)}${b.source ? ` (${b.source})` : ''}`,
    )
    const gated = analyses.filter((a) => a.gated).map((a) => a.attribute.key)
    parts.push(`Bounds: ${shown.join(', ')}, each on ${gated.join(', ')}; no other rule applies.`)
  }
  const pct = `${Math.round(config.level * 100)}%`
  if (config.uncertainty === 'interval' && config.resamples > 0) {
    parts.push(
      `A disparity's ${pct} interval is its range while every pairwise group comparison stays in its simultaneous bootstrap max-t interval (rows resampled within groups; ${config.resamples} resamples, seed ${config.seed}), free of the bias of a resampled max − min. A bound fails when the whole interval misses it and warns when only the estimate does.`,
    )
  } else if (config.uncertainty === 'interval') {
    parts.push('No intervals were computed (resamples 0): point estimates decide.')
  } else {
    parts.push('Point estimates decide; intervals are for information.')
  }
  parts.push(
    `Groups under ${config.minGroupSize} rows are shown, not gated; groups without positive (negative) labels are left out of TPR (FPR) comparisons; a disparity with fewer than two groups left warns.`,
    'Disparate impact is against the reference (given, else the highest selection rate): ≥ bounds hold the smallest ratio, ≤ bounds the largest.',
  )
  const inter = analyses.find((a) => a.attribute.intersection)
  if (inter) {
    parts.push(
      `The intersection ${inter.attribute.key} is ${inter.gated ? 'gated' : 'shown, not gated'}.`,
    )
  }
  return parts.join(' ')
}

/** One sentence: the verdict and, when something failed, what failed, plainly. */
export function fairnessSummary(
  status: GateStatus,
  checks: readonly Check[],
  analyses: readonly AttributeAnalysis[],
  rows: number,
): string {
  const keys = analyses.map((a) => a.attribute.key).join(', ')
  if (checks.length === 0) {
    return `No bounds were given: disparities of ${keys} on ${rows} rows are reported, nothing is gated.`
  }
  if (status === 'error') {
    return `None of the ${checks.length} fairness bound(s) could be evaluated on ${rows} rows: ${checks[0]?.reason ?? ''}`
  }
  const failed = checks.filter((c) => c.verdict === 'fail')
  const warned = checks.filter((c) => c.verdict === 'warn')
  if (failed.length === 0 && warned.length === 0) {
    return `All ${checks.length} fairness bound(s) hold on ${rows} rows (${keys}).`
  }
  const first = failed[0] ?? warned[0]
  const what =
    failed.length > 0
      ? `${failed.length} of ${checks.length} fairness bound(s) failed`
      : `${warned.length} of ${checks.length} fairness bound(s) need attention`
  return `${what} on ${rows} rows; first: ${first?.label}: ${first?.reason ?? ''}`
}
