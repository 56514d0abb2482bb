import * as z from 'zod'

/**
 * mlgate.yml: the model, data and bounds declared once. Each gate's section takes the same keys as
 * that gate's action inputs (so `with:` on a `uses:` line overrides a key of the same name), with
 * YAML lists and maps where an input takes comma-separated or `key=value` lines. Top-level keys
 * (model, label, threshold, …) apply to every gate that does not set its own.
 */

const path = z.string().min(1)
const names = z
  .union([z.array(z.string().min(1)), z.string().min(1)])
  .describe('A list of column names (or one comma-separated string).')
const bounds = z
  .record(z.string(), z.union([z.number(), z.string().regex(/^-?[0-9.eE+-]+%?$/)]))
  .describe('Metric name → bound, e.g. `roc_auc: 0.85`; a change bound may be relative: `-1%`.')
const label = z.union([z.string().min(1), z.number()])
const probability = z.number().min(0).max(1)

/** What every model-scoring gate may set for itself, overriding the top level. */
const modelKeys = {
  model: path.nullable().optional().describe('ONNX model (default: the top-level model).'),
  label: z.string().min(1).optional().describe('Label column (default: the top-level label).'),
  positive: label.optional().describe('Positive class (default: the top-level positive).'),
  threshold: probability.optional().describe('Decision threshold (default: the top-level one).'),
  columns: names.optional().describe('Feature order for models taking one [N, F] tensor.'),
  'batch-size': z.number().int().min(1).optional().describe('Rows per model run. Default 10000.'),
}

const uncertaintyKeys = {
  uncertainty: z
    .enum(['interval', 'point'])
    .optional()
    .describe('interval: fail only when the whole confidence interval misses a bound.'),
  resamples: z.number().int().min(0).optional().describe('Bootstrap resamples. Default 1000.'),
  seed: z.number().int().optional().describe('Bootstrap seed. Default 42.'),
}

const accuracySection = z
  .object({
    ...modelKeys,
    data: path.optional().describe('Holdout data (default: data.holdout).'),
    champion: path.nullable().optional().describe('Champion model (default: the top-level one).'),
    min: bounds.optional().describe('Lower bounds on metrics.'),
    max: bounds.optional().describe('Upper bounds on metrics.'),
    'min-change': bounds.optional().describe('Lower bounds on candidate minus champion.'),
    'max-change': bounds.optional().describe('Upper bounds on candidate minus champion.'),
    'min-rows': z.number().int().min(1).optional().describe('Rows below which passes warn.'),
    ...uncertaintyKeys,
  })
  .strict()
  .describe('The accuracy gate (inputs of actions/accuracy-gate).')

const fairnessSection = z
  .object({
    ...modelKeys,
    data: path.optional().describe('Holdout data (default: data.holdout).'),
    sensitive: names
      .optional()
      .describe('Protected attributes (default: the top-level protected).'),
    bucket: z
      .record(z.string(), z.array(z.number()).min(1))
      .optional()
      .describe('Bands of numeric attributes: column → increasing edges.'),
    reference: z
      .record(z.string(), label)
      .optional()
      .describe('Reference group of disparate impact, by attribute.'),
    min: bounds.optional().describe('Lower bounds on disparities.'),
    max: bounds.optional().describe('Upper bounds on disparities.'),
    rule: z
      .union([z.array(z.string().min(1)), z.string().min(1)])
      .optional()
      .describe('Named policies, e.g. four-fifths.'),
    'min-group-size': z.number().int().min(1).optional().describe('Smaller groups are not gated.'),
    intersections: z.enum(['gated', 'shown', 'off']).optional(),
    missing: z.enum(['group', 'skip']).optional(),
    ...uncertaintyKeys,
  })
  .strict()
  .describe('The fairness gate (inputs of actions/fairness-check).')

const featureBand = z.union([
  z.number().min(0),
  z
    .object({ warn: z.number().min(0).optional(), fail: z.number().min(0) })
    .strict()
    .describe('PSI bands of one feature.'),
])

