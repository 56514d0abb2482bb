/** Helpers that read rendered markdown the way GitHub does, for assertions. */

/**
 * The cells of a GFM table row. GFM splits a row on pipes not preceded by a backslash (cmark-gfm's
 * table extension treats `\|` as part of the cell, whatever comes before the backslash).
 */
export function cells(row: string): string[] {
  const parts = row.trim().split(/(?<!\\)\|/)
  return parts.slice(1, -1).map((c) => c.trim())
}

/** Every table block (header, delimiter, rows) in `markdown`, as arrays of lines. */
export function tables(markdown: string): string[][] {
  const found: string[][] = []
  let current: string[] = []
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line)
    else if (current.length > 0) {
      found.push(current)
      current = []
    }
  }
  if (current.length > 0) found.push(current)
  return found
}

/** The Mermaid sources in `markdown`, fence lines excluded. */
export function mermaidBlocks(markdown: string): string[][] {
  const blocks: string[][] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```mermaid') continue
    const block: string[] = []
    for (i++; i < lines.length && lines[i] !== '```'; i++) block.push(lines[i] ?? '')
    blocks.push(block)
  }
  return blocks
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1
}

/** `<details` opened as often as closed and code fences paired: the trimmed document is well formed. */
export function isBalanced(markdown: string): boolean {
  return (
    count(markdown, '<details') === count(markdown, '</details>') &&
    count(markdown, '```') % 2 === 0
  )
}
