import { ConfigError } from '../errors.ts'

/**
 * `age=0,25,40,65` (after --bucket, or one line of the `bucket` input): a column and the edges of
 * its bands. The edges must be numbers in increasing order.
 */
export function parseBucketFlag(text: string, flag: string): [string, number[]] {
  const [column, edges] = splitAssignment(text, flag, 'age=25,40,65')
  const values = edges.split(',').map((e) => e.trim())
  const numbers = values.map(Number)
  const bad = values.findIndex((v, i) => v === '' || !Number.isFinite(numbers[i]))
  if (bad >= 0) {
    throw new ConfigError(
      `${flag} "${text}": "${values[bad]}" is not a number; give the band edges as numbers, e.g. ${column}=25,40,65.`,
    )
  }
  if (numbers.some((v, i) => i > 0 && v <= numbers[i - 1]!)) {
    throw new ConfigError(`${flag} "${text}": the edges must increase, e.g. ${column}=25,40,65.`)
  }
  return [column, numbers]
}

/** `sex=male` (after --reference, or one line of the `reference` input): an attribute and a group. */
export function parseReferenceFlag(text: string, flag: string): [string, string] {
  return splitAssignment(text, flag, 'sex=male')
}

/** Comma-separated names (a flag may also repeat): trimmed, empty ones dropped. */
export function splitNames(texts: readonly string[]): string[] {
  return texts.flatMap((t) => t.split(',').map((s) => s.trim())).filter((s) => s !== '')
}

/** Several `key=value` flags as a record; a key given twice is an error. */
export function assignments<T>(pairs: readonly [string, T][], flag: string): Record<string, T> {
  const out: Record<string, T> = {}
  for (const [k, v] of pairs) {
    if (k in out) throw new ConfigError(`${flag} names "${k}" twice; give it once.`)
    out[k] = v
  }
  return out
}

// --- internal ---

function splitAssignment(text: string, flag: string, example: string): [string, string] {
  const at = text.indexOf('=')
  const key = at < 0 ? '' : text.slice(0, at).trim()
  const value = at < 0 ? '' : text.slice(at + 1).trim()
  if (key === '' || value === '') {
    throw new ConfigError(`${flag} expects column=value (e.g. ${flag} ${example}), got "${text}".`)
  }
  return [key, value]
}
