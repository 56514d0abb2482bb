import { parseBoundFlag } from '../bound-spec.ts'
import type { InputReader } from '../accuracy/inputs.ts'
import { ConfigError } from '../errors.ts'
import { kebab, parseConfig } from '../parse-config.ts'
import type { FairnessConfig } from './config.ts'
import { fairnessConfigSchema } from './config.ts'
import { assignments, parseBucketFlag, parseReferenceFlag, splitNames } from './flags.ts'

/**
 * The fairness gate's settings from action inputs (kebab-case names, as in action.yml). Bounds,
 * buckets and reference groups come one per line; `sensitive` and `rule` take commas or lines.
 */
export function fairnessConfigFromInputs(read: InputReader): FairnessConfig {
  const number = (name: string): number | undefined => {
    const t = read.text(name)
    if (t == null) return undefined
    const v = Number(t)
    if (!Number.isFinite(v)) throw new ConfigError(`Input "${name}" must be a number, got "${t}".`)
    return v
  }
  const input = {
    model: read.text('model'),
    data: read.text('data'),
    label: read.text('label'),
    sensitive: splitNames(read.lines('sensitive')),
    positive: read.text('positive'),
    threshold: number('threshold'),
    buckets: assignments(
      read.lines('bucket').map((t) => parseBucketFlag(t, 'Input "bucket"')),
      'Input "bucket"',
    ),
    reference: assignments(
      read.lines('reference').map((t) => parseReferenceFlag(t, 'Input "reference"')),
      'Input "reference"',
    ),
    bounds: [
      ...read.lines('min').map((t) => parseBoundFlag(t, '>=', 'value', 'Input "min"')),
      ...read.lines('max').map((t) => parseBoundFlag(t, '<=', 'value', 'Input "max"')),
    ],
    rules: splitNames(read.lines('rule')),
    minGroupSize: number('min-group-size'),
    intersections: read.text('intersections'),
    missing: read.text('missing'),
    uncertainty: read.text('uncertainty'),
    resamples: number('resamples'),
    seed: number('seed'),
    columns: read.text('columns') == null ? undefined : splitNames([read.text('columns') ?? '']),
    batchSize: number('batch-size'),
  }
  return parseConfig(fairnessConfigSchema, input, (path) => inputName(path))
}

// --- internal ---

/** Settings keys whose input has another name. */
const INPUT_NAMES: Readonly<Record<string, string>> = {
  buckets: 'bucket',
  bounds: 'min/max',
  rules: 'rule',
}

function inputName(path: readonly PropertyKey[]): string {
  const key = String(path[0] ?? '')
  return `Input "${INPUT_NAMES[key] ?? kebab(key)}"`
}
