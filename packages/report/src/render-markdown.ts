import type { GateResult } from '@mlgate/gates'
import { ALL_ROLES, renderDocument } from './_document.ts'
import { formatCount } from './_format.ts'
import { utf16Length } from './_measure.ts'

export type MarkdownOptions = {
  /**
   * Most characters (UTF-16 code units) the result may have. Default 65,536: GitHub rejects a
   * longer issue or PR comment body ("Body is too long (maximum is 65536 characters)").
   */
  readonly limit?: number
  /**
   * Identifies the sticky comment: the first line is `<!-- mlgate:<marker> -->`. Either the key
   * (`accuracy+drift`, `sticky:v1 gate=accuracy`) or the whole comment line. Default: the gate
   * ids joined by `+`.
   */
  readonly marker?: string
  /** The workflow run's URL, linked from the report and from the trimming notice. */
  readonly runUrl?: string
}

/** GitHub's maximum issue/PR comment body, in characters (API 422 "Body is too long (maximum is 65536 characters)"). */
export const COMMENT_LIMIT = 65_536

/** Below this the headline, marker and notice may not fit; no GitHub limit is this small. */
export const MIN_LIMIT = 4_096

/**
 * One PR comment for one or more gates: a hidden marker line, the headline verdict, and per gate
 * its checks, notes, policy, Mermaid charts, findings, tables and context. When the report is too
 * long, tables go first (highest `priority` number first, then their last rows), then findings
 * beyond the first 10, then charts, then context; a visible line says so. Never longer than
 * `limit`, whatever the input.
 */
export function renderMarkdown(
  results: readonly GateResult[],
  options: MarkdownOptions = {},
): string {
  const limit = options.limit ?? COMMENT_LIMIT
  checkLimit(limit)
  const marker = markerLine(
    options.marker ?? results.map((r) => r.gate).join('+'),
    options.marker != null,
  )
  return renderDocument(results, {
    limit,
    measure: utf16Length,
    roles: ALL_ROLES,
    before: [marker],
    headline: true,
    limitName: `${limit <= COMMENT_LIMIT ? "GitHub's" : 'the'} ${formatCount(Math.max(limit, COMMENT_LIMIT))}-character limit`,
    ...(options.runUrl != null ? { runUrl: checkRunUrl(options.runUrl) } : {}),
  })
}

// --- internal ---

const MARKER_LINE = /^<!-- mlgate:(.*) -->$/s
/** Longest marker key; the github package's keys (gate ids, models) are far shorter. */
const MARKER_MAX = 200

/**
 * `<!-- mlgate:key -->`. The key must not be able to end the HTML comment early (`--`, `>`) or
 * span lines, or the rest of it would show in the comment. A key given by the caller is checked;
 * one made from gate ids is cleaned.
 */
function markerLine(marker: string, given: boolean): string {
  const key = MARKER_LINE.exec(marker)?.[1] ?? marker
  if (!given) {
    const clean = key
      .replace(/[^A-Za-z0-9._+,:=/ -]+/g, '_')
      .replace(/-{2,}/g, '-')
      .slice(0, MARKER_MAX)
    return `<!-- mlgate:${clean.replace(/-$/, '_') || 'none'} -->`
  }
  // eslint-disable-next-line no-control-regex -- a line break or control character would end the line
  const bad = /--|[<>\u0000-\u001F\u007F-\u009F\u2028\u2029]/.exec(key)
  if (bad != null || key === '' || key.length > MARKER_MAX || key.endsWith('-')) {
    throw new Error(
      `Comment marker ${JSON.stringify(marker)} cannot go inside an HTML comment: it must be 1 to ${MARKER_MAX} characters on one line, without "--", "<" or ">", and not end in "-"${bad ? ` (found ${JSON.stringify(bad[0])})` : ''}. Use a key such as "accuracy+drift".`,
    )
  }
  return `<!-- mlgate:${key} -->`
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < MIN_LIMIT) {
    throw new RangeError(
      `Option "limit" must be a whole number of characters, at least ${formatCount(MIN_LIMIT)}, got ${String(limit)}. GitHub comments allow ${formatCount(COMMENT_LIMIT)}.`,
    )
  }
}

/**
 * The run URL as a markdown link destination: only http(s), and with the characters that could
 * end the link early (`(`, `)`, `'`, spaces) percent-encoded.
 */
function checkRunUrl(url: string): string {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (
    parsed == null ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    url.length > 2000
  ) {
    throw new Error(
      `Option "runUrl" must be an http(s) URL of at most 2,000 characters, such as https://github.com/o/r/actions/runs/1, got ${JSON.stringify(url.slice(0, 200))}.`,
    )
  }
  return parsed.href.replace(
    /[()'\s<>"`]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )
}
