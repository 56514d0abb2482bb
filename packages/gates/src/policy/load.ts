import { dirname } from 'node:path'
import type { ParsedYaml } from '@mlgate/data'
import { lineOf, parseYaml, readYamlFile } from '@mlgate/data'
import type { Policy } from './schema.ts'
import { policySchema } from './schema.ts'

/** A policy file as read: its settings, where it is, and the line of each key for messages. */
export type LoadedPolicy = {
  readonly policy: Policy
  readonly file: string
  /** Relative paths in the file are taken from here (the file's folder). */
  readonly dir: string
  readonly lines: ReadonlyMap<string, number>
}

/** The file `mlgate run` and the actions' `config:` input read when given none. */
export const DEFAULT_POLICY_FILE = 'mlgate.yml'

const POLICY_KIND = {
  name: 'mlgate policy file',
  whenEmpty: 'it declares at least `gates:` with one gate (see schemas/mlgate.schema.json)',
  formatHint: 'See schemas/mlgate.schema.json and the README for the format.',
}

/** Reads and validates mlgate.yml; errors name the file, line and key. */
export async function loadPolicy(file: string): Promise<LoadedPolicy> {
  return loaded(await readYamlFile(file, policySchema, POLICY_KIND))
}

/** Parses policy text (for tests and for policies built in code). */
export function parsePolicy(text: string, file: string): LoadedPolicy {
  return loaded(parseYaml(text, file, policySchema, POLICY_KIND))
}

/** `file:line` of a key of the policy, e.g. `mlgate.yml:12`, or the file alone. */
export function policyPlace(loaded: LoadedPolicy, path: readonly PropertyKey[]): string {
  const line = lineOf(loaded.lines, path)
  return line == null ? loaded.file : `${loaded.file}:${line}`
}

function loaded(parsed: ParsedYaml<Policy>): LoadedPolicy {
  return { policy: parsed.value, file: parsed.file, dir: dirname(parsed.file), lines: parsed.lines }
}
