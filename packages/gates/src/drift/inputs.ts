import type { InputReader } from '../accuracy/inputs.ts'
import { ConfigError } from '../errors.ts'
import { kebab, parseConfig } from '../parse-config.ts'
import type { DriftConfig, FeatureThreshold } from './config.ts'
import { driftConfigSchema } from './config.ts'

/**
 * The drift gate's settings from action inputs (kebab-case, as in action.yml). Lists are
 * comma-separated; per-column bands come one `column=fail` or `column=warn:fail` per line.
 */
export function driftConfigFromInputs(read: InputReader): DriftConfig {
  const number = (name: string): number | undefined => {
    const t = read.text(name)
    if (t == null) return undefined
    const v = Number(t)
    if (!Number.isFinite(v)) throw new ConfigError(`Input "${name}" must be a number, got "${t}".`)
    return v
  }
  const threshold = read.text('threshold')
  const input = {
    reference: read.text('reference'),
    profile: read.text('profile'),
    current: read.text('current'),
    features: commaList(read.text('features')),
    exclude: commaList(read.text('exclude')),
    categorical: commaList(read.text('categorical')),
    label: read.text('label'),
    model: read.text('model'),
    positive: read.text('positive'),
    columns: commaList(read.text('columns')),
    threshold: threshold === 'auto' || threshold == null ? threshold : number('threshold'),
    warnThreshold: number('warn-threshold'),
    autoQuantile: number('auto-quantile'),
    featureThresholds: parseFeatureThresholds(
      read.lines('feature-thresholds'),
      'Input "feature-thresholds"',
    ),
    maxDriftShare: number('max-drift-share'),
    labelledColumn: read.text('labelled-column'),
    labelledWhen: read.text('labelled-when'),
    top: number('top'),
    batchSize: number('batch-size'),
  }
  return parseConfig(driftConfigSchema, input, (path) => `Input "${kebab(String(path[0] ?? ''))}"`)
}

/**
 * `column=fail` or `column=warn:fail` per entry, e.g. `income=0.3` or `age=0.05:0.2`. The column
 * name may contain `=`: the last one separates it from the numbers.
 */
export function parseFeatureThresholds(
  entries: readonly string[],
  where: string,
): Record<string, FeatureThreshold> {
  const out: Record<string, FeatureThreshold> = {}
  for (const entry of entries) {
    const at = entry.lastIndexOf('=')
    const name = entry.slice(0, at).trim()
    const match = /^\s*(?:([0-9.eE+-]+)\s*:\s*)?([0-9.eE+-]+)\s*$/.exec(entry.slice(at + 1))
    const warn = match?.[1] === undefined ? undefined : Number(match[1])
    const fail = Number(match?.[2])
    if (
      at <= 0 ||
      name === '' ||
      !match ||
      !Number.isFinite(fail) ||
      (warn !== undefined && !Number.isFinite(warn))
    ) {
      throw new ConfigError(
        `${where} expects column=fail or column=warn:fail (e.g. income=0.3 or age=0.05:0.2), got "${entry}".`,
      )
    }
    out[name] = { fail, ...(warn === undefined ? {} : { warn }) }
  }
  return out
}

function commaList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
}
