import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { DriftConfig, GateResult } from '@mlgate/gates'
import { saveFiles, restoreFiles } from './cache.ts'
import { githubClient, type GitHubClient } from './client.ts'
import type { RetrainDispatch } from './dispatch.ts'
import { trackDrift, type DriftTrackingReport } from './drift-tracking.ts'
import { InputError } from './errors.ts'
import { booleanInput, optionalInput } from './inputs.ts'
import { readRunContext, type RunContext } from './run-context.ts'
import type { Runner } from './runner.ts'

type Env = Readonly<Record<string, string | undefined>>

export type CachedProfile = {
  /** The settings to run with: `profile` points at the cached file when caching applies. */
  readonly config: DriftConfig
  /** Saves a freshly built profile under the key; a no-op after a hit or without caching. */
  readonly save: () => Promise<void>
}

/**
 * Caches the reference profile with the Actions cache, keyed by the SHA-256 of the reference
 * file's bytes (and of the model file and the settings that shape a profile), so a nightly run
 * reads a few MB of profile instead of parsing and sorting the training data. Applies when the
 * `cache` input is not false, a reference is given and no explicit profile path is; the profile
 * is kept at `.mlgate/drift-profile.json` in the workspace. Writes `profile-cache-hit`.
 */
export async function cachedDriftProfile(
  runner: Runner,
  config: DriftConfig,
  env: Env = process.env,
): Promise<CachedProfile> {
  const none = { config, save: async () => {} }
  if (booleanInput(runner, 'cache') === false || !config.reference || config.profile) {
    runner.output('profile-cache-hit', '')
    return none
  }
  const key = await profileCacheKey(config)
  // Relative to the workspace: the cache version hashes the path as given, and a path that is the
  // same on every run (unlike a per-job temporary directory) lets any run restore it.
  const path = join(PROFILE_DIR, 'drift-profile.json')
  mkdirSync(PROFILE_DIR, { recursive: true })
  const restored = await restoreFiles([path], key, env)
  runner.output('profile-cache-hit', String(restored.ok))
  if (restored.ok) runner.info(`Reference profile restored from the cache (${key}).`)
  else runner.debug(`Reference profile not restored: ${restored.reason}.`)
  return {
    config: { ...config, profile: path },
    save: async () => {
      if (restored.ok || !existsSync(path)) return
      const saved = await saveFiles([path], key, env)
      if (saved.ok) runner.info(`Reference profile cached as ${key}.`)
      else runner.debug(`Reference profile not cached: ${saved.reason}.`)
    },
  }
}

/**
 * `mlgate-drift-profile-1-<hash>`: the profile format version, then SHA-256 over the reference
 * file, the model file and the profile settings. Any change to them is a new key (cache entries
 * cannot be overwritten).
 */
export async function profileCacheKey(config: DriftConfig): Promise<string> {
  const hash = createHash('sha256')
  for (const file of [config.reference, config.model]) {
    if (!file) continue
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
    hash.update('\0')
  }
  const { features, exclude, categorical, label, labelledColumn, positive, columns } = config
  hash.update(
    JSON.stringify({ features, exclude, categorical, label, labelledColumn, positive, columns }),
  )
  return `mlgate-drift-profile-1-${hash.digest('hex').slice(0, 32)}`
}

/**
 * Opens, updates or closes the tracking issue and dispatches retraining, as the inputs ask:
 * `tracking-issue` (auto: on every event but pull requests), `tracking-key`, `issue-labels`,
 * `alert-after`, `dispatch-workflow` with `dispatch-ref` and `dispatch-inputs`, or
 * `dispatch-event`. Writes the `issue-url`, `issue-number` and `dispatched` outputs.
 */
