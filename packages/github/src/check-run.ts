import type { GitHubClient } from './client.ts'
import { LIMITS, cutToBytes, cutToLength } from './limits.ts'

/** One check-run annotation, in the REST API's shape. */
export type CheckAnnotation = {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly start_column?: number
  readonly end_column?: number
  readonly annotation_level: 'notice' | 'warning' | 'failure'
  readonly message: string
  readonly title?: string
  readonly raw_details?: string
}

export type CheckConclusion =
  'action_required' | 'cancelled' | 'failure' | 'neutral' | 'success' | 'skipped' | 'timed_out'

/** What `renderCheckOutput` produces for a check run. */
export type CheckOutput = {
  readonly title: string
  readonly summary: string
  readonly text?: string
  readonly annotations: readonly CheckAnnotation[]
  readonly conclusion: CheckConclusion
}

export type CheckRunRequest = {
  readonly owner: string
  readonly repo: string
  readonly headSha: string
  readonly name: string
  readonly output: CheckOutput
  readonly detailsUrl?: string
}

export type CheckRunResult = {
  readonly id: number
  readonly url: string
  readonly requests: number
}

/**
 * Creates a completed check run. Annotations go 50 per request (the API's `maxItems`): the first
 * batch with the create call, the rest in updates, which append; the last request completes it.
 */
export async function publishCheckRun(
  client: GitHubClient,
  req: CheckRunRequest,
): Promise<CheckRunResult> {
  const { owner, repo } = req
  const note = "\n\n… cut to fit GitHub's 65 535-character check-run limit."
  const title = req.output.title
  const summary = cutToLength(req.output.summary, LIMITS.checkText, note)
  const text =
    req.output.text === undefined ? undefined : cutToLength(req.output.text, LIMITS.checkText, note)
  const batches = batchAnnotations(req.output.annotations.map(fitAnnotation))
  const first = batches[0] ?? []
  const single = batches.length <= 1
  const completion = {
    status: 'completed' as const,
    conclusion: req.output.conclusion,
    completed_at: new Date().toISOString(),
  }
  const { data } = await client.rest.checks.create({
    owner,
    repo,
    name: req.name,
    head_sha: req.headSha,
    ...(req.detailsUrl ? { details_url: req.detailsUrl } : {}),
    ...(single ? completion : { status: 'in_progress' as const }),
    output: { title, summary, ...(text === undefined ? {} : { text }), annotations: [...first] },
  })
  for (let i = 1; i < batches.length; i++) {
    const last = i === batches.length - 1
    await client.rest.checks.update({
      owner,
      repo,
      check_run_id: data.id,
      ...(last ? completion : {}),
      output: { title, summary, annotations: [...(batches[i] ?? [])] },
    })
  }
  return { id: data.id, url: data.html_url ?? '', requests: Math.max(1, batches.length) }
}

/** Splits annotations into request-sized batches (50 each, GitHub's per-request maximum). */
export function batchAnnotations<T>(
  annotations: readonly T[],
  size: number = LIMITS.annotationsPerRequest,
): T[][] {
  const batches: T[][] = []
  for (let i = 0; i < annotations.length; i += size) batches.push(annotations.slice(i, i + size))
  return batches
}

// --- internal ---

function fitAnnotation(a: CheckAnnotation): CheckAnnotation {
  const { start_column, end_column, ...rest } = a
  return {
    ...rest,
    // The API accepts columns only when the annotation spans one line.
    ...(a.start_line === a.end_line && start_column !== undefined ? { start_column } : {}),
    ...(a.start_line === a.end_line && end_column !== undefined ? { end_column } : {}),
    message: cutToBytes(a.message, LIMITS.annotationMessage, '…'),
    ...(a.title === undefined ? {} : { title: cutToLength(a.title, LIMITS.annotationTitle, '…') }),
    ...(a.raw_details === undefined
      ? {}
      : { raw_details: cutToBytes(a.raw_details, LIMITS.annotationMessage, '…') }),
  }
}
