import type { GateResult } from '../result.ts'
import type { DriftProfileConfig } from './config.ts'
import type { DriftProfile } from './profile.ts'
import { distinctCount } from './profile.ts'
import type { DriftRunHooks, Timings } from './run.ts'
import { writeReferenceProfile } from './run.ts'

/**
 * `mlgate drift profile`: builds the reference profile and writes it. Returns a result with the
 * status `pass` (nothing is gated) that lists what the profile holds, so the CLI prints and
 * `--json` serialises it like any gate.
 */
export async function writeDriftProfile(
  config: DriftProfileConfig,
  hooks: DriftRunHooks = {},
): Promise<GateResult> {
  const started = performance.now()
  const timings: Timings = {}
  const { profile, bytes } = await writeReferenceProfile(config, config.out, timings, hooks)
  return {
    gate: 'drift-profile',
    title: 'Drift reference profile',
    status: 'pass',
    summary: `Wrote ${config.out} (${kib(bytes)}): ${profile.features.length} columns of ${profile.reference.rows} reference rows from ${config.reference}.`,
    checks: [],
    metrics: {
      profile_bytes: bytes,
      columns: profile.features.length,
      rows: profile.reference.rows,
    },
    tables: [profileTable(profile)],
    findings: [],
    context: {
      profile: config.out,
      profile_bytes: bytes,
      reference: profile.reference.file,
      reference_sha256: profile.reference.sha256,
      rows_reference: profile.reference.rows,
      ...(profile.model ? { model: profile.model.file, model_sha256: profile.model.sha256 } : {}),
      ...timings,
      total_ms: Math.round(performance.now() - started),
    },
    policy: 'A profile gates nothing; mlgate drift --profile compares current data with it.',
  }
}

/** What the profile holds per column. */
export function profileTable(profile: DriftProfile): GateResult['tables'][number] {
  return {
    title: 'Profiled columns',
    columns: ['column', 'role', 'kind', 'rows', 'missing', 'bins or categories', 'distinct values'],
    rows: profile.features.map((f) => [
      f.name,
      f.role,
      f.kind,
      f.rows,
      f.missing,
      f.kind === 'numeric' ? f.edges.length + 1 : f.categories.names.length,
      f.kind === 'numeric' ? distinctCount(f.distribution) : f.categories.names.length,
    ]),
    priority: 0,
  }
}

function kib(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
