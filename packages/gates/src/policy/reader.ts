import { isAbsolute, join } from 'node:path'
import type { InputReader } from '../accuracy/inputs.ts'
import { ConfigError } from '../errors.ts'
import type { LoadedPolicy } from './load.ts'
import { loadPolicy, policyPlace } from './load.ts'
import type { Policy, PolicySection } from './schema.ts'

/** An InputReader that also says where in the policy file a setting came from. */
export type PolicyReader = InputReader & {
  /** `mlgate.yml:12 (gates.accuracy.min)` for a setting read from the file, else undefined. */
  place(name: string): string | undefined
}

/**
 * The policy's settings for one gate, read as its action reads its inputs: the gate's own section
 * first, then the top-level keys it inherits. A key set to null in the section is unset and not
 * inherited (`model: null` under drift turns prediction drift off). Relative paths are taken from
 * the policy file's folder.
 */
export function policyReader(loaded: LoadedPolicy, gate: PolicySection): PolicyReader {
  const own = gate === 'card' ? loaded.policy.card : loaded.policy.gates?.[gate]
  const section = (own ?? {}) as Readonly<Record<string, unknown>>
  const at = gate === 'card' ? ['card'] : ['gates', gate]
  const find = (name: string): { value: unknown; path: readonly string[] } | undefined => {
    if (name in section) return { value: section[name], path: [...at, name] }
    const inherit = INHERITED[gate][name]
    if (!inherit) return undefined
    const [value, path] = inherit(loaded.policy)
    return value === undefined ? undefined : { value, path }
  }
  const resolved = (name: string, value: unknown): unknown =>
    PATH_KEYS.has(name) && typeof value === 'string' && !isAbsolute(value)
      ? join(loaded.dir, value)
      : value
  return {
    text: (name) => {
      const found = find(name)
      return found ? asText(resolved(name, found.value)) : undefined
    },
    lines: (name) => asLines(find(name)?.value),
    place: (name) => {
      const found = find(name)
      return found ? `${policyPlace(loaded, found.path)} (${found.path.join('.')})` : undefined
    },
  }
}

/**
 * Inputs given on the `uses:` line win; the policy fills in the rest. An input is given when it is
 * not empty, as the runner passes every declared input, empty when the workflow sets none.
 */
export function overridePolicy(inputs: InputReader, policy: PolicyReader): PolicyReader {
  return {
    text: (name) => inputs.text(name) ?? policy.text(name),
    lines: (name) => {
      const given = inputs.lines(name)
      return given.length > 0 ? given : policy.lines(name)
    },
    place: (name) => (inputs.text(name) == null ? policy.place(name) : undefined),
  }
}

/**
 * Builds a gate's settings from a policy reader; a ConfigError about an input that came from the
 * policy file is re-worded to point at the file and line instead of an input the user never set.
 */
export function fromPolicy<T>(read: PolicyReader, build: (read: InputReader) => T): T {
  try {
    return build(read)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const message = error.message.replace(/Input "([a-z0-9-]+)"/g, (whole, name: string) => {
      const place = read.place(name)
      return place ?? whole
    })
    throw new ConfigError(message)
  }
}

// --- internal ---

type Inherit = (p: Policy) => readonly [unknown, readonly string[]]

const top =
  (key: keyof Policy): Inherit =>
  (p) => [p[key], [key]]
const holdout: Inherit = (p) => [p.data?.holdout, ['data', 'holdout']]
const current: Inherit = (p) =>
  p.data?.current != null ? [p.data.current, ['data', 'current']] : holdout(p)

/** Top-level keys each gate inherits, by the name of its input. */
const INHERITED: Readonly<Record<PolicySection, Readonly<Record<string, Inherit>>>> = {
  accuracy: {
    model: top('model'),
    champion: top('champion'),
    label: top('label'),
    positive: top('positive'),
    threshold: top('threshold'),
    columns: top('columns'),
    data: holdout,
  },
  fairness: {
    model: top('model'),
    label: top('label'),
    positive: top('positive'),
    threshold: top('threshold'),
    columns: top('columns'),
    sensitive: top('protected'),
    data: holdout,
  },
  // `threshold` is not inherited: under drift it is a PSI band, not a decision threshold.
  drift: {
    model: top('model'),
    label: top('label'),
    positive: top('positive'),
    columns: top('columns'),
    reference: (p) => [p.data?.training, ['data', 'training']],
    current,
  },
  schema: {
    model: top('model'),
    columns: top('columns'),
    data: current,
  },
  // The card finds its data files in the gates' results.
  card: { model: top('model') },
}

/** Inputs that name files. */
const PATH_KEYS = new Set([
  'model',
  'champion',
  'data',
  'reference',
  'profile',
  'current',
  'schema',
  'template',
  'out',
])

function asText(value: unknown): string | undefined {
  if (value == null) return undefined
  if (Array.isArray(value)) return value.map(String).join(',')
  if (typeof value === 'object') return undefined
  return String(value as string | number | boolean)
}

/** Lists become one line per item, maps `key=value` lines, as the multiline inputs take them. */
function asLines(value: unknown): string[] {
  if (value == null) return []
  if (Array.isArray(value)) return value.map(String)
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${entryText(v)}`)
  }
  return String(value as string | number | boolean)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

function entryText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',')
  if (value != null && typeof value === 'object') {
    // A feature's PSI bands: { warn, fail } → `warn:fail`, as the feature-thresholds input takes them.
    const { warn, fail } = value as { warn?: number; fail?: number }
    return warn == null ? String(fail) : `${warn}:${fail}`
  }
  return String(value as string | number | boolean)
}

/**
 * A gate's settings as an action reads them: its inputs, and when the `config` input names a
 * policy file (mlgate.yml), that file's section for the gate and its top-level settings under
 * them. Inputs set on the `uses:` line win over the file.
 */
export async function withPolicyFile(
  inputs: InputReader,
  gate: PolicySection,
): Promise<PolicyReader> {
  const file = inputs.text('config')
  if (file == null) return { ...inputs, place: () => undefined }
  return overridePolicy(inputs, policyReader(await loadPolicy(file), gate))
}
