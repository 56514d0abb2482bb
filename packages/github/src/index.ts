export type { Runner } from './runner.ts'
export { githubRunner } from './runner.ts'
export type { ActionBody } from './run-action.ts'
export { runAction } from './run-action.ts'
export { PUBLISH_OUTPUTS, publish } from './publish.ts'
export type { PublishOptions, PublishReport } from './publish.ts'
export type { Renderers } from './renderers.ts'
export { reportRenderers } from './renderers.ts'
export { InputError } from './errors.ts'
export {
  actionInputs,
  booleanInput,
  multilineInput,
  optionalInput,
  requiredInput,
} from './inputs.ts'
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
export { uploadFileArtifact, uploadFilesArtifact } from './artifact.ts'
export type { ArtifactUpload } from './artifact.ts'
export { LIMITS, cutToBytes, cutToLength } from './limits.ts'
export { writeReportFile } from './report-file.ts'
export { commentOnIssue, createIssue, findOpenIssue, updateIssue } from './issues.ts'
export type { IssueRef } from './issues.ts'
export { dispatchRetraining } from './dispatch.ts'
export type { RetrainDispatch } from './dispatch.ts'
export { cacheAvailable, restoreFiles, saveFiles } from './cache.ts'
export type { CacheOutcome } from './cache.ts'
export { TRACKING_LABEL, trackDrift, trackingMarker } from './drift-tracking.ts'
export type { DriftTracking, DriftTrackingReport } from './drift-tracking.ts'
export { cachedDriftProfile, profileCacheKey, trackDriftFromInputs } from './drift-check.ts'
export type { CachedProfile } from './drift-check.ts'
export { downloadRunArtifacts } from './artifact-download.ts'
export type { ArtifactDownload, DownloadedArtifact } from './artifact-download.ts'
export { REPORT_KEY, collectResultsFromInputs, combineResults } from './download-results.ts'
export type { ResultFile } from './download-results.ts'
export { findResultFiles, globRegExp } from './result-files.ts'
export { uploadReportArtifact } from './report-artifact.ts'
export { commitFile } from './commit-file.ts'
export type { FileCommit, FileCommitRequest } from './commit-file.ts'
export type { ArtifactFile } from './artifact.ts'
export { readCardResults, runLineage } from './model-card-inputs.ts'
export type { CardRun } from './model-card-inputs.ts'
export { MODEL_CARD_ARTIFACT, deliverModelCard } from './model-card-delivery.ts'
