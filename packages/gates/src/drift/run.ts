import { existsSync } from 'node:fs'
import type { Table } from '@mlgate/data'
import { readTable } from '@mlgate/data'
import type { Scored } from '../accuracy/evaluate.ts'
import { ConfigError } from '../errors.ts'
import type { GateResult } from '../result.ts'
import { featureTable, scoreModel } from '../scoring.ts'
import type { DriftConfig } from './config.ts'
import { evaluateDrift } from './evaluate.ts'
import type { PredictionColumn } from './prediction-column.ts'
import { predictionColumn } from './prediction-column.ts'
import type { DriftProfile } from './profile.ts'
import { buildProfile, resolveFeatures } from './profile.ts'
import { fileSha256, readProfile, writeProfile } from './profile-file.ts'

/** What a profile is built from (the gate's settings, or `mlgate drift profile`'s). */
export type ProfileSettings = Pick<
  DriftConfig,
  'features' | 'exclude' | 'categorical' | 'label' | 'model' | 'positive' | 'columns' | 'batchSize'
> & {
  readonly reference: string
  readonly labelledColumn?: string | undefined
}

export type DriftRunHooks = {
  /** Called as scoring advances, for progress bars. */
  readonly onProgress?: (what: 'reference' | 'current', rowsDone: number, rowsTotal: number) => void
}

/**
 * The current data already read, and the model's scores on it, when another gate of the same run
 * has them (`mlgate run` scores each model once).
 */
export type PreparedCurrent = {
  readonly table?: Table
  /** The model's predictions on `table` with the label (and labelled-rows marker) left out. */
  readonly scored?: Scored
}

/** Milliseconds per step, reported in the result's context (`*_ms`) and read by the benchmark. */
export type Timings = Record<string, number>

/**
 * Reads the reference profile (or builds it from the reference data, and writes it when a profile
 * path is given), reads the current data, scores it when a model is given, and judges the drift.
 *
 * A profile file is used when it exists and, if the reference data is given too, was built from
 * that very file (same SHA-256) with the same model; otherwise it is rebuilt from the reference.
 * Without reference data, a profile that does not fit is refused with the reason.
 */
export async function runDriftGate(
  config: DriftConfig,
  hooks: DriftRunHooks = {},
  prepared: PreparedCurrent = {},
): Promise<GateResult> {
  const started = performance.now()
  const timings: Timings = {}
  const obtained = await obtainProfile(config, timings, hooks)
  const current =
    prepared.table ?? (await timed(timings, 'read_current_ms', () => readTable(config.current)))
  let prediction: PredictionColumn | undefined
  if (config.model) {
    const sha = await timed(timings, 'hash_model_ms', () => fileSha256(config.model!))
    if (obtained.profile.model && obtained.profile.model.sha256 !== sha) {
      throw new ConfigError(
        `The profile's scores come from a model with SHA-256 ${obtained.profile.model.sha256.slice(0, 12)}… (${obtained.profile.model.file}), not ${config.model} (${sha.slice(0, 12)}…). Give the reference data too so the profile is rebuilt, or rebuild it with mlgate drift profile --model ${config.model}.`,
      )
    }
    // The label named by the profile stays out of the model's inputs even when the run omits it.
    const label = config.label ?? obtained.profile.features.find((f) => f.role === 'label')?.name
    prediction = prepared.scored
      ? predictionColumn(prepared.scored, config.positive)
      : await timed(timings, 'score_current_ms', () =>
          scoreTable({ ...config, label }, current, (d, t) => hooks.onProgress?.('current', d, t)),
        )
  }
  const result = evaluateDrift(config, {
    profile: obtained.profile,
    profileSource: obtained.source,
    current,
    ...(prediction ? { prediction: prediction.column } : {}),
    context: { ...obtained.facts, ...timings },
  })
  return {
    ...result,
    context: { ...result.context, total_ms: Math.round(performance.now() - started) },
  }
}

/**
 * Builds the profile of a reference dataset: reads it, resolves the columns, scores it when a
 * model is given, and summarises every column once.
 */
