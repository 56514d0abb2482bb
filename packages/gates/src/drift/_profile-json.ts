import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors.ts'

// A profile file's text and JSON, and the words its errors share: what both the main thread and
// a drift worker need to read one. Kept apart from the profile's schema (profile-file.ts), which
// brings a validation library that a worker would spend about 45 ms loading.

export async function readProfileText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw cannotRead(file, error)
  }
}

export function readProfileTextSync(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw cannotRead(file, error)
  }
}

/** The file's JSON value, unchecked; a ConfigError when the text is not JSON. */
export function parseProfileJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ConfigError(
      `${file} is not a drift profile: it is not valid JSON (${String(error)}).`,
    )
  }
}

/** How errors about a profile file name one of its features. */
export function featureWhere(file: string, feature: string): string {
  return `${file}, feature "${feature}"`
}

/** What errors about a profile file end with. */
export function rebuildHint(file: string): string {
  return `Rebuild it: mlgate drift profile --reference <training data> --out ${file}`
}

function cannotRead(file: string, error: unknown): ConfigError {
  return new ConfigError(`Cannot read the drift profile ${file}: ${(error as Error).message}`)
}
