import * as z from 'zod'

/** Settings of the schema gate; the CLI flags and the action inputs land here. */
export const schemaConfigSchema = z.object({
  schema: z
    .string()
    .min(1)
    .describe('Schema file (YAML or JSON), e.g. from `mlgate schema infer`.'),
  data: z
    .string()
    .min(1)
    .describe('Data to check: CSV or Parquet (streamed, any size), or JSONL (read whole).'),
  environment: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Environment the data is for, e.g. serving: columns limited to other environments must be absent. Default: the schema's default_environment.",
    ),
  model: z
    .string()
    .min(1)
    .optional()
    .describe(
      "ONNX model the data feeds: the schema's columns and types are checked against its inputs.",
    ),
  columns: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Feature order of a model that takes one [N, F] tensor and does not name its columns.',
    ),
  examples: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(5)
    .describe('Example rows listed per broken rule.'),
})
export type SchemaConfig = z.infer<typeof schemaConfigSchema>
export type SchemaConfigInput = z.input<typeof schemaConfigSchema>
