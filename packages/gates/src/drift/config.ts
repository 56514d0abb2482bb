import * as z from 'zod'

/** statistics.md's bands: PSI < 0.1 stable, 0.1 ≤ PSI < 0.25 moderate (warn), ≥ 0.25 significant. */
export const DEFAULT_WARN = 0.1
export const DEFAULT_FAIL = 0.25

/** A per-feature override of the PSI bands. */
export const featureThresholdSchema = z
  .object({
    warn: z.number().min(0).optional().describe('PSI from which the feature warns.'),
    fail: z.number().min(0).optional().describe('PSI from which the feature fails.'),
  })
  .strict()
export type FeatureThreshold = z.infer<typeof featureThresholdSchema>

const columnList = z.array(z.string().min(1))

/** What a reference profile is built from; shared by the gate and `mlgate drift profile`. */
const profileFields = {
  features: columnList
    .optional()
    .describe(
      'Columns to check (default: every column but the label, the labelled-rows marker and `exclude`).',
    ),
  exclude: columnList.default([]).describe('Columns never checked (ids, timestamps).'),
  categorical: columnList
    .default([])
    .describe(
      'Numeric columns to treat as categories (codes); text and boolean columns always are.',
    ),
  label: z
    .string()
    .min(1)
    .optional()
    .describe('Label column: checked for label drift and never fed to the model.'),
  model: z
    .string()
    .min(1)
    .optional()
    .describe('ONNX model: its scores on both datasets are checked for prediction drift.'),
  positive: z
    .string()
    .optional()
    .describe(
      "Class whose probability is the score (binary models). Default: the model's second class.",
    ),
  columns: columnList.optional().describe('Feature order for models that take one [N, F] tensor.'),
  batchSize: z.number().int().min(1).default(10_000).describe('Rows per model run.'),
}

/** Settings of the drift gate; CLI flags, action inputs and mlgate.yml all land here. */
export const driftConfigSchema = z
  .object({
    reference: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Reference (training) data: CSV, JSONL or Parquet. Needed unless `profile` exists.',
      ),
    profile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Reference profile (JSON). Used when it exists and matches `reference`; written from `reference` otherwise.',
      ),
    current: z
      .string()
      .min(1)
      .describe('Current data (serving traffic, a new batch): CSV, JSONL or Parquet.'),
    ...profileFields,
    threshold: z
      .union([z.number().min(0), z.literal('auto')])
      .default(DEFAULT_FAIL)
      .describe(
        'PSI from which a feature fails (statistics.md band: 0.25), or `auto`: bands count only beyond sampling noise.',
      ),
    warnThreshold: z
      .number()
      .min(0)
      .default(DEFAULT_WARN)
      .describe('PSI from which a feature warns.'),
    autoQuantile: z
      .number()
      .gt(0.5)
      .lt(1)
      .default(0.99)
      .describe(
        'With threshold auto: upper quantile of the no-drift PSI distribution; 1 − it is the false discovery rate.',
      ),
    featureThresholds: z
      .record(z.string(), featureThresholdSchema)
      .default({})
      .describe('Bands per feature (`prediction` is the model score), overriding the defaults.'),
    maxDriftShare: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe(
        'The gate fails only when more than this share of features fail (0: any failing feature fails the gate; otherwise it warns).',
      ),
    labelledColumn: z
      .string()
      .min(1)
      .optional()
      .describe('Column of the current data marking labelled rows, for the label-coverage audit.'),
    labelledWhen: z
      .enum(['auto', 'present', 'true'])
      .default('auto')
      .describe(
        'present: a row is labelled when the cell is not missing; true: when it is 1/true; auto: present if the column has missing cells, else true.',
      ),
    top: z
      .number()
      .int()
      .min(0)
      .default(3)
      .describe('Drifted features whose bins are shown (reference vs current proportions).'),
  })
  .superRefine((c, ctx) => {
    const fail = c.threshold === 'auto' ? DEFAULT_FAIL : c.threshold
    if (c.warnThreshold > fail) {
      ctx.addIssue({
        code: 'custom',
        path: ['warnThreshold'],
        message: `the warn threshold ${c.warnThreshold} is above the fail threshold ${fail}`,
      })
    }
  })
export type DriftConfig = z.infer<typeof driftConfigSchema>
export type DriftConfigInput = z.input<typeof driftConfigSchema>

/** Settings of `mlgate drift profile`: the reference and what to profile, plus where to write. */
export const driftProfileConfigSchema = z.object({
  reference: z.string().min(1).describe('Reference (training) data: CSV, JSONL or Parquet.'),
  out: z.string().min(1).describe('Where to write the profile (JSON).'),
  ...profileFields,
})
export type DriftProfileConfig = z.infer<typeof driftProfileConfigSchema>
export type DriftProfileConfigInput = z.input<typeof driftProfileConfigSchema>
