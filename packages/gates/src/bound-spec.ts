import * as z from 'zod'
import { ConfigError } from './errors.ts'

/**
 * A bound as the user writes it. `kind: value` holds the metric itself; `kind: change` holds
 * candidate − champion (or (candidate − champion) / |champion| when `relative`).
 */
export const boundSpecSchema = z.object({
  metric: z.string().regex(/^[a-z0-9_]+$/, 'metric names are snake_case, e.g. roc_auc'),
  op: z.enum(['>=', '<=']),
  value: z.number().finite(),
  kind: z.enum(['value', 'change']).default('value'),
  relative: z.boolean().default(false),
})
export type BoundSpec = z.infer<typeof boundSpecSchema>

/**
 * Parse `metric=value` as written after --min/--max (value bounds) or --min-change/--max-change
 * (change bounds; a trailing `%` makes the bound relative: `roc_auc=-1%`).
 */
export function parseBoundFlag(
  text: string,
  op: '>=' | '<=',
  kind: 'value' | 'change',
  flag: string,
): BoundSpec {
  const match = /^([a-z0-9_]+)=(-?[0-9.]+(?:e-?[0-9]+)?)(%?)$/i.exec(text.trim())
  if (match == null) {
    throw new ConfigError(
      `${flag} expects metric=number (e.g. ${flag} roc_auc=0.8${kind === 'change' ? ' or roc_auc=-1%' : ''}), got "${text}".`,
    )
  }
  const [, metric = '', num = '', percent] = match
  if (percent === '%' && kind === 'value') {
    throw new ConfigError(
      `${flag} takes an absolute value; "%" is for --min-change/--max-change, got "${text}".`,
    )
  }
  const value = Number(num)
  if (!Number.isFinite(value)) throw new ConfigError(`${flag}: "${num}" is not a number.`)
  return {
    metric: metric.toLowerCase(),
    op,
    value: percent === '%' ? value / 100 : value,
    kind,
    relative: percent === '%',
  }
}

export function describeBound(spec: BoundSpec): string {
  const shown = spec.relative
    ? `${(spec.value * 100).toPrecision(3).replace(/\.?0+$/, '')}%`
    : String(spec.value)
  return spec.kind === 'change' ? `change ${spec.op} ${shown}` : `${spec.op} ${shown}`
}
