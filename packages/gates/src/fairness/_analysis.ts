import type { FairnessDisparities, FairnessIntervals, GroupRates } from '@mlgate/stats'
import { bootstrapFairness, fairnessDisparities, groupRates } from '@mlgate/stats'
import { ConfigError } from '../errors.ts'
import type { Attribute } from './_attributes.ts'
import type { Decisions } from './_decisions.ts'
import type { FairnessConfig } from './config.ts'

/** Everything measured for one attribute (or the intersection). */
export type AttributeAnalysis = {
  readonly attribute: Attribute
  /** False for an intersection that is shown only. */
  readonly gated: boolean
  readonly rates: readonly GroupRates[]
  readonly disparities: FairnessDisparities
  /** Null when resamples is 0. */
  readonly intervals: FairnessIntervals | null
}

/**
 * Group rates and disparities of every attribute, and their bootstrap intervals from one
 * stratified bootstrap over all attributes at once (so every attribute sees the same resamples).
 * `onProgress` hears the resamples done.
 */
export function analyseAttributes(
  attributes: readonly Attribute[],
  decisions: Decisions,
  config: FairnessConfig,
  onProgress?: (resamplesDone: number, resamplesTotal: number) => void,
): AttributeAnalysis[] {
  for (const key of Object.keys(config.reference)) {
    if (!attributes.some((a) => a.key === key)) {
      throw new ConfigError(
        `A reference group is given for "${key}", which is not an attribute of this run (${attributes.map((a) => a.key).join(', ')}).`,
      )
    }
  }
  const measured = attributes.map((attribute) => {
    const rates = groupRates(decisions.y, decisions.yhat, attribute.codes, attribute.groups.length)
    const disparities = fairnessDisparities(rates, {
      minGroupSize: config.minGroupSize,
      ...referenceOption(attribute, config.reference[attribute.key]),
    })
    return { attribute, rates, disparities }
  })
  const intervals =
    config.resamples > 0
      ? bootstrapFairness(
          decisions.y,
          decisions.yhat,
          measured.map((m) => ({
            codes: m.attribute.codes,
            groupCount: m.attribute.groups.length,
            plan: m.disparities.plan,
          })),
          { resamples: config.resamples, seed: config.seed, level: config.level, onProgress },
        )
      : null
  return measured.map((m, j) => ({
    ...m,
    gated: !m.attribute.intersection || config.intersections === 'gated',
    intervals: intervals?.[j] ?? null,
  }))
}

// --- internal ---

function referenceOption(attribute: Attribute, name: string | undefined): { reference?: number } {
  if (name == null) return {}
  const index = attribute.groups.findIndex((g) => g.name === name)
  if (index < 0) {
    throw new ConfigError(
      `Reference group "${name}" does not occur in "${attribute.key}"; its groups are ${attribute.groups.map((g) => `"${g.name}"`).join(', ')}.`,
    )
  }
  return { reference: index }
}
