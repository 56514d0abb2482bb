import { ConfigError } from '../errors.ts'

/** The generated blocks, in the order they are appended to a template that does not place them. */
export const BLOCK_NAMES = [
  'header',
  'details',
  'data',
  'metrics',
  'fairness',
  'drift',
  'evidence',
] as const
export type BlockName = (typeof BLOCK_NAMES)[number]

/** A template split into the text people wrote and the blocks mlgate fills. */
export type Template = {
  /** Where it came from, for messages: a file path or "the default template". */
  readonly source: string
  readonly parts: readonly TemplatePart[]
  /** The template's line ending; generated text follows it. */
  readonly eol: '\n' | '\r\n'
  /** Lines of the front matter dropped from the top, so parts' lines map to the file's. */
  readonly lineOffset: number
}

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'block'
      readonly name: BlockName
      /** Line breaks the block spanned in the template, from its begin to its end marker. */
      readonly lines: number
    }

/**
 * Splits a template at its `<!-- mlgate:begin NAME -->` … `<!-- mlgate:end NAME -->` markers,
 * each alone on its line. What lies between a pair is generated (and dropped: it is regenerated);
 * everything else is the team's, kept byte for byte. A leading YAML front matter block is dropped
 * too: the card's front matter is generated. Refuses unknown block names, a block placed twice,
 * and markers that do not pair up, naming the line.
 */
export function parseTemplate(text: string, source: string): Template {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const whole = text.startsWith('\uFEFF') ? text.slice(1) : text
  const body = stripFrontMatter(whole)
  const lineOffset = lineOf(whole, whole.length - body.length) - 1
  const parts: TemplatePart[] = []
  const placed = new Set<BlockName>()
  const marker = /^[ \t]*<!--[ \t]*mlgate:(begin|end)[ \t]+([A-Za-z0-9_-]+)[ \t]*-->[ \t]*\r?$/gm
  let cursor = 0
  let open: { name: BlockName; line: number } | undefined
  for (const m of body.matchAll(marker)) {
    const [line, which, rawName = ''] = m
    const at = m.index
    const lineNo = lineOf(body, at) + lineOffset
    const name = rawName.toLowerCase()
    if (!(BLOCK_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(
        `${source}, line ${lineNo}: unknown generated block "${rawName}"; the blocks are ${BLOCK_NAMES.join(', ')}.`,
      )
    }
    const block = name as BlockName
    if (which === 'begin') {
      if (open) {
        throw new ConfigError(
          `${source}, line ${lineNo}: block "${block}" begins inside block "${open.name}" (opened on line ${open.line}); close it first with <!-- mlgate:end ${open.name} -->.`,
        )
      }
      if (placed.has(block)) {
        throw new ConfigError(
          `${source}, line ${lineNo}: block "${block}" is placed twice; keep one of them.`,
        )
      }
      parts.push({ kind: 'text', text: body.slice(cursor, at) })
      open = { name: block, line: lineNo }
      continue
    }
    if (!open || open.name !== block) {
      throw new ConfigError(
        `${source}, line ${lineNo}: <!-- mlgate:end ${block} --> without a matching <!-- mlgate:begin ${block} -->.`,
      )
    }
    parts.push({ kind: 'block', name: block, lines: lineNo - open.line })
    placed.add(block)
    open = undefined
    // The end marker's line break stays with the text that follows.
    cursor = at + line.replace(/\r$/, '').length
  }
  if (open) {
    throw new ConfigError(
      `${source}, line ${open.line}: block "${open.name}" is never closed; add <!-- mlgate:end ${open.name} --> after it.`,
    )
  }
  parts.push({ kind: 'text', text: body.slice(cursor) })
  return {
    source,
    parts: parts.filter((p) => p.kind === 'block' || p.text !== ''),
    eol,
    lineOffset,
  }
}

/**
 * The card's body: the template's text as it is, each block's content between its markers, and
 * the blocks the template does not place appended at the end of the document in BLOCK_NAMES
 * order, markers included, so the next run finds them in place.
 */
export function fillTemplate(
  template: Template,
  content: Readonly<Record<BlockName, string>>,
): string {
  const eol = template.eol
  const block = (name: BlockName) =>
    [
      `<!-- mlgate:begin ${name} -->`,
      content[name].replace(/\n$/, ''),
      `<!-- mlgate:end ${name} -->`,
    ]
      .join('\n')
      .replace(/\r?\n/g, eol)
  let out = ''
  for (const part of template.parts) out += part.kind === 'text' ? part.text : block(part.name)
  const placed = new Set(template.parts.flatMap((p) => (p.kind === 'block' ? [p.name] : [])))
  const missing = BLOCK_NAMES.filter((name) => !placed.has(name))
  if (missing.length > 0) {
    if (out !== '' && !out.endsWith('\n')) out += eol
    if (out !== '') out += eol
    out += missing.map(block).join(eol + eol) + eol
  }
  return out
}

// --- internal ---

function stripFrontMatter(text: string): string {
  const m = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text)
  return m ? text.slice(m[0].length) : text
}

function lineOf(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
