import { benjaminiHochberg } from '@mlgate/stats'
import { ConfigError } from '../errors.ts'
import { fmt } from '../judge.ts'
import type { GateStatus } from '../result.ts'
import type { DriftConfig } from './config.ts'
import { DEFAULT_FAIL } from './config.ts'
import type { FeatureDrift } from './feature-drift.ts'

/** A column's drift with the bands it was held to and the verdict they gave. */
export type JudgedDrift = FeatureDrift & {
  readonly warnAt: number
  readonly failAt: number
  /** Benjamini-Hochberg adjusted PSI p-value over every judged column. */
  readonly psiQValue: number
  /** Benjamini-Hochberg adjusted KS p-value over the numeric columns; NaN without KS. */
  readonly ksQValue: number
  /** Auto mode only: false when sampling noise explains the PSI (adjusted p above 1 − level). */
  readonly beyondNoise: boolean
  readonly verdict: Exclude<GateStatus, 'error'>
  readonly reason: string
}

/** The key of a column in `featureThresholds`: its name, or `prediction` for the model's scores. */
export function thresholdKey(d: Pick<FeatureDrift, 'name' | 'role'>): string {
  return d.role === 'prediction' ? 'prediction' : d.name
}

/**
 * Holds each column's PSI to its bands (statistics.md: < warn stable, ≥ warn moderate, ≥ fail
 * significant). With `threshold: auto`, a band counts only when the PSI is beyond sampling noise:
 * its no-drift p-value, adjusted by Benjamini-Hochberg over all columns, must be at most
 * 1 − autoQuantile. For one column that is exactly "PSI above max(band, the autoQuantile quantile
 * of (1/n_ref + 1/n_cur)·χ²(B − 1))".
 */
export function judgeDrift(drifts: readonly FeatureDrift[], config: DriftConfig): JudgedDrift[] {
  const known = new Set(drifts.map(thresholdKey))
  for (const key of Object.keys(config.featureThresholds)) {
    if (!known.has(key)) {
      throw new ConfigError(
        `Thresholds are set for "${key}", which this run does not check (checked: ${[...known].join(', ')}).`,
      )
    }
  }
  const auto = config.threshold === 'auto'
  const alpha = 1 - config.autoQuantile
  const psiQ = benjaminiHochberg(Float64Array.from(drifts, (d) => d.psiPValue))
  const ksQ = benjaminiHochberg(Float64Array.from(drifts, (d) => d.ks?.pValue ?? NaN))
  return drifts.map((d, i) => {
    const own = config.featureThresholds[thresholdKey(d)] ?? {}
    const failAt = own.fail ?? (config.threshold === 'auto' ? DEFAULT_FAIL : config.threshold)
    const warnAt = own.warn ?? Math.min(config.warnThreshold, failAt)
    if (warnAt > failAt) {
      throw new ConfigError(
        `Thresholds for "${thresholdKey(d)}": warn ${warnAt} is above fail ${failAt}; warn must not exceed fail.`,
      )
    }
    const q = psiQ[i]!
    const beyondNoise = !auto || q <= alpha
    const band = d.psi.psi >= failAt ? 'fail' : d.psi.psi >= warnAt ? 'warn' : 'pass'
    const verdict = beyondNoise ? band : 'pass'
    return {
      ...d,
      warnAt,
      failAt,
      psiQValue: q,
      ksQValue: ksQ[i]!,
      beyondNoise,
      verdict,
      reason: reasonFor(d, band, verdict, warnAt, failAt, q, alpha, config.autoQuantile),
    }
  })
}

// --- internal ---

function reasonFor(
  d: FeatureDrift,
  band: 'pass' | 'warn' | 'fail',
  verdict: 'pass' | 'warn' | 'fail',
  warnAt: number,
  failAt: number,
  q: number,
  alpha: number,
  level: number,
): string {
  const psi = fmt(d.psi.psi)
  const noise = `no drift would give about ${fmt(d.noise.expected)} at ${d.refRows} and ${d.curRows} rows`
  let text: string
  if (band === 'pass') text = `PSI ${psi} < ${fmt(warnAt)}: stable (${noise}).`
  else if (verdict === 'pass') {
    text = `PSI ${psi} reaches the ${band === 'fail' ? 'fail' : 'warn'} band (${fmt(band === 'fail' ? failAt : warnAt)}), but sampling noise explains it: the no-drift ${Math.round(level * 1000) / 10}% quantile is ${fmt(d.noiseQuantile)} and the BH-adjusted p-value ${fmt(q)} is above ${fmt(alpha)}.`
  } else if (band === 'warn') {
    text = `PSI ${psi} ≥ ${fmt(warnAt)}: moderate drift (${noise}).`
  } else text = `PSI ${psi} ≥ ${fmt(failAt)}: significant drift (${noise}).`
  if (d.unseen.length > 0) {
    const shown = d.unseen.slice(0, 5).map((u) => `"${u}"`)
    text += ` Categories the reference never saw: ${shown.join(', ')}${d.unseen.length > 5 ? ` and ${d.unseen.length - 5} more` : ''}.`
  }
  return text
}
