/**
 * Text clean-up shared by every renderer: values from data (column names, category values, file
 * names, messages) arrive as arbitrary strings and leave as one safe, bounded line.
 */

/**
 * C0 and C1 control characters (ESC starts terminal escape sequences; NUL and friends upset
 * JSON consumers) and the bidirectional overrides and isolates that make text display in another
 * order than it is stored (CVE-2021-42574, "Trojan Source"). Line breaks and tabs are excluded:
 * `oneLine` turns them into spaces.
 */
const CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
const CONTROLS_KEEP_LINES =
  // eslint-disable-next-line no-control-regex -- as above, keeping \t and \n for multi-line text
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
/** JavaScript `\s` covers \t \n \v \f \r, U+2028/2029 and the Unicode spaces; U+0085 (NEL) is a line break too. */
const WHITESPACE = /[\s\u0085]+/g
/** Half of a surrogate pair without its other half: not valid UTF-8, so GitHub and JSON parsers reject or mangle it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const CLEAN_LINE = /^(?:[!-~]+(?: [!-~]+)*)?$/

/** One line: controls removed, every run of whitespace or line breaks collapsed to one space, trimmed. */
export function oneLine(text: string): string {
  // Most values are already printable ASCII words with single spaces: one test instead of four passes.
  if (CLEAN_LINE.test(text)) return text
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROLS, '')
    .replace(WHITESPACE, ' ')
    .trim()
}

/** Like `oneLine` but keeps line breaks (normalized to `\n`) and tabs, for plain-text messages. */
export function plainText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(CONTROLS_KEEP_LINES, '')
}

/**
 * `oneLine(text)` cut to at most `max` UTF-16 code units, ending in `…` when cut. A 10 MB value
 * costs no more than a short one: only a prefix is cleaned.
 */
export function clipLine(text: string, max: number): string {
  // Whitespace collapses, so clean a generous prefix rather than exactly `max` units.
  const window = max * 4
  const cut = text.length > window
  const line = oneLine(cut ? sliceSafe(text, window) : text)
  if (line.length > max) return `${sliceSafe(line, max - 1).trimEnd()}…`
  return cut ? `${line}…` : line
}

/** The first `end` code units of `text`, one fewer if that would split a surrogate pair. */
export function sliceSafe(text: string, end: number): string {
  if (end <= 0) return ''
  if (end >= text.length) return text
  const last = text.charCodeAt(end - 1)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end)
}

/**
 * Breaks what GitHub links after rendering: `@user` and `@org/team` mentions (which notify),
 * `#123` and `GH-123` issue references, and `www.` autolinks. GitHub finds these in the rendered
 * text, after markdown and HTML entities are decoded, so neither a backslash nor `&#64;` stops
 * them. A zero-width joiner (U+200D) right after `@`, `#`, `GH-` or `www` leaves the text looking
 * the same while no longer matching GitHub's patterns (a mention needs `@` directly followed by a
 * letter or digit).
 */
export function breakReferences(text: string): string {
  return text
    .replace(/([@#])(?=[A-Za-z0-9])/g, '$1\u200D')
    .replace(/\b(GH-)(?=\d)/gi, '$1\u200D')
    .replace(/\b(www)(?=\.)/gi, '$1\u200D')
}

/**
 * Text for HTML contexts inside markdown, such as `<summary>`: GitHub treats a `<details>` block
 * as raw HTML, so backslash escapes would show literally there, while entities are decoded.
 */
export function escapeHtmlText(text: string): string {
  return escapeHtmlChars(breakReferences(oneLine(text)))
}

// --- internal ---

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** HTML-escapes `& < > " '`, nothing else. */
function escapeHtmlChars(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch)
}
