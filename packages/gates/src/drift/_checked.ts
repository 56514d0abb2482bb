import { ConfigError } from '../errors.ts'
import type { DriftConfig } from './config.ts'
import type { DriftProfile, FeatureProfile } from './profile.ts'
import { resolveFeatures } from './profile.ts'

/**
 * Pairs each profiled column with the current data's column, refusing a profile that does not
 * describe the current data: columns it lacks, columns the data lacks, a column profiled as
 * numeric but asked to be categorical, a model or label it was built without. `current` needs
 * only its columns' names, so a file read in chunks is checked by its header alone.
 */
export function columnsToCheck<C extends { readonly name: string }>(
  config: DriftConfig,
  profile: DriftProfile,
  current: { readonly source: string; readonly columns: readonly C[] },
  prediction: C | undefined,
): { entry: FeatureProfile; column: C }[] {
  const rebuild = `Rebuild the profile (mlgate drift profile --reference <data> --out <file>) with the same settings as this run.`
  const byName = new Map(current.columns.map((c) => [c.name, c]))
  const profiled = new Map(
    profile.features.filter((f) => f.role === 'feature').map((f) => [f.name, f]),
  )
  const label = config.label ?? profile.features.find((f) => f.role === 'label')?.name
  const wanted = resolveFeatures(
    current.columns.map((c) => c.name),
    { ...config, label },
  )
  const notProfiled = wanted.filter((n) => !profiled.has(n))
  if (notProfiled.length > 0) {
    throw new ConfigError(
      `The reference profile (${profile.reference.file}) does not cover ${list(notProfiled)} of ${current.source}; it covers ${list([...profiled.keys()])}. ${config.features ? rebuild : `List the columns to check with features, leave the others out with exclude, or rebuild the profile from a reference with these columns.`}`,
    )
  }
  const absent = (config.features ?? [...profiled.keys()]).filter((n) => !byName.has(n))
  if (absent.length > 0) {
    throw new ConfigError(
      `${current.source} has no column ${list(absent)}, which the reference profile covers; its columns are ${list([...byName.keys()])}. Check the file, or leave those columns out with exclude.`,
    )
  }
  const out: { entry: FeatureProfile; column: C }[] = []
  for (const name of config.features ?? [...profiled.keys()]) {
    const entry = profiled.get(name)!
    if (config.categorical.includes(name) && entry.kind === 'numeric') {
      throw new ConfigError(
        `Column "${name}" is asked to be categorical but the profile holds it as numeric. ${rebuild}`,
      )
    }
    out.push({ entry, column: byName.get(name)! })
  }
  if (label !== undefined) {
    const entry = profile.features.find((f) => f.role === 'label' && f.name === label)
    if (!entry) {
      throw new ConfigError(`The reference profile was built without label "${label}". ${rebuild}`)
    }
    const column = byName.get(label)
    if (!column) {
      throw new ConfigError(`${current.source} has no label column "${label}".`)
    }
    out.push({ entry, column })
  }
  if (config.model !== undefined) {
    const entry = profile.features.find((f) => f.role === 'prediction')
    if (!entry || !profile.model) {
      throw new ConfigError(
        `The reference profile was built without a model, so prediction drift cannot be checked. ${rebuild}`,
      )
    }
    if (!prediction) throw new Error('evaluateDrift: a model was given but no scores were passed')
    out.push({ entry, column: prediction })
  }
  if (out.length === 0) {
    throw new ConfigError(
      `No column is left to check in ${current.source}: every column is excluded or is the label.`,
    )
  }
  return out
}

// --- internal ---

function list(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((n) => `"${n}"`)
  return `${shown.join(', ')}${names.length > 12 ? ` and ${names.length - 12} more` : ''}`
}
