import type { BootstrapInterval, Disparity } from '@mlgate/stats'
import { DISPARITY_NAMES, GROUP_RATE_NAMES } from '@mlgate/stats'
import type { AttributeAnalysis } from './_analysis.ts'

/**
 * `groups` and `disparities` of the JSON result, keyed by attribute and then by the snake_case
 * names of statistics.md. An undefined value is null, with its reason under `undefined`.
 */
export function fairnessDetails(
  analyses: readonly AttributeAnalysis[],
  minGroupSize: number,
): { groups: Record<string, unknown[]>; disparities: Record<string, Record<string, unknown>> } {
  const groups: Record<string, unknown[]> = {}
  const disparities: Record<string, Record<string, unknown>> = {}
  for (const a of analyses) {
    const { attribute } = a
    const impact = a.disparities.disparateImpact
    groups[attribute.key] = attribute.groups.map((g, i) => {
      const r = a.rates[i]!
      const why: Record<string, string> = {}
      const rates: Record<string, number | null> = {}
      for (const name of GROUP_RATE_NAMES) {
        const v = r.rates[name]
        rates[name] = v.value
        if (v.value == null) why[name] = v.reason
      }
      const di = impact.perGroup[i]
      if (di != null && di.value == null) why['disparate_impact'] = di.reason
      return {
        group: g.name,
        values: Object.fromEntries(attribute.columns.map((c, k) => [c, g.values[k]])),
        n: r.n,
        positives: r.positives,
        predicted_positives: r.predictedPositives,
        ...rates,
        disparate_impact: di?.value ?? null,
        gated: a.gated && r.n >= minGroupSize,
        ...(Object.keys(why).length > 0 ? { undefined: why } : {}),
        ...(a.intervals
          ? {
              intervals: {
                selection_rate: bounds(a.intervals.selectionRate[i]),
                tpr: bounds(a.intervals.tpr[i]),
                fpr: bounds(a.intervals.fpr[i]),
              },
            }
          : {}),
      }
    })
    const entry: Record<string, unknown> = {}
    for (const name of DISPARITY_NAMES) {
      entry[name] = disparity(
        a,
        a.disparities.values[name],
        a.intervals?.disparities[name],
        a.intervals?.percentile[name],
      )
    }
    entry['disparate_impact'] = {
      ...(entry['disparate_impact'] as object),
      reference:
        impact.reference == null ? null : (attribute.groups[impact.reference]?.name ?? null),
      reference_source: impact.referenceSource,
      largest: disparity(
        a,
        impact.largest,
        a.intervals?.disparities.disparate_impact_max,
        a.intervals?.percentile.disparate_impact_max,
      ),
    }
    entry['gated'] = a.gated
    disparities[attribute.key] = entry
  }
  return { groups, disparities }
}

// --- internal ---

function disparity(
  a: AttributeAnalysis,
  d: Disparity,
  interval: BootstrapInterval | null | undefined,
  percentile: BootstrapInterval | null | undefined,
): Record<string, unknown> {
  const name = (i: number) => a.attribute.groups[i]?.name ?? null
  const leftOut = d.leftOut.map((l) => ({ group: name(l.group), reason: l.reason }))
  if (d.value == null) return { value: null, reason: d.reason, left_out: leftOut }
  return {
    value: d.value,
    rate: d.rate,
    group: { group: name(d.group.group), value: d.group.value },
    against: { group: name(d.against.group), value: d.against.value },
    left_out: leftOut,
    interval: bounds(interval),
    // The percentile interval of the statistic itself (Fairlearn's difference_ci); biased toward
    // disparity when there are many groups, so the verdict uses `interval`.
    statistic_percentile_interval: bounds(percentile),
  }
}

function bounds(b: BootstrapInterval | null | undefined): Record<string, number> | null {
  if (b == null) return null
  return { low: b.low, high: b.high, level: b.level, undefined_resamples: b.undefinedResamples }
}
