import type { GateResult } from '@mlgate/gates'
import type { GitHubClient } from './client.ts'
import type { RetrainDispatch } from './dispatch.ts'
import { dispatchRetraining } from './dispatch.ts'
import type { IssueRef } from './issues.ts'
import { commentOnIssue, createIssue, findOpenIssue, updateIssue } from './issues.ts'
import { LIMITS } from './limits.ts'
import { reportRenderers, type Renderers } from './renderers.ts'

/** Every tracking issue carries this label, so finding it is one short list request. */
export const TRACKING_LABEL = 'mlgate-drift'

export type DriftTracking = {
  readonly owner: string
  readonly repo: string
  /** What is tracked, one issue each: the model (or dataset) name. */
  readonly key: string
  readonly result: GateResult
  /** True when the run counts as drifted (the gate failed on drift). */
  readonly drifted: boolean
  readonly driftedFeatures: readonly string[]
  /** Alert (dispatch retraining, notify) once this many consecutive runs drifted; ≥ 1. */
  readonly alertAfter: number
  readonly dispatch?: RetrainDispatch
  /** Labels besides TRACKING_LABEL for a new issue. */
  readonly labels?: readonly string[]
  readonly runUrl: string
  readonly now?: Date
  readonly render?: Renderers
}

export type DriftTrackingReport = {
  readonly action: 'opened' | 'updated' | 'closed' | 'none'
  readonly issue?: IssueRef
  /** Consecutive drifted runs, this one included (0 after a clean run). */
  readonly streak: number
  /** The alert fired in this run. */
  readonly alerted: boolean
  /** What was dispatched in this run, in words. */
  readonly dispatched?: string
}

/**
 * One tracking issue per key, opened on the first drifted run, updated in place (never
 * duplicated) on later drifted runs and closed by the first clean run. The count of consecutive
 * drifted runs lives in a hidden JSON comment in the issue body: the issue already has to be read
 * and written each run, it never expires (an Actions cache entry is evicted after 7 days without
 * use, which a weekly schedule would hit), and people can read and edit it. Once the count
 * reaches `alertAfter` the alert fires once per episode: retraining is dispatched, and when the
 * issue was already open a comment notifies its watchers. The dispatch is sent before the state is
 * written, so a failed write repeats it on the next run rather than losing it.
 */
export async function trackDrift(
  client: GitHubClient,
  t: DriftTracking,
): Promise<DriftTrackingReport> {
  const marker = trackingMarker(t.key)
  const now = (t.now ?? new Date()).toISOString()
  const open = await findOpenIssue(client, {
    owner: t.owner,
    repo: t.repo,
    label: TRACKING_LABEL,
    marker,
  })
  const previous = open ? readState(open.body) : undefined
  if (!t.drifted) {
    if (!open) return { action: 'none', streak: 0, alerted: false }
    const state: TrackingState = {
      ...(previous ?? fresh(now)),
      streak: 0,
      cleared: now,
      lastRun: t.runUrl,
    }
    const issue = await updateIssue(client, {
      owner: t.owner,
      repo: t.repo,
      number: open.number,
      body: issueBody(t, marker, state),
      state: 'closed',
    })
    await commentOnIssue(client, {
      owner: t.owner,
      repo: t.repo,
      number: open.number,
      body: `Drift cleared${t.runUrl ? ` in [this run](${t.runUrl})` : ''}: ${t.result.summary} Closing.`,
    })
    return { action: 'closed', issue, streak: 0, alerted: false }
  }
  const base = previous ?? fresh(now)
  const streak = base.streak + 1
  const alertNow = streak >= t.alertAfter && !base.alerted
  let dispatched: string | undefined
  if (alertNow && t.dispatch)
    dispatched = await dispatchRetraining(client, t.owner, t.repo, t.dispatch)
  const state: TrackingState = {
    ...base,
    streak,
    alerted: base.alerted || alertNow,
    lastRun: t.runUrl,
    ...(dispatched ? { dispatched: `${dispatched} at ${now}` } : {}),
  }
  const body = issueBody(t, marker, state)
  if (!open) {
    const issue = await createIssue(client, {
      owner: t.owner,
      repo: t.repo,
      title: `Drift detected: ${t.key}`,
      body,
      labels: [TRACKING_LABEL, ...(t.labels ?? [])],
    })
    return {
      action: 'opened',
      issue,
      streak,
      alerted: alertNow,
      ...(dispatched ? { dispatched } : {}),
    }
  }
  const issue = await updateIssue(client, {
    owner: t.owner,
    repo: t.repo,
    number: open.number,
    body,
  })
  if (alertNow) {
    await commentOnIssue(client, {
      owner: t.owner,
      repo: t.repo,
      number: open.number,
      body: `Drift has lasted ${streak} consecutive runs (alert after ${t.alertAfter}).${dispatched ? ` Retraining started: ${dispatched}.` : ''}`,
    })
  }
  return {
    action: 'updated',
    issue,
    streak,
    alerted: alertNow,
    ...(dispatched ? { dispatched } : {}),
  }
}

