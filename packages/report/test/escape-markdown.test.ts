import { describe, expect, it } from 'vitest'
import { escapeMarkdown } from '../src/index.ts'
import { cells } from './_markdown.ts'

const ZWJ = '\u200D'

describe('escapeMarkdown', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a|b', 'a\\|b'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['Tom & "Jerry" \'s', 'Tom &amp; &quot;Jerry&quot; &#39;s'],
    ['*bold* _it_ `code` ~~s~~', '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~'],
    ['[x](javascript:alert(1))', '\\[x\\]\\(javascript:alert\\(1\\)\\)'],
    ['![img](u)', '\\!\\[img\\]\\(u\\)'],
    ['back\\slash', 'back\\\\slash'],
    ['$x^2$', '\\$x^2\\$'],
    ['line one\nline two\r\n\tthree', 'line one line two three'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['== setext', '\\== setext'],
    ['1. first', '1\\. first'],
    ['12) twelve', '12\\) twelve'],
    ['version 1.2', 'version 1.2'],
    ['@admin please', `@${ZWJ}admin please`],
    ['mail me@example.com', `mail me@${ZWJ}example.com`],
    ['see #123 and GH-45', `see \\#${ZWJ}123 and GH-${ZWJ}45`],
    ['# heading', '\\# heading'],
    ['go to https://evil.example/x', 'go to https:\\/\\/evil.example/x'],
    ['www.evil.example', `www${ZWJ}.evil.example`],
    ['<!-- comment -->', '&lt;\\!-- comment --&gt;'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })

  it('removes control characters and bidirectional overrides', () => {
    expect(escapeMarkdown('a\u0000b\u001b[31mc\u202Ed\u2066e')).toBe('ab\\[31mcde')
  })

  it('replaces half a surrogate pair, keeps whole ones', () => {
    expect(escapeMarkdown('ok 😀 bad \uD83D end')).toBe('ok 😀 bad \uFFFD end')
  })

  it('keeps a pipe inside its table cell', () => {
    const row = `| ${escapeMarkdown('a | b || c')} | ${escapeMarkdown('\\|')} | ${escapeMarkdown('end\\')} |`
    expect(cells(row)).toHaveLength(3)
  })

  it('leaves nothing GitHub would turn into markup, a mention or an issue link', () => {
    const out = escapeMarkdown('<img src=x onerror=alert(1)> @admin #123 <script>x</script>')
    expect(out).not.toContain('<')
    expect(out).not.toContain('>')
    expect(out).not.toMatch(/@[A-Za-z0-9]/)
    expect(out).not.toMatch(/(?<!&)#\d/)
  })
})
