import type { BoundSpec } from '../bound-spec.ts'
import { parseBoundFlag } from '../bound-spec.ts'
import { ConfigError } from '../errors.ts'
import { kebab, parseConfig } from '../parse-config.ts'
import type { AccuracyConfig } from './config.ts'
import { accuracyConfigSchema } from './config.ts'

/** Reads named settings as text: action inputs, or anything shaped like them. */
export type InputReader = {
  /** The trimmed value, undefined when empty or absent. */
  text(name: string): string | undefined
  /** Non-empty trimmed lines. */
  lines(name: string): string[]
}

/**
 * The accuracy gate's settings from action inputs (kebab-case names, as in action.yml). Bounds
 * come one `metric=value` per line, so a workflow can list several under one input.
 */
export function accuracyConfigFromInputs(read: InputReader): AccuracyConfig {
  const bounds: BoundSpec[] = [
    ...read.lines('min').map((t) => parseBoundFlag(t, '>=', 'value', 'Input "min"')),
    ...read.lines('max').map((t) => parseBoundFlag(t, '<=', 'value', 'Input "max"')),
    ...read.lines('min-change').map((t) => parseBoundFlag(t, '>=', 'change', 'Input "min-change"')),
    ...read.lines('max-change').map((t) => parseBoundFlag(t, '<=', 'change', 'Input "max-change"')),
  ]
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
    positive: read.text('positive'),
    threshold: number('threshold'),
    champion: read.text('champion'),
    columns: read
      .text('columns')
      ?.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
    bounds,
    minRows: number('min-rows'),
    uncertainty: read.text('uncertainty'),
    resamples: number('resamples'),
    seed: number('seed'),
    batchSize: number('batch-size'),
  }
  return parseConfig(
    accuracyConfigSchema,
    input,
    (path) => `Input "${kebab(String(path[0] ?? ''))}"`,
  )
}
