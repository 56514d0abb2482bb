import { describe, expect, it } from 'vitest'
import { renderMarkdown, renderSummary } from '../src/index.ts'
import { utf8Length } from '../src/_measure.ts'
import { bigTable, failResult, warnResult } from './_results.ts'
import { isBalanced } from './_markdown.ts'

describe('renderSummary', () => {
  it('is the comment without the marker', () => {
    const comment = renderMarkdown([failResult, warnResult])
    expect(renderSummary([failResult, warnResult])).toBe(comment.slice(comment.indexOf('\n') + 1))
  })

  it('stays within 1 MiB counted in UTF-8 bytes, not characters', () => {
    // "€" is one UTF-16 unit but three UTF-8 bytes: counting characters would overshoot 3×.
    const table = bigTable(40_000, 30, 1, '€')
    const out = renderSummary([{ ...failResult, tables: [table] }])
    const bytes = Buffer.byteLength(out, 'utf8')
    expect(bytes).toBeLessThanOrEqual(1_048_576)
    expect(bytes).toBeGreaterThan(1_000_000)
    expect(out.length).toBeLessThan(bytes / 2)
    expect(out).toContain(
      "_✂️ Trimmed to fit GitHub's 1 MiB job summary limit; full report in the artifact._",
    )
    expect(isBalanced(out)).toBe(true)
  })

  it('counts bytes as Node encodes them, including 4-byte characters and broken pairs', () => {
    for (const text of ['abc', 'é€😀', '\uD83D', 'x\uDE00y', '😀'.repeat(1000)]) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'))
    }
  })
})
