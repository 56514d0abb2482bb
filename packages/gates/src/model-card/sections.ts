import type { McTConsiderations, McTDescription } from './mct-types.ts'
import type { Template } from './template.ts'

/** A `## Heading` section of the template, with the text people wrote under it. */
export type HumanSection = {
  readonly heading: string
  /** Line of the heading in the template file. */
  readonly line: number
  /** The section's own text: generated blocks and HTML comments left out, trimmed. */
  readonly text: string
  /** Still the template's prompt: empty, or only lines that start with `_TODO:`. */
  readonly placeholder: boolean
}

/**
 * The template's `## ` sections that belong to people. A section that holds nothing but generated
 * blocks is mlgate's, not theirs, and is left out; headings inside fenced code are not headings.
 */
export function humanSections(template: Template): HumanSection[] {
  type Open = { heading: string; line: number; lines: string[]; blocks: number }
  const out: HumanSection[] = []
  let current: Open | undefined
  let line = 1 + template.lineOffset
  let fence: string | undefined
  const close = () => {
    if (!current) return
    const text = withoutComments(current.lines.join('\n')).trim()
    if (text !== '' || current.blocks === 0) {
      out.push({
        heading: current.heading,
        line: current.line,
        text,
        placeholder: isPlaceholder(text),
      })
    }
  }
  for (const part of template.parts) {
    if (part.kind === 'block') {
      if (current) current.blocks++
      line += part.lines
      continue
    }
    const lines = part.text.split(/\r?\n/)
    lines.forEach((raw, i) => {
      if (i > 0) line++
      const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1]
      if (fenceMark) fence = fence === fenceMark ? undefined : (fence ?? fenceMark)
      const heading = fence ? undefined : /^(#{1,2})[ \t]+(.+?)[ \t#]*$/.exec(raw)
      if (heading) {
        close()
        current =
          heading[1] === '##'
            ? { heading: heading[2] ?? '', line, lines: [], blocks: 0 }
            : undefined
        return
      }
      current?.lines.push(raw)
    })
  }
  close()
  return out
}

/** MCT fields fed by human sections, keyed by lower-case heading. */
const CONSIDERATIONS: Readonly<Record<string, keyof McTConsiderations>> = {
  'intended use': 'use_cases',
  'intended uses': 'use_cases',
  uses: 'use_cases',
  'use cases': 'use_cases',
  'direct use': 'use_cases',
  'downstream use': 'use_cases',
  'primary intended uses': 'use_cases',
  'intended users': 'users',
  users: 'users',
  'primary intended users': 'users',
  limitations: 'limitations',
  'known limitations': 'limitations',
  'out-of-scope use': 'limitations',
  'out-of-scope uses': 'limitations',
  'out of scope use': 'limitations',
  'bias, risks, and limitations': 'limitations',
  'risks and limitations': 'limitations',
  'caveats and recommendations': 'limitations',
  tradeoffs: 'tradeoffs',
  'trade-offs': 'tradeoffs',
  'ethical considerations': 'ethical_considerations',
  risks: 'ethical_considerations',
}
const DESCRIPTION = new Set(['model description', 'overview', 'description'])

/**
 * MCT `considerations` and the model's overview and documentation from the human sections: one
 * entry per list item (or per paragraph when the section has no list). An ethical consideration
 * written `risk: mitigation` (or `**risk**: mitigation`) is split into name and mitigation
 * strategy. Placeholder sections give nothing.
 */
export function considerationsFrom(sections: readonly HumanSection[]): {
  considerations: McTConsiderations
  overview?: string
  documentation?: string
} {
  const found: Record<string, McTDescription[]> = {}
  const risks: { name: string; mitigation_strategy?: string }[] = []
  let overview: string | undefined
  let documentation: string | undefined
  for (const s of sections) {
    if (s.placeholder) continue
    const key = normalise(s.heading)
    if (DESCRIPTION.has(key)) {
      overview ??= items(s.text)[0]
      documentation ??= s.text
      continue
    }
    const field = CONSIDERATIONS[key]
    if (field === undefined) continue
    if (field === 'ethical_considerations') {
      for (const item of items(s.text)) risks.push(risk(item))
      continue
    }
    const list = (found[field] ??= [])
    for (const item of items(s.text)) list.push({ description: item })
  }
  const considerations: Record<string, unknown> = {}
  for (const field of ['users', 'use_cases', 'limitations', 'tradeoffs'] as const) {
    const list = found[field]
    if (list && list.length > 0) considerations[field] = list
  }
  if (risks.length > 0) considerations['ethical_considerations'] = risks
  return {
    considerations: considerations as McTConsiderations,
    ...(overview ? { overview } : {}),
    ...(documentation ? { documentation } : {}),
  }
}

// --- internal ---

function normalise(heading: string): string {
  return heading
    .replace(/[*_`]/g, '')
    .replace(/[:.]\s*$/, '')
    .trim()
    .toLowerCase()
}

function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '')
}

function isPlaceholder(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  return lines.every((l) => l.trim().startsWith('_TODO:'))
}

/** List items (a continuation line joins its item), else paragraphs; sub-headings are skipped. */
function items(text: string): string[] {
  const lines = text.split('\n')
  const listed = lines.some((l) => /^\s*(?:[-*+]|\d+[.)])\s+/.test(l))
  const out: string[] = []
  let current: string[] = []
  const flush = () => {
    const item = current.join(' ').replace(/\s+/g, ' ').trim()
    if (item !== '') out.push(item)
    current = []
  }
  for (const l of lines) {
    if (/^\s*#{3,}\s/.test(l)) {
      flush()
      continue
    }
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(l)
    if (listed) {
      if (bullet) {
        flush()
        current.push(bullet[1] ?? '')
      } else if (l.trim() === '') flush()
      else if (current.length > 0) current.push(l.trim())
    } else if (l.trim() === '') flush()
    else current.push(l.trim())
  }
  flush()
  return out
}

function risk(item: string): { name: string; mitigation_strategy?: string } {
  const m = /^\*\*(.+?)\*\*:?\s*(.*)$/.exec(item) ?? /^([^:]+?):\s+(.+)$/.exec(item)
  const name = m?.[1]?.trim() ?? item
  const mitigation = m?.[2]?.trim()
  return mitigation ? { name, mitigation_strategy: mitigation } : { name }
}
