import type { AccuracyConfig } from '../accuracy/config.ts'
import { accuracyConfigFromInputs } from '../accuracy/inputs.ts'
import type { DriftConfig } from '../drift/config.ts'
import { driftConfigFromInputs } from '../drift/inputs.ts'
import { ConfigError } from '../errors.ts'
import type { FairnessConfig } from '../fairness/config.ts'
import { fairnessConfigFromInputs } from '../fairness/inputs.ts'
import type { SchemaConfig } from '../schema/config.ts'
import { schemaConfigFromInputs } from '../schema/inputs.ts'
import type { LoadedPolicy } from './load.ts'
import { fromPolicy, policyReader } from './reader.ts'
import type { PolicyGate } from './schema.ts'
import { GATE_SECTIONS } from './schema.ts'

/** The settings of each gate the policy declares. */
export type PolicyConfigs = {
  readonly schema?: SchemaConfig
  readonly accuracy?: AccuracyConfig
  readonly fairness?: FairnessConfig
  readonly drift?: DriftConfig
}

export const POLICY_GATES = Object.keys(GATE_SECTIONS) as readonly PolicyGate[]

/** The gates a policy declares, in the order `mlgate run` runs them. */
export function declaredGates(loaded: LoadedPolicy): PolicyGate[] {
  return POLICY_GATES.filter((g) => loaded.policy.gates?.[g] !== undefined)
}

/**
 * Every declared gate's settings, checked before anything runs, so a typo in the last section
 * fails in a second rather than after the first gates' work. `only` limits the run to some gates.
 */
export function policyConfigs(loaded: LoadedPolicy, only: readonly string[] = []): PolicyConfigs {
  const declared = declaredGates(loaded)
  const unknown = only.filter((g) => !(POLICY_GATES as readonly string[]).includes(g))
  if (unknown.length > 0) {
    throw new ConfigError(
      `Unknown gate ${unknown.map((g) => `"${g}"`).join(', ')}; the gates are ${POLICY_GATES.join(', ')}.`,
    )
  }
  const absent = only.filter((g) => !(declared as readonly string[]).includes(g))
  if (absent.length > 0) {
    throw new ConfigError(
      `${loaded.file} declares no ${absent.join(', ')} gate (it declares ${declared.join(', ') || 'none'}); add it under gates:.`,
    )
  }
  const wanted = declared.filter((g) => only.length === 0 || only.includes(g))
  const configs: { -readonly [G in keyof PolicyConfigs]: PolicyConfigs[G] } = {}
  for (const gate of wanted) {
    const read = policyReader(loaded, gate)
    if (gate === 'schema') configs.schema = fromPolicy(read, (r) => schemaConfigFromInputs(r))
    if (gate === 'accuracy') configs.accuracy = fromPolicy(read, accuracyConfigFromInputs)
    if (gate === 'fairness') configs.fairness = fromPolicy(read, fairnessConfigFromInputs)
    if (gate === 'drift') configs.drift = fromPolicy(read, driftConfigFromInputs)
  }
  return configs
}