/** The hidden line that tells this key's tracking issue apart. */
export function trackingMarker(key: string): string {
  return `<!-- mlgate:drift-tracking ${safeKey(key)} -->`
}

// --- internal ---

type TrackingState = {
  readonly streak: number
  readonly alerted: boolean
  readonly since: string
  readonly lastRun: string
  readonly dispatched?: string
  readonly cleared?: string
}

const STATE_PREFIX = '<!-- mlgate:drift-state '

function fresh(now: string): TrackingState {
  return { streak: 0, alerted: false, since: now, lastRun: '' }
}

/** The state in an issue body; undefined when absent or edited beyond reading (counting restarts). */
function readState(body: string): TrackingState | undefined {
  const start = body.lastIndexOf(STATE_PREFIX)
  if (start < 0) return undefined
  const end = body.indexOf(' -->', start)
  try {
    const raw = JSON.parse(body.slice(start + STATE_PREFIX.length, end)) as Partial<TrackingState>
    if (typeof raw.streak !== 'number' || !Number.isInteger(raw.streak) || raw.streak < 0)
      return undefined
    return {
      streak: raw.streak,
      alerted: raw.alerted === true,
      since: typeof raw.since === 'string' ? raw.since : '',
      lastRun: typeof raw.lastRun === 'string' ? raw.lastRun : '',
      ...(typeof raw.dispatched === 'string' ? { dispatched: raw.dispatched } : {}),
    }
  } catch {
    return undefined
  }
}

function issueBody(t: DriftTracking, marker: string, state: TrackingState): string {
  const render = t.render ?? reportRenderers
  const status =
    state.streak === 0
      ? `**Drift cleared** on ${state.cleared ?? ''}; the issue is closed.`
      : `**${state.streak} consecutive drifted run${state.streak === 1 ? '' : 's'}** since ${state.since} (alert after ${t.alertAfter}).`
  const retraining = state.dispatched
    ? `Retraining dispatched: ${state.dispatched}.`
    : t.dispatch
      ? state.alerted
        ? 'Retraining: alerted without a dispatch.'
        : 'Retraining not dispatched yet.'
      : 'No retraining workflow is configured (input dispatch-workflow or dispatch-event).'
  const features =
    t.driftedFeatures.length > 0
      ? `Drifted features: ${t.driftedFeatures.map((f) => `\`${f.replace(/`/g, "'")}\``).join(', ')}.`
      : ''
  const head = [
    marker,
    `Tracking drift of **${t.key.replace(/[*_`<>[\]]/g, '')}** (mlgate drift-check).`,
    '',
    status,
    retraining,
    features,
    t.runUrl ? `Latest run: ${t.runUrl}` : '',
    '',
  ].join('\n')
  const tail = `\n\n${STATE_PREFIX}${JSON.stringify(state)} -->\n`
  const limit = LIMITS.commentTarget - head.length - tail.length
  const report = render.renderMarkdown([t.result], { limit: Math.max(2000, limit), marker })
  return `${head}\n${report.replace(marker, '').trim()}${tail}`
}

/** The key as it can sit in an HTML comment: no `--`, no `>`, no trailing `-`, one line. */
function safeKey(key: string): string {
  return (
    key
      .replace(/[^\w.@/-]+/g, '_')
      .replace(/-{2,}/g, '-')
      .slice(0, 100)
      .replace(/-+$/, '') || 'default'
  )
}
