import type { Finding, GateResult } from '@mlgate/gates'
import type { Role } from './_block.ts'
import { renderDocument } from './_document.ts'
import { utf16Length } from './_measure.ts'
import { checksChart } from './_mermaid.ts'
import { STATUS_EMOJI, STATUS_WORD, headlineSentence, overallStatus } from './_status.ts'
import { clipLine, oneLine, plainText, sliceSafe } from './_text.ts'

/** One check-run annotation, with the field names of GitHub's REST API. */
export type Annotation = {
  /** Path relative to the repository root. */
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly annotation_level: 'failure' | 'warning' | 'notice'
  readonly message: string
  readonly title?: string
}

export type CheckOutput = {
  readonly title: string
  /** Headline, checks, notes, policy and context. */
  readonly summary: string
  /** Findings, charts and tables; '' when there are none. */
  readonly text: string
  readonly annotations: Annotation[]
  readonly conclusion: 'success' | 'failure' | 'neutral'
}

/** Check-run `output.summary` and `output.text` maximum, in characters (OpenAPI `maxLength: 65535`). */
export const CHECK_TEXT_LIMIT = 65_535

/**
 * A check run's output: `summary` and `text` each within 65,535 characters (trimmed like the PR
 * comment), annotations from every finding that names a file, and the conclusion: `pass` is
 * success, `warn` neutral, `fail` and `error` (and no results at all) failure.
 */
export function renderCheckOutput(results: readonly GateResult[]): CheckOutput {
  const status = overallStatus(results)
  const common = {
    limit: CHECK_TEXT_LIMIT,
    measure: utf16Length,
    before: [],
    limitName: "GitHub's 65,535-character check-run limit",
  }
  const summary = renderDocument(results, { ...common, roles: SUMMARY_ROLES, headline: true })
  const detailed = results.filter(
    (r) => r.findings.length > 0 || r.tables.length > 0 || checksChart(r) != null,
  )
  const text =
    detailed.length > 0
      ? renderDocument(detailed, { ...common, roles: TEXT_ROLES, headline: false })
      : ''
  return {
    title: clipLine(
      `${STATUS_EMOJI[status]} ${STATUS_WORD[status]}: ${headlineSentence(results)}`,
      TITLE_MAX,
    ),
    summary,
    text,
    annotations: results.flatMap((r) => {
      const gate = clipLine(r.title, 100)
      return r.findings.flatMap((f) => annotation(gate, f))
    }),
    conclusion: status === 'pass' ? 'success' : status === 'warn' ? 'neutral' : 'failure',
  }
}

// --- internal ---

const SUMMARY_ROLES: ReadonlySet<Role> = new Set([
  'heading',
  'checks',
  'notes',
  'policy',
  'context',
])
const TEXT_ROLES: ReadonlySet<Role> = new Set(['heading', 'findings', 'chart', 'table'])
/** GitHub shows the title on one line; it documents no limit, so keep it to what reads as a title. */
const TITLE_MAX = 200
/** Annotation `title`: "The maximum size is 255 characters" (REST docs). */
const ANNOTATION_TITLE_MAX = 255
/**
 * Annotation `message`: GitHub allows 64 KB; a message longer than this is a dump, not a note,
 * and many such would make the request itself huge.
 */
const ANNOTATION_MESSAGE_MAX = 4_000

const LEVEL: Readonly<Record<Finding['severity'], Annotation['annotation_level']>> = {
  error: 'failure',
  warning: 'warning',
  notice: 'notice',
}

/** `gate`: the gate's title, already clipped. */
function annotation(gate: string, finding: Finding): Annotation[] {
  // Longer than Linux's PATH_MAX (4,096) is not a file in the repository; GitHub would reject it.
  if (finding.file == null || finding.file.length > 4_096) return []
  // GitHub matches `path` against the repository tree: no leading "./", forward slashes only.
  const path = oneLine(finding.file)
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
  if (path === '') return []
  const line =
    finding.line != null && Number.isSafeInteger(finding.line) && finding.line > 0
      ? finding.line
      : 1
  // Clip each part before joining: joining first would copy a huge value once per annotation.
  const where = [
    gate,
    finding.row != null ? `row ${finding.row}` : '',
    finding.column != null ? `column ${clipLine(finding.column, 100)}` : '',
  ].filter((s) => s !== '')
  return [
    {
      path,
      start_line: line,
      end_line: line,
      annotation_level: LEVEL[finding.severity],
      message: clipMessage(finding.message),
      title: clipLine(where.join(' · '), ANNOTATION_TITLE_MAX),
    },
  ]
}

function clipMessage(message: string): string {
  if (message.length <= ANNOTATION_MESSAGE_MAX) return plainText(message)
  return `${plainText(sliceSafe(message, ANNOTATION_MESSAGE_MAX - 1))}…`
}
