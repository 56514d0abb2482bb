import { ConfigError } from '../errors.ts'
import type { ModelCardConfig } from '../model-card/config.ts'
import { modelCardConfigFromInputs } from '../model-card/inputs.ts'
import type { LoadedPolicy } from './load.ts'
import { fromPolicy, policyReader } from './reader.ts'

/** What `mlgate run` needs to write the card a policy declares. */
export type PolicyCard = { readonly config: ModelCardConfig; readonly model: string }

/**
 * The model card's settings when the policy declares `card:`, else undefined. Checked before the
 * gates run, like theirs. Without its own `out`, the card goes to `defaultOut`.
 */
export function policyCard(loaded: LoadedPolicy, defaultOut: string): PolicyCard | undefined {
  if (loaded.policy.card === undefined) return undefined
  const read = policyReader(loaded, 'card')
  const config = fromPolicy(read, modelCardConfigFromInputs)
  const model = read.text('model')
  if (model == null) {
    throw new ConfigError(
      `${loaded.file} declares card: but no model; set the top-level model (or card.model).`,
    )
  }
  return { config: read.text('out') == null ? { ...config, out: defaultOut } : config, model }
}
