import { kebab } from '@mlgate/gates'
import { UsageError } from './usage-error.ts'

/** A numeric flag's value, or undefined when the flag was not given. */
export function numberFlag(text: string | undefined, flag: string): number | undefined {
  if (text == null) return undefined
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`${flag} expects a number, got "${text}".`)
  }
  return value
}

/** A comma-separated flag (`--columns a,b,c`) as its non-empty, trimmed items. */
export function listFlag(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
}

/** Refuse a run that lacks a required flag, naming it. */
export function requireFlags(
  values: Readonly<Record<string, unknown>>,
  names: readonly string[],
): void {
  for (const name of names) {
    if (values[name] == null) throw new UsageError(`--${name} is required.`)
  }
}

/**
 * Maps a settings path from a zod issue back to the flag the user typed: `batchSize` is
 * `--batch-size`, unless `renamed` says the setting has a flag of another name.
 */
export function flagNamer(
  renamed: Readonly<Record<string, string>> = {},
): (path: readonly PropertyKey[]) => string {
  return (path) => {
    const key = String(path[0] ?? '')
    return renamed[key] ?? `--${kebab(key)}`
  }
}