export async function buildReferenceProfile(
  settings: ProfileSettings,
  timings: Timings = {},
  hooks: DriftRunHooks = {},
  hash = true,
): Promise<DriftProfile> {
  // The hash ties a stored profile to its data; a profile that is never stored skips it.
  const [table, sha256] = await Promise.all([
    timed(timings, 'read_reference_ms', () => readTable(settings.reference)),
    hash ? timed(timings, 'hash_reference_ms', () => fileSha256(settings.reference)) : '',
  ])
  if (table.rowCount === 0) {
    throw new ConfigError(
      `${settings.reference} has no data rows: a reference profile needs the training data's rows.`,
    )
  }
  const names = table.columns.map((c) => c.name)
  const features = resolveFeatures(names, settings)
  const missing = [...features, ...(settings.label ? [settings.label] : [])].filter(
    (n) => !names.includes(n),
  )
  if (missing.length > 0) {
    throw new ConfigError(
      `${settings.reference} has no column ${missing.map((m) => `"${m}"`).join(', ')}; its columns are ${names.map((n) => `"${n}"`).join(', ')}.`,
    )
  }
  let prediction:
    { column: PredictionColumn['column']; model: NonNullable<DriftProfile['model']> } | undefined
  if (settings.model) {
    const model = settings.model
    const scored = await timed(timings, 'score_reference_ms', () =>
      scoreTable(settings, table, (d, t) => hooks.onProgress?.('reference', d, t)),
    )
    const sha = await fileSha256(model)
    prediction = { column: scored.column, model: { file: model, sha256: sha, score: scored.score } }
  }
  return timed(timings, 'build_profile_ms', () =>
    buildProfile({
      table,
      file: settings.reference,
      sha256,
      features,
      categorical: new Set(settings.categorical),
      ...(settings.label ? { label: settings.label } : {}),
      ...(prediction ? { prediction } : {}),
    }),
  )
}

// --- internal ---

type Obtained = {
  profile: DriftProfile
  source: string
  facts: Record<string, string | number | boolean>
}

async function obtainProfile(
  config: DriftConfig,
  timings: Timings,
  hooks: DriftRunHooks,
): Promise<Obtained> {
  const { profile: path, reference } = config
  if (path && existsSync(path)) {
    if (!reference) {
      const stored = await timed(timings, 'load_profile_ms', () => readProfile(path))
      return { profile: stored, source: `read from ${path}`, facts: {} }
    }
    // With the reference at hand, a profile that cannot be used (another format version, damaged,
    // built from other data or settings) is rebuilt rather than refused.
    const [stored, sha] = await Promise.all([
      timed(timings, 'load_profile_ms', () => readProfile(path)).catch((error: unknown) => {
        if (error instanceof ConfigError) return error
        throw error
      }),
      timed(timings, 'hash_reference_ms', () => fileSha256(reference)),
    ])
    const stale =
      stored instanceof ConfigError ? 'it could not be used' : staleness(stored, sha, config)
    if (stale === undefined && !(stored instanceof ConfigError)) {
      return { profile: stored, source: `read from ${path}`, facts: {} }
    }
    const profile = await buildReferenceProfile({ ...config, reference }, timings, hooks)
    const bytes = await timed(timings, 'write_profile_ms', () => writeProfile(path, profile))
    return {
      profile,
      source: `rebuilt from ${reference} (${stale}) and written to ${path}`,
      facts: { profile_bytes: bytes },
    }
  }
  if (!reference) {
    throw new ConfigError(
      path
        ? `The drift profile ${path} does not exist and no reference data was given to build it from. Pass the reference (training) data, or write the profile first with mlgate drift profile --reference <data> --out ${path}.`
        : 'The drift gate needs the reference (training) data or a profile built from it: give reference, profile, or both.',
    )
  }
  const profile = await buildReferenceProfile({ ...config, reference }, timings, hooks, !!path)
  if (!path) return { profile, source: `built from ${reference}`, facts: {} }
  const bytes = await timed(timings, 'write_profile_ms', () => writeProfile(path, profile))
  return {
    profile,
    source: `built from ${reference} and written to ${path}`,
    facts: { profile_bytes: bytes },
  }
}

/** Why a stored profile cannot stand for `reference` under these settings, or undefined. */
function staleness(profile: DriftProfile, sha: string, config: DriftConfig): string | undefined {
  if (profile.reference.sha256 !== sha) return 'the reference data changed'
  if (config.label && !profile.features.some((f) => f.role === 'label' && f.name === config.label))
    return 'it has no label drift'
  if (config.model && !profile.model) return 'it has no model scores'
  const features = new Set(profile.features.filter((f) => f.role === 'feature').map((f) => f.name))
  const wanted = config.features ?? resolveFeatures(profile.columns, config)
  if (wanted.some((n) => !features.has(n))) return 'it covers other columns'
  const numeric = new Set(profile.features.filter((f) => f.kind === 'numeric').map((f) => f.name))
  if (config.categorical.some((n) => numeric.has(n))) return 'other columns are categorical'
  return undefined
}

async function scoreTable(
  settings: Pick<DriftConfig, 'model' | 'positive' | 'columns' | 'batchSize' | 'label'> & {
    labelledColumn?: string | undefined
  },
  table: Table,
  onProgress: (done: number, total: number) => void,
): Promise<PredictionColumn> {
  const model = settings.model!
  const drop = [settings.label, settings.labelledColumn].filter((c): c is string => c !== undefined)
  const scored = await scoreModel(model, featureTable(table, drop), {
    batchSize: settings.batchSize,
    ...(settings.columns ? { columns: settings.columns } : {}),
    onProgress,
  })
  return predictionColumn(scored, settings.positive)
}

async function timed<T>(timings: Timings, key: string, step: () => T | Promise<T>): Promise<T> {
  const t = performance.now()
  const value = await step()
  timings[key] = Math.round(performance.now() - t)
  return value
}
