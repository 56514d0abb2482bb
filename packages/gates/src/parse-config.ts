import type { z } from 'zod'
import { ConfigError } from './errors.ts'

/**
 * Validate settings against a gate's schema and turn zod's issues into one message a person can
 * act on. `nameOf` maps a settings path to what the user typed (a flag, an input, a YAML key).
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  nameOf: (path: readonly PropertyKey[]) => string,
): z.infer<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => `${nameOf(issue.path)}: ${issue.message}`)
  throw new ConfigError(`Invalid settings:\n  ${lines.join('\n  ')}`)
}

/** camelCase settings key → kebab-case flag or input name. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
