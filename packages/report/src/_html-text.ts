import { clipLine, plainText, sliceSafe } from './_text.ts'

/**
 * Text from a result as HTML (element content or a quoted attribute value, in HTML or inline
 * SVG): cleaned to one line (controls and bidi overrides removed), clipped to `max` UTF-16 units
 * with `…`, and `& < > " '` escaped, so no value from the data can open a tag, end an attribute
 * or reorder what is shown.
 */
export function html(text: string, max: number): string {
  return escapeHtml(clipLine(text, max))
}

/** As `html`, keeping line breaks (for messages shown with `white-space: pre-line`). */
export function htmlLines(text: string, max: number): string {
  const clean = plainText(text)
  return escapeHtml(clean.length > max ? `${sliceSafe(clean, max - 1).trimEnd()}…` : clean)
}

/** Escapes `& < > " '` and nothing else; the text must already be clean. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch)
}

// --- internal ---

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
