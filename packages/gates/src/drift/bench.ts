import { join } from 'node:path'
import type { GateResult } from '../result.ts'
import { driftConfigSchema, driftProfileConfigSchema } from './config.ts'
import { writeDriftProfile } from './profile-report.ts'
import { runDriftGate } from './run.ts'

/** One timed drift step, shaped like the benchmark's rows. */
export type DriftBenchStep = {
  readonly step: string
  readonly seconds: number
  /** Rows read: reference and current for a cold run, one side otherwise. */
  readonly rows: number
  readonly rowsPerSecond: number
  /** The step's own timings (read, hash, build, evaluate, in ms) and sizes. */
  readonly note: string
  readonly result: GateResult
}

/**
 * The drift part of the reference workload (performance.md): `ref.csv` against `cur.csv` in
 * `dataDir`, every column but `exclude` (by default `gender` and `label`, leaving the 30 numeric
 * features plus `country` and `channel`: 32 columns). Three steps: a cold run from both CSV files,
 * writing the reference profile, and a run from that profile; `profilePath` defaults to
 * `dataDir/ref.profile.json`.
 */
export async function benchDrift(
  dataDir: string,
  options: { readonly exclude?: readonly string[]; readonly profilePath?: string } = {},
): Promise<DriftBenchStep[]> {
  const exclude = [...(options.exclude ?? ['gender', 'label'])]
  const reference = join(dataDir, 'ref.csv')
  const current = join(dataDir, 'cur.csv')
  const out = options.profilePath ?? join(dataDir, 'ref.profile.json')
  const steps: DriftBenchStep[] = []
  const step = async (name: string, run: () => Promise<GateResult>, read: readonly string[]) => {
    const started = performance.now()
    const result = await run()
    const seconds = (performance.now() - started) / 1000
    const rows = read.reduce((sum, key) => sum + (Number(result.context[key]) || 0), 0)
    const facts = Object.entries(result.context)
      .filter(([k]) => k.endsWith('_ms') || k.endsWith('_bytes'))
      .map(([k, v]) => `${k.replace(/_ms$/, '')} ${String(v)}${k.endsWith('_ms') ? ' ms' : ' B'}`)
    steps.push({
      step: name,
      seconds,
      rows,
      rowsPerSecond: rows / seconds,
      note: facts.join(', '),
      result,
    })
  }
  await step(
    'drift, cold (ref.csv + cur.csv)',
    () => runDriftGate(driftConfigSchema.parse({ reference, current, exclude })),
    ['rows_reference', 'rows_current'],
  )
  await step(
    'drift profile (ref.csv → profile)',
    () => writeDriftProfile(driftProfileConfigSchema.parse({ reference, out, exclude })),
    ['rows_reference'],
  )
  await step(
    'drift from profile (+ cur.csv)',
    () => runDriftGate(driftConfigSchema.parse({ profile: out, current, exclude })),
    ['rows_current'],
  )
  return steps
}
