import { DISPARITY_NAMES } from '@mlgate/stats'
import * as z from 'zod'
import { boundSpecSchema } from '../bound-spec.ts'

/**
 * Named policies a user can ask for by name. None applies unless named: the four-fifths rule is
 * a US employment-law convention (29 CFR 1607.4(D)), not a default truth (statistics.md).
 */
export const FAIRNESS_RULES = {
  // Every group's selection rate at least four-fifths of the reference's (the group with the
  // highest rate unless one is given).
  'four-fifths': {
    bound: { metric: 'disparate_impact', op: '>=', value: 0.8, kind: 'value', relative: false },
  },
} as const
export type FairnessRule = keyof typeof FAIRNESS_RULES

/**
 * Default minimum group size. 30 is the usual rule of thumb for treating a sample mean (here a
 * rate) as approximately normal; below it one row moves a group's rate by more than 1/30 ≈ 0.033,
 * a third of a typical 0.1 bound on a difference.
 */
export const MIN_GROUP_SIZE = 30

const disparityBound = boundSpecSchema.superRefine((b, ctx) => {
  if (!(DISPARITY_NAMES as readonly string[]).includes(b.metric)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${b.metric}" is not a fairness disparity; known: ${DISPARITY_NAMES.join(', ')}`,
    })
  }
  if (b.kind !== 'value') {
    ctx.addIssue({ code: 'custom', message: 'fairness bounds hold the value itself, not a change' })
  }
})

/** Settings of the fairness gate; the CLI flags, the action inputs and mlgate.yml all land here. */
export const fairnessConfigSchema = z.object({
  model: z.string().min(1).describe('ONNX model to evaluate (a binary classifier).'),
  data: z.string().min(1).describe('Holdout data: CSV, JSONL or Parquet.'),
  label: z.string().min(1).describe('Column holding the true label.'),
  sensitive: z
    .array(z.string().min(1))
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'names a column twice')
    .describe(
      'Protected attributes: columns whose groups are compared. With two or more, their intersection is compared too.',
    ),
  positive: z
    .string()
    .optional()
    .describe("Label value of the positive class. Default: 1, or the model's second class."),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('Predicted positive when P(positive) >= threshold.'),
  buckets: z
    .record(
      z.string(),
      z
        .array(z.number().finite())
        .min(1)
        .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), 'edges must increase'),
    )
    .default({})
    .describe(
      'Bands for numeric attributes, by column: edges e1 < … < ek give the right-closed bands ≤ e1, (e1, e2], …, > ek.',
    ),
  reference: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      'Reference group of disparate impact, by attribute. Default: the group with the highest selection rate.',
    ),
  bounds: z
    .array(disparityBound)
    .default([])
    .describe('Bounds on disparities, applied to every attribute (and the intersection).'),
  rules: z
    .array(z.enum(Object.keys(FAIRNESS_RULES) as [FairnessRule, ...FairnessRule[]]))
    .default([])
    .describe('Named policies to apply, e.g. four-fifths. None applies unless named.'),
  minGroupSize: z
    .number()
    .int()
    .min(1)
    .default(MIN_GROUP_SIZE)
    .describe('Groups with fewer rows are shown but not gated.'),
  intersections: z
    .enum(['gated', 'shown', 'off'])
    .default('gated')
    .describe(
      'The intersection of two or more attributes: gated like an attribute, shown only, or off.',
    ),
  missing: z
    .enum(['group', 'skip'])
    .default('group')
    .describe(
      'Rows whose attribute is missing: a group of their own, "(missing)", or left out of that attribute.',
    ),
  uncertainty: z
    .enum(['interval', 'point'])
    .default('interval')
    .describe(
      'interval: fail only when the whole confidence interval misses a bound; point: the estimate decides.',
    ),
  resamples: z
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('Bootstrap resamples for intervals (0 turns them off).'),
  seed: z
    .number()
    .int()
    .default(42)
    .describe('Seed of the bootstrap generator (printed in the report).'),
  level: z.number().gt(0).lt(1).default(0.95).describe('Confidence level of the intervals.'),
  columns: z
    .array(z.string().min(1))
    .optional()
    .describe('Feature order for models that take one [N, F] tensor.'),
  batchSize: z.number().int().min(1).default(10_000).describe('Rows per model run.'),
})
export type FairnessConfig = z.infer<typeof fairnessConfigSchema>
export type FairnessConfigInput = z.input<typeof fairnessConfigSchema>
