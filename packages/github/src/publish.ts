import type { GateResult, GateStatus } from '@mlgate/gates'
import { combinedStatus } from './_status.ts'
import { uploadFileArtifact, type ArtifactUpload } from './artifact.ts'
import { publishCheckRun, type CheckRunResult } from './check-run.ts'
import { githubClient, httpFailure, type GitHubClient } from './client.ts'
import { commentMarker, upsertStickyComment, type StickyCommentResult } from './comment.ts'
import { LIMITS, cutToBytes, cutToLength } from './limits.ts'
import { reportRenderers, type Renderers } from './renderers.ts'
import type { RetryPolicy } from './retry.ts'
import { readRunContext, type RunContext } from './run-context.ts'
import type { Runner } from './runner.ts'

/** Outputs `publish` writes; every action that publishes declares them in its action.yml. */
export const PUBLISH_OUTPUTS = ['comment-url', 'check-run-url'] as const

export type PublishOptions = {
  /** Token for comments and check runs; default: the `token` input. */
  readonly token?: string
  /** Default: read from the runner's environment. */
  readonly context?: RunContext
  /** Environment for the artifact service check; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Names the sticky comment marker, check run and artifact; default: the gate ids joined by `+`. */
  readonly key?: string
  /** Check-run name; default `mlgate / <key>`. Unique names keep runs apart in the checks UI. */
  readonly checkName?: string
  /** Post the sticky PR comment on pull requests (default true). */
  readonly comment?: boolean
  /** Create a check run (default true). */
  readonly checkRun?: boolean
  /** Upload the JSON result as an artifact (default true); a string sets the artifact name. */
  readonly artifact?: boolean | string
  /** Login whose comment is the sticky one; default `github-actions[bot]` (GITHUB_TOKEN). */
  readonly commentAuthor?: string
  readonly retry?: Partial<RetryPolicy>
  readonly render?: Renderers
  readonly client?: GitHubClient
}

export type PublishReport = {
  readonly status: GateStatus
  readonly comment?: StickyCommentResult
  readonly checkRun?: CheckRunResult
  readonly artifact?: ArtifactUpload
  /** Channels not published to, each with the reason. */
  readonly skipped: readonly string[]
}

/**
 * Publishes gate results everywhere GitHub shows them: job summary, sticky PR comment, check run,
 * JSON artifact and the URL outputs. The summary is written first, so it is there whatever fails
 * later. A read-only token (fork PRs) or any 403 turns the comment and check run into warnings,
 * never a failed step; other API failures are thrown once every channel has been tried.
 */
export async function publish(
  runner: Runner,
  results: readonly GateResult[],
  options: PublishOptions = {},
): Promise<PublishReport> {
  if (results.length === 0) {
    throw new Error('publish() was given no gate results; there is nothing to report.')
  }
  const render = options.render ?? reportRenderers
  const ctx = options.context ?? readRunContext()
  const env = options.env ?? process.env
  const key = options.key ?? results.map((r) => r.gate).join('+')
  const artifactName =
    typeof options.artifact === 'string' ? options.artifact : `mlgate-${artifactSafe(key)}`
  const wantArtifact = options.artifact !== false
  const artifactService = Boolean(env['ACTIONS_RUNTIME_TOKEN'] && env['ACTIONS_RESULTS_URL'])
  const p: Progress = {
    runner,
    skipped: [],
    errors: [],
    where: `the job summary${wantArtifact && artifactService ? ` and the ${artifactName} artifact` : ''}`,
  }

  const summary = render.renderSummary(results)
  const summaryNote = `\n\n… cut to fit GitHub's 1 MiB job summary limit; the full report is in the ${artifactName} artifact.\n`
  await runner.summary(
    checked(
      runner,
      'job summary',
      summary,
      cutToBytes(summary, LIMITS.stepSummaryBytes, summaryNote),
    ),
  )

  const posted = await postToGitHub(p, results, ctx, key, render, options)
  const artifact = wantArtifact
    ? await uploadResult(p, artifactName, artifactSafe(key), render.renderJson(results), env)
    : undefined

  runner.output('comment-url', posted.comment?.url ?? '')
  runner.output('check-run-url', posted.checkRun?.url ?? '')
  if (p.errors.length > 0) throw new Error(`Publishing failed:\n${p.errors.join('\n')}`)
  return {
    status: combinedStatus(results),
    ...posted,
    ...(artifact ? { artifact } : {}),
    skipped: p.skipped,
  }
}

// --- internal ---

type Progress = {
  readonly runner: Runner
  readonly skipped: string[]
  readonly errors: string[]
  /** Where the report can be read when a channel is skipped. */
  readonly where: string
}

