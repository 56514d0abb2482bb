import { breakReferences, oneLine } from './_text.ts'

/**
 * Makes `text` inert inline markdown for GitHub (GFM): safe in prose and in table cells.
 *
 * - Line breaks and control characters are collapsed, so a value cannot start a new block or a
 *   new table row.
 * - `& < > " '` become HTML entities, so no tag (`<img onerror=…>`) or HTML comment survives.
 * - The markdown specials `\ ` * _ [ ] ( ) # ~ ! | $` are backslash-escaped wherever they occur:
 *   escaping in every position is simpler to prove safe than deciding where each would act, and
 *   costs only invisible backslashes. `|` escaped as `\|` stays inside its table cell (GFM splits
 *   rows on unescaped pipes only); `$` would otherwise start GitHub's math rendering.
 * - `@user`, `#123`, `GH-123` and `www.` get a zero-width joiner after the trigger. A code span
 *   would also stop mentions, but it shows entities literally and changes how the value looks;
 *   the joiner keeps the text readable and still breaks GitHub's pattern.
 * - `://` becomes `:\/\/`, so GFM does not autolink `http://…` (the escape renders as `/`).
 * - A leading `-`, `+`, `=` or `1.`/`1)` is escaped, so a value at the start of a line is never a
 *   list item or a setext underline.
 */
export function escapeMarkdown(text: string): string {
  const escaped = breakReferences(oneLine(text))
    .replace(/[&<>"'\\`*_[\]()#~!|$]/g, (ch) => ENTITIES[ch] ?? `\\${ch}`)
    .replaceAll('://', ':\\/\\/')
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2')
}

// --- internal ---

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
