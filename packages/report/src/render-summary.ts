import type { GateResult } from '@mlgate/gates'
import { ALL_ROLES, renderDocument } from './_document.ts'
import { utf8Length } from './_measure.ts'

/**
 * GitHub's job summary limit per step, in bytes: above it the runner drops the whole summary
 * ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k"; actions/runner
 * FileCommandManager).
 */
export const SUMMARY_LIMIT_BYTES = 1_048_576

/**
 * The job summary: the same report as `renderMarkdown`, without the sticky-comment marker, within
 * 1 MiB counted in UTF-8 bytes.
 */
export function renderSummary(results: readonly GateResult[]): string {
  return renderDocument(results, {
    limit: SUMMARY_LIMIT_BYTES,
    measure: utf8Length,
    roles: ALL_ROLES,
    before: [],
    headline: true,
    limitName: "GitHub's 1 MiB job summary limit",
  })
}
