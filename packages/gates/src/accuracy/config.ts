import * as z from 'zod'
import { boundSpecSchema } from '../bound-spec.ts'

/** Settings of the accuracy gate; the CLI flags, the action inputs and mlgate.yml all land here. */
export const accuracyConfigSchema = z.object({
  model: z.string().min(1).describe('ONNX model to evaluate (the candidate).'),
  data: z.string().min(1).describe('Holdout data: CSV, JSONL or Parquet.'),
  label: z.string().min(1).describe('Column holding the true label (or target for regression).'),
  positive: z
    .string()
    .optional()
    .describe(
      "Label value of the positive class (binary). Default: 1, or the model's second class.",
    ),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe(
      'Decision threshold on the positive-class probability: predicted positive when score >= threshold.',
    ),
  champion: z
    .string()
    .optional()
    .describe('ONNX model currently in production, scored on the same rows.'),
  columns: z
    .array(z.string().min(1))
    .optional()
    .describe('Feature order for models that take one [N, F] tensor.'),
  bounds: z
    .array(boundSpecSchema)
    .default([])
    .describe('Bounds on metrics and on changes against the champion.'),
  minRows: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('Below this many rows a passing bound is reported as a warning.'),
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
  batchSize: z.number().int().min(1).default(10_000).describe('Rows per model run.'),
})
export type AccuracyConfig = z.infer<typeof accuracyConfigSchema>
export type AccuracyConfigInput = z.input<typeof accuracyConfigSchema>
