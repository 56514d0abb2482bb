import type { GateResult } from '@mlgate/gates'
import { fixedBlock, type Block, type Role } from './_block.ts'
import { fitBlocks } from './_fit.ts'
import { gateBlocks } from './_gate-blocks.ts'
import type { Measure } from './_measure.ts'
import { STATUS_EMOJI, STATUS_WORD, headlineSentence, overallStatus } from './_status.ts'
import { clipLine } from './_text.ts'
import { escapeMarkdown } from './escape-markdown.ts'

export type DocumentOptions = {
  readonly limit: number
  readonly measure: Measure
  /** Which blocks to include. */
  readonly roles: ReadonlySet<Role>
  /** Lines before the headline, e.g. the hidden marker. */
  readonly before: readonly string[]
  readonly headline: boolean
  /** Completes "Trimmed to fit …", e.g. "GitHub's 65,536-character limit". */
  readonly limitName: string
  /** A checked URL of the workflow run, already safe in a markdown link. */
  readonly runUrl?: string
}

/**
 * The markdown report of `results` within `options.limit`: every renderer that writes markdown
 * for GitHub goes through here, so all of them trim the same way.
 */
export function renderDocument(results: readonly GateResult[], options: DocumentOptions): string {
  const status = overallStatus(results)
  const top = [...options.before]
  if (options.headline) {
    top.push(
      `## ${STATUS_EMOJI[status]} ${STATUS_WORD[status]} — ${escapeMarkdown(clipLine(headlineSentence(results), HEADLINE_MAX))}`,
    )
  }
  const showSummary = results.length > 1 || !options.headline
  const blocks: Block[] = results
    .flatMap((r) => gateBlocks(r, { showSummary }))
    .filter((b) => options.roles.has(b.role))
  if (options.runUrl != null && options.roles.has('run')) {
    blocks.push(fixedBlock('run', 0, [`[Workflow run](${options.runUrl})`]))
  }
  const where =
    options.runUrl != null
      ? `the artifacts of the [workflow run](${options.runUrl})`
      : 'the artifact'
  return fitBlocks(blocks, {
    top,
    notice: `_✂️ Trimmed to fit ${options.limitName}; full report in ${where}._`,
    limit: options.limit,
    measure: options.measure,
  })
}

/** The roles of a full report. */
export const ALL_ROLES: ReadonlySet<Role> = new Set([
  'heading',
  'checks',
  'notes',
  'policy',
  'chart',
  'findings',
  'table',
  'context',
  'run',
])

// --- internal ---

/** The headline is one sentence; a gate summary longer than this is cut, the section has the rest. */
const HEADLINE_MAX = 500
