import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

export type ActionInput = {
  readonly name: string
  readonly description: string
  /** The `default:` as written in action.yml (expressions unevaluated); undefined when absent. */
  readonly default?: string
  readonly required: boolean
}

export type ActionMetadata = {
  readonly path: string
  readonly name: string
  readonly inputs: ReadonlyMap<string, ActionInput>
  readonly outputs: ReadonlySet<string>
  readonly using: string
  readonly main: string
}

/**
 * Reads an `action.yml`: the one source of input names, defaults and output names. Defaults are
 * turned into strings because the runner passes every value to the process as a string.
 */
export function readActionMetadata(path: string): ActionMetadata {
  let doc: unknown
  try {
    doc = parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`Cannot read action metadata ${path}: ${String(error)}`, { cause: error })
  }
  if (!isRecord(doc)) throw new Error(`${path}: expected a YAML mapping at the top level.`)
  const inputs = new Map<string, ActionInput>()
  for (const [name, spec] of Object.entries(recordAt(doc, 'inputs', path))) {
    const s = isRecord(spec) ? spec : {}
    inputs.set(name, {
      name,
      description: typeof s['description'] === 'string' ? s['description'] : '',
      ...(s['default'] == null ? {} : { default: String(s['default']) }),
      required: s['required'] === true || s['required'] === 'true',
    })
  }
  const runs = recordAt(doc, 'runs', path)
  return {
    path,
    name: typeof doc['name'] === 'string' ? doc['name'] : '',
    inputs,
    outputs: new Set(Object.keys(recordAt(doc, 'outputs', path))),
    using: String(runs['using'] ?? ''),
    main: String(runs['main'] ?? ''),
  }
}

/**
 * The runner's environment name for an input: `INPUT_` + name with spaces as `_`, upper-cased.
 * Hyphens are kept (runner `ActionRunner`/toolkit `getInput`), so `fail-on` is `INPUT_FAIL-ON`.
 */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

// --- internal ---

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

function recordAt(
  doc: Record<string, unknown>,
  key: string,
  path: string,
): Record<string, unknown> {
  const value = doc[key]
  if (value == null) return {}
  if (!isRecord(value)) throw new Error(`${path}: "${key}" must be a mapping, got ${typeof value}.`)
  return value
}