export async function trackDriftFromInputs(
  runner: Runner,
  result: GateResult,
  driftedFeatures: readonly string[],
  options: {
    readonly context?: RunContext
    readonly client?: GitHubClient
    readonly env?: Env
  } = {},
): Promise<DriftTrackingReport | undefined> {
  const env = options.env ?? process.env
  const ctx = options.context ?? readRunContext(env)
  const mode = optionalInput(runner, 'tracking-issue') ?? 'auto'
  if (!['auto', 'true', 'false'].includes(mode)) {
    throw new InputError(`Input "tracking-issue" must be auto, true or false, got "${mode}".`)
  }
  const onPullRequest = ctx.pullRequest !== undefined || ctx.eventName.startsWith('pull_request')
  const track = mode === 'true' || (mode === 'auto' && !onPullRequest)
  const outputs = { 'issue-url': '', 'issue-number': '', dispatched: '' }
  if (!track || result.status === 'error') {
    for (const [k, v] of Object.entries(outputs)) runner.output(k, v)
    return undefined
  }
  const token = optionalInput(runner, 'token') ?? ''
  if (token === '')
    throw new InputError(
      'Input "token" is empty: the tracking issue needs a token with issues: write.',
    )
  const client =
    options.client ?? githubClient(token, { apiUrl: ctx.apiUrl, log: (m) => runner.info(m) })
  const key =
    optionalInput(runner, 'tracking-key') ??
    basename(
      optionalInput(runner, 'model') ??
        optionalInput(runner, 'reference') ??
        optionalInput(runner, 'profile') ??
        'data',
    )
  const report = await trackDrift(client, {
    owner: ctx.owner,
    repo: ctx.repo,
    key,
    result,
    drifted: result.status === 'fail',
    driftedFeatures,
    alertAfter: alertAfter(runner),
    ...retrainDispatch(runner, env),
    labels: (optionalInput(runner, 'issue-labels') ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
    runUrl: ctx.runUrl,
  })
  if (report.issue) runner.info(`Tracking issue ${report.action}: ${report.issue.url}`)
  if (report.dispatched) runner.info(`Retraining dispatched: ${report.dispatched}.`)
  runner.output('issue-url', report.action === 'none' ? '' : (report.issue?.url ?? ''))
  runner.output('issue-number', report.issue ? String(report.issue.number) : '')
  runner.output('dispatched', report.dispatched ?? '')
  return report
}

// --- internal ---

/** Where the cached profile lives, inside the workspace (the runner's working directory). */
const PROFILE_DIR = '.mlgate'

function alertAfter(runner: Runner): number {
  const text = optionalInput(runner, 'alert-after') ?? '1'
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) {
    throw new InputError(`Input "alert-after" must be a whole number of runs ≥ 1, got "${text}".`)
  }
  return n
}

function retrainDispatch(runner: Runner, env: Env): { dispatch?: RetrainDispatch } {
  const workflow = optionalInput(runner, 'dispatch-workflow')
  const eventType = optionalInput(runner, 'dispatch-event')
  if (workflow && eventType) {
    throw new InputError(
      'Give dispatch-workflow or dispatch-event, not both: one retraining trigger per drift check.',
    )
  }
  if (workflow) {
    const ref = optionalInput(runner, 'dispatch-ref') ?? env['GITHUB_REF_NAME'] ?? ''
    if (ref === '')
      throw new InputError('Input "dispatch-ref" is needed: GITHUB_REF_NAME is empty.')
    return {
      dispatch: { kind: 'workflow_dispatch', workflow, ref, inputs: dispatchInputs(runner) },
    }
  }
  if (eventType) return { dispatch: { kind: 'repository_dispatch', eventType } }
  return {}
}

function dispatchInputs(runner: Runner): Record<string, string> {
  const text = optionalInput(runner, 'dispatch-inputs')
  if (text === undefined) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (
    typeof parsed !== 'object' ||
    parsed == null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw new InputError(
      `Input "dispatch-inputs" must be a JSON object of strings (the target workflow's declared inputs), e.g. {"reason": "drift"}; got ${text}.`,
    )
  }
  return parsed as Record<string, string>
}