const driftSection = z
  .object({
    ...modelKeys,
    reference: path.optional().describe('Reference (training) data (default: data.training).'),
    profile: path.optional().describe('Reference profile JSON, written when absent or stale.'),
    current: path.optional().describe('Current data (default: data.current, else data.holdout).'),
    features: names.optional().describe('Columns to check (default: all but label and exclude).'),
    exclude: names.optional().describe('Columns never checked.'),
    categorical: names.optional().describe('Numeric columns compared as categories.'),
    threshold: z
      .union([z.number().min(0), z.literal('auto')])
      .optional()
      .describe('PSI from which a feature fails (default 0.25), or auto.'),
    'warn-threshold': z.number().min(0).optional().describe('PSI from which a feature warns.'),
    'auto-quantile': z.number().gt(0.5).lt(1).optional(),
    'feature-thresholds': z
      .record(z.string(), featureBand)
      .optional()
      .describe(
        'Bands per feature: `income: 0.3` (fail) or `age: { warn: 0.05, fail: 0.2 }`; `prediction` is the model score.',
      ),
    'max-drift-share': z.number().min(0).max(1).optional(),
    'labelled-column': z.string().min(1).optional(),
    'labelled-when': z.enum(['auto', 'present', 'true']).optional(),
    top: z.number().int().min(0).optional(),
  })
  .strict()
  .describe(
    'The drift gate (inputs of actions/drift-check). `model: null` turns prediction drift off.',
  )

const schemaSection = z
  .object({
    schema: path.describe('Schema file, e.g. from `mlgate schema infer`.'),
    data: path.optional().describe('Data to check (default: data.current, else data.holdout).'),
    environment: z.string().min(1).optional(),
    model: path.nullable().optional().describe('Model whose inputs the schema must fit.'),
    columns: names.optional(),
    examples: z.number().int().min(0).max(100).optional(),
  })
  .strict()
  .describe('The schema gate (inputs of actions/validate-schema).')

const cardSection = z
  .object({
    model: path.optional().describe('The model the card describes (default: the top-level model).'),
    template: path.optional().describe("Markdown template with the team's own sections."),
    out: path.optional().describe('Directory the card is written to.'),
    name: z.string().min(1).optional().describe("The model's name, the card's title."),
    version: z.string().min(1).optional(),
    'version-date': z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    overview: z.string().min(1).optional(),
    license: z.string().min(1).optional().describe('SPDX license identifier or "proprietary".'),
    owners: z
      .array(z.string().min(1))
      .optional()
      .describe('Owners, each `name <contact>` or `name`.'),
    tags: z.array(z.string().min(1)).optional(),
    language: z.array(z.string().min(1)).optional(),
    references: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .describe("The model card (inputs of actions/model-card), built from the gates' results.")

/** A gate declared with no settings (`accuracy:` alone) is null in YAML: it runs on defaults. */
const declared = <S extends z.ZodType>(section: S) => section.nullable()

export const GATE_SECTIONS = {
  schema: schemaSection,
  accuracy: accuracySection,
  fairness: fairnessSection,
  drift: driftSection,
} as const
export type PolicyGate = keyof typeof GATE_SECTIONS
/** Sections an action reads: the gates', and the model card's. */
export type PolicySection = PolicyGate | 'card'

export const policySchema = z
  .object({
    version: z.literal(1).optional().describe('Format version of this file: 1.'),
    model: path.optional().describe('The candidate ONNX model.'),
    champion: path.optional().describe('The ONNX model in production, for change bounds.'),
    label: z.string().min(1).optional().describe('Column holding the true label.'),
    positive: label.optional().describe('Label value of the positive class.'),
    threshold: probability.optional().describe('Decision threshold on P(positive).'),
    columns: names.optional().describe('Feature order for models taking one [N, F] tensor.'),
    protected: names.optional().describe('Protected attributes for the fairness gate.'),
    data: z
      .object({
        training: path.optional().describe('Training data: the drift reference.'),
        holdout: path.optional().describe('Labelled holdout data: accuracy and fairness.'),
        current: path.optional().describe('Current data (serving traffic, a new batch).'),
      })
      .strict()
      .optional(),
    gates: z
      .object({
        schema: declared(schemaSection).optional(),
        accuracy: declared(accuracySection).optional(),
        fairness: declared(fairnessSection).optional(),
        drift: declared(driftSection).optional(),
      })
      .strict()
      .refine((g) => Object.keys(g).length > 0, 'declare at least one gate')
      .describe('The gates to run and their settings; `mlgate run` runs them in this order.'),
    card: cardSection.nullable().optional(),
    report: z
      .object({
        out: path.optional().describe('Directory for the reports. Default mlgate-report.'),
        title: z.string().min(1).optional().describe('Title of the combined report.'),
      })
      .strict()
      .optional(),
  })
  .strict()

export type Policy = z.infer<typeof policySchema>