async function postToGitHub(
  p: Progress,
  results: readonly GateResult[],
  ctx: RunContext,
  key: string,
  render: Renderers,
  options: PublishOptions,
): Promise<{ comment?: StickyCommentResult; checkRun?: CheckRunResult }> {
  const pr = options.comment === false ? undefined : ctx.pullRequest
  if (options.comment !== false && !pr) {
    p.skipped.push(`comment: no pull request (event ${ctx.eventName || 'unknown'})`)
  }
  const wantCheck = options.checkRun !== false && ctx.sha !== ''
  const channels = [...(pr ? ['PR comment'] : []), ...(wantCheck ? ['check run'] : [])]
  if (channels.length === 0) return {}
  const token = options.token ?? p.runner.input('token').trim()
  const skipAll = (why: string, warning: string) => {
    p.runner.warn(`${warning} Skipped the ${channels.join(' and ')}; the report is in ${p.where}.`)
    for (const c of channels) p.skipped.push(`${c}: ${why}`)
    return {}
  }
  if (ctx.readOnlyToken) {
    return skipAll(
      'read-only token on a fork PR',
      'This pull request comes from a fork, so its GITHUB_TOKEN is read-only (to comment on fork PRs, post from a separate workflow_run workflow).',
    )
  }
  if (token === '') return skipAll('no token', 'No token given (input "token" is empty).')

  const client =
    options.client ??
    githubClient(token, {
      apiUrl: ctx.apiUrl,
      log: (m) => p.runner.info(m),
      ...(options.retry ? { retry: options.retry } : {}),
    })
  const out: { comment?: StickyCommentResult; checkRun?: CheckRunResult } = {}
  if (pr) {
    const marker = commentMarker(key)
    const comment = await upsertStickyComment(client, {
      owner: ctx.owner,
      repo: ctx.repo,
      issueNumber: pr.number,
      marker,
      body: commentBody(p.runner, render, results, marker, ctx.runUrl),
      ...(options.commentAuthor ? { author: options.commentAuthor } : {}),
    }).catch(onFailure(p, 'PR comment', 'pull-requests: write'))
    if (comment) {
      p.runner.info(`PR comment ${comment.action}: ${comment.url}`)
      out.comment = comment
    }
  }
  if (wantCheck) {
    const checkRun = await publishCheckRun(client, {
      owner: ctx.owner,
      repo: ctx.repo,
      headSha: ctx.sha,
      name: options.checkName ?? `mlgate / ${key}`,
      output: render.renderCheckOutput(results),
      ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}),
    }).catch(onFailure(p, 'check run', 'checks: write'))
    if (checkRun) {
      p.runner.info(`Check run: ${checkRun.url}`)
      out.checkRun = checkRun
    }
  }
  return out
}

async function uploadResult(
  p: Progress,
  name: string,
  fileStem: string,
  json: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ArtifactUpload | undefined> {
  try {
    const artifact = await uploadFileArtifact(name, `${fileStem}.json`, json, env)
    if (artifact.uploaded) {
      p.runner.info(`Artifact ${name} uploaded (id ${artifact.id ?? 'unknown'}).`)
    } else {
      p.runner.debug(`Artifact ${name} not uploaded: ${artifact.reason}.`)
      p.skipped.push(`artifact: ${artifact.reason}`)
    }
    return artifact
  } catch (error) {
    // The artifact is a backup copy of what the summary shows: losing it is worth a warning only.
    p.runner.warn(`Could not upload the ${name} artifact: ${messageOf(error)}`)
    p.skipped.push(`artifact: ${messageOf(error)}`)
    return undefined
  }
}

function commentBody(
  runner: Runner,
  render: Renderers,
  results: readonly GateResult[],
  marker: string,
  runUrl: string,
): string {
  const rendered = render.renderMarkdown(results, {
    limit: LIMITS.commentTarget,
    marker,
    ...(runUrl ? { runUrl } : {}),
  })
  const body = rendered.includes(marker) ? rendered : `${marker}\n${rendered}`
  const note = `\n\n… cut to fit GitHub's 65 536-character comment limit; the full report is in the job summary${runUrl ? ` of [this run](${runUrl})` : ''}.`
  const cut = checked(runner, 'PR comment', body, cutToLength(body, LIMITS.commentBody, note))
  // The marker must survive the cut, or the next run would add a second comment.
  return cut.includes(marker) ? cut : cutToLength(`${marker}\n${cut}`, LIMITS.commentBody, note)
}

/** Returns `cut`, with a debug line when the renderer went over a limit it should have kept. */
function checked(runner: Runner, what: string, original: string, cut: string): string {
  if (cut !== original) {
    runner.debug(
      `The rendered ${what} exceeded GitHub's limit (${original.length} characters) and was cut.`,
    )
  }
  return cut
}

/** A 403 becomes a warning (read-only token); anything else is collected and thrown at the end. */
function onFailure(p: Progress, channel: string, permission: string) {
  return (error: unknown): undefined => {
    const { status } = httpFailure(error)
    if (status === 403) {
      p.runner.warn(
        `Could not post the ${channel}: GitHub answered 403 (${messageOf(error)}). The token lacks write access (a fork or Dependabot PR, or a workflow without \`permissions: ${permission}\`). The report is in ${p.where}.`,
      )
      p.skipped.push(`${channel}: 403 ${messageOf(error)}`)
    } else {
      p.errors.push(`${channel}: ${status ? `HTTP ${status} ` : ''}${messageOf(error)}`)
    }
    return undefined
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Artifact names may not contain `" : < > | * ? \ /` or line breaks (@actions/artifact). */
function artifactSafe(name: string): string {
  return name.replace(/["':<>|*?\\/\r\n]+/g, '-')
}
