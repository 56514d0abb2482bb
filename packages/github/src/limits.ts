/**
 * GitHub's size limits that bind what mlgate publishes. The renderers in `@mlgate/report` aim
 * under them; publishing checks again and cuts as a last resort.
 */
export const LIMITS = {
  /** Issue/PR comment body, in characters. API 422 "Body is too long (maximum is 65536 characters)"; not in the OpenAPI schema. */
  commentBody: 65_536,
  /**
   * What the renderer is asked to stay under: 4 096 characters of headroom below the hard limit
   * for the marker and the cut note (the margin mshick/add-pr-comment uses, 65 536 − 4 096).
   */
  commentTarget: 61_440,
  /** Check-run `output.summary` and `output.text`, in characters (OpenAPI `maxLength`). */
  checkText: 65_535,
  /** Annotations per check-run create/update request (OpenAPI `maxItems`); updates append. */
  annotationsPerRequest: 50,
  /** Annotation `title`, in characters (REST docs: "The maximum size is 255 characters"). */
  annotationTitle: 255,
  /** Annotation `message` and `raw_details` (REST docs: "The maximum size is 64 KB"). */
  annotationMessage: 64 * 1024,
  /**
   * Job summary per step, in bytes: above it the runner drops the whole summary ("supports
   * content up to a size of 1024k"; actions/runner FileCommandManager).
   */
  stepSummaryBytes: 1024 * 1024,
} as const

/**
 * `text` if it fits in `max` UTF-16 code units, else cut so that the cut text plus `note` fits.
 * UTF-16 length is never below the code-point count GitHub measures, so the check is safe, and a
 * surrogate pair is never split.
 */
export function cutToLength(text: string, max: number, note: string): string {
  if (text.length <= max) return text
  let end = Math.max(0, max - note.length)
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--
  return text.slice(0, end) + note
}

/** Like `cutToLength`, for a limit in UTF-8 bytes; never splits a character. */
export function cutToBytes(text: string, maxBytes: number, note: string): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const room = Math.max(0, maxBytes - Buffer.byteLength(note))
  // Decoding a prefix may end in a partial sequence, which decodes to U+FFFD: drop it.
  const head = Buffer.from(text)
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
  return head + note
}

// --- internal ---

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
