import { readSchemaFile, validateFile } from '@mlgate/data'
import { openModel } from '@mlgate/onnx'
import type { GateResult } from '../result.ts'
import type { SchemaConfig } from './config.ts'
import { evaluateSchema } from './evaluate.ts'
import { checkModelInputs } from './model-inputs.ts'

/**
 * Read the schema, stream the data through it and, when a model is given, check that the schema's
 * columns fit the model's inputs; then judge.
 */
export async function runSchemaGate(config: SchemaConfig): Promise<GateResult> {
  const parsed = await readSchemaFile(config.schema)
  const report = await validateFile(parsed, config.data, {
    examples: config.examples,
    ...(config.environment != null ? { environment: config.environment } : {}),
  })
  if (config.model != null) {
    const model = await openModel(config.model)
    try {
      const fit = checkModelInputs(parsed, model.info, report.environment, config.columns)
      return evaluateSchema(report, {
        model: { ...fit, path: config.model, sha256: model.info.sha256 },
      })
    } finally {
      await model.close()
    }
  }
  return evaluateSchema(report)
}
