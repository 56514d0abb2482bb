/**
 * The shape of short identifier-like texts (`TX-004211`, `ab12`), for inferring a regex: runs of
 * upper-case letters, lower-case letters and digits, with any other character kept literally.
 * Texts whose runs come in the same order share a shape; the run lengths are merged into ranges.
 * A text longer than `LONGEST` or with characters outside printable ASCII has no shape: free text
 * gets no regex.
 */
export type Shape = { readonly tokens: readonly string[]; min: number[]; max: number[] }

const LONGEST = 64
/** More runs than this is prose or a format too varied to pin down. */
const MOST_RUNS = 12

export function shapeOf(text: string): Shape | null {
  if (text.length === 0 || text.length > LONGEST) return null
  const tokens: string[] = []
  const lengths: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) return null
    const token =
      c >= 65 && c <= 90 ? 'A' : c >= 97 && c <= 122 ? 'a' : c >= 48 && c <= 57 ? '9' : text[i]!
    if (tokens[tokens.length - 1] === token) lengths[lengths.length - 1]! += 1
    else {
      tokens.push(token)
      lengths.push(1)
    }
  }
  if (tokens.length > MOST_RUNS) return null
  return { tokens, min: lengths, max: [...lengths] }
}

/** `into` widened to cover `shape`, or null when their runs differ. */
export function mergeShape(into: Shape, shape: Shape): Shape | null {
  if (into.tokens.length !== shape.tokens.length) return null
  for (let i = 0; i < into.tokens.length; i++) {
    if (into.tokens[i] !== shape.tokens[i]) return null
    into.min[i] = Math.min(into.min[i]!, shape.min[i]!)
    into.max[i] = Math.max(into.max[i]!, shape.max[i]!)
  }
  return into
}

/** The shape as a regex body (anchored by the validator): `[A-Z]{2}-[0-9]{4,6}`. */
export function shapeRegex(shape: Shape): string {
  return shape.tokens
    .map((token, i) => {
      const lo = shape.min[i]!
      const hi = shape.max[i]!
      const count = lo === hi ? (lo === 1 ? '' : `{${lo}}`) : `{${lo},${hi}}`
      const cls =
        token === 'A'
          ? '[A-Z]'
          : token === 'a'
            ? '[a-z]'
            : token === '9'
              ? '[0-9]'
              : token.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
      return `${cls}${count}`
    })
    .join('')
}
