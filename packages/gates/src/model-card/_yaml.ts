/** A YAML value the front matter holds. */
export type YamlValue =
  string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue }

/**
 * Block-style YAML for the front matter. Strings are written double-quoted with JSON escapes
 * (valid YAML 1.1 and 1.2), so no value can be read as another type or break the block. Numbers
 * in exponent form get a decimal point (`1.0e-7`), which YAML 1.1 readers such as PyYAML need to
 * read them as floats rather than strings. Empty lists and maps are left out.
 */
export function toYaml(value: { readonly [key: string]: YamlValue }): string {
  return mapping(value, '')
}

// --- internal ---

function mapping(value: { readonly [key: string]: YamlValue }, indent: string): string {
  let out = ''
  for (const [key, v] of Object.entries(value)) {
    if (isEmpty(v)) continue
    out += `${indent}${scalarKey(key)}:${nested(v, indent)}`
  }
  return out
}

function sequence(items: readonly YamlValue[], indent: string): string {
  let out = ''
  for (const item of items) {
    if (isEmpty(item)) continue
    if (isMap(item)) {
      // The first key sits on the dash line; the rest line up under it.
      const body = mapping(item, `${indent}  `)
      out += `${indent}- ${body.slice(indent.length + 2)}`
    } else if (Array.isArray(item)) {
      out += `${indent}-\n${sequence(item, `${indent}  `)}`
    } else {
      out += `${indent}- ${scalar(item as string | number | boolean)}\n`
    }
  }
  return out
}

function nested(v: YamlValue, indent: string): string {
  if (isMap(v)) return `\n${mapping(v, `${indent}  `)}`
  if (Array.isArray(v)) return `\n${sequence(v, `${indent}  `)}`
  return ` ${scalar(v as string | number | boolean)}\n`
}

function scalar(v: string | number | boolean): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'boolean') return String(v)
  if (!Number.isFinite(v)) throw new Error(`The front matter cannot hold ${v}.`)
  const text = String(v)
  return /e/.test(text) && !text.includes('.') ? text.replace('e', '.0e') : text
}

function scalarKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key)
}

function isMap(v: YamlValue): v is { readonly [key: string]: YamlValue } {
  return typeof v === 'object' && v != null && !Array.isArray(v)
}

function isEmpty(v: YamlValue): boolean {
  if (Array.isArray(v)) return v.length === 0
  if (isMap(v)) return Object.values(v).every(isEmpty)
  return false
}
