export type { Runner } from './runner.ts'
export { githubRunner } from './runner.ts'
export type { ActionBody } from './run-action.ts'
export { runAction } from './run-action.ts'
export { PUBLISH_OUTPUTS, publish } from './publish.ts'
export type { PublishOptions, PublishReport } from './publish.ts'
export type { Renderers } from './renderers.ts'
export { reportRenderers } from './renderers.ts'
export { InputError } from './errors.ts'
export { booleanInput, multilineInput, optionalInput, requiredInput } from './inputs.ts'
export type { PullRequestRef, RunContext } from './run-context.ts'
export { readRunContext, runContextFrom } from './run-context.ts'
export type { GitHubClient, GitHubClientOptions } from './client.ts'
export { githubClient, httpFailure } from './client.ts'
export type { RetryPolicy } from './retry.ts'
export { DEFAULT_RETRY, retryDelay } from './retry.ts'
export { ACTIONS_BOT_LOGIN, commentMarker, upsertStickyComment } from './comment.ts'
export type { StickyComment, StickyCommentResult } from './comment.ts'
export { batchAnnotations, publishCheckRun } from './check-run.ts'
export type {
  CheckAnnotation,
  CheckConclusion,
  CheckOutput,
  CheckRunRequest,
  CheckRunResult,
} from './check-run.ts'
export { uploadFileArtifact } from './artifact.ts'
export type { ArtifactUpload } from './artifact.ts'
export { LIMITS, cutToBytes, cutToLength } from './limits.ts'
export { writeReportFile } from './report-file.ts'
