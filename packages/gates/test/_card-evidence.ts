import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GateResult } from '../src/index.ts'
import {
  accuracyConfigSchema,
  driftConfigSchema,
  fairnessConfigSchema,
  inferSchemaText,
  runAccuracyGate,
  runDriftGate,
  runFairnessGate,
  runSchemaGate,
  schemaConfigSchema,
} from '../src/index.ts'

/** The bundled example, relative to the repository root (the tests' working directory). */
export const FRAUD = {
  model: 'examples/fraud/model.onnx',
  champion: 'examples/fraud/champion.onnx',
  train: 'examples/fraud/train.csv',
  holdout: 'examples/fraud/holdout.csv',
} as const

/**
 * Real results of the four gates on examples/fraud, with the bounds `mlgate demo` passes and few
 * resamples for speed. The schema is inferred from the training data into `dir`.
 */
export async function fraudEvidence(dir: string): Promise<{
  accuracy: GateResult
  fairness: GateResult
  drift: GateResult
  schema: GateResult
}> {
  const accuracy = await runAccuracyGate(
    accuracyConfigSchema.parse({
      model: FRAUD.model,
      champion: FRAUD.champion,
      data: FRAUD.holdout,
      label: 'is_fraud',
      threshold: 0.08,
      bounds: [
        { metric: 'roc_auc', op: '>=', value: 0.85 },
        { metric: 'recall', op: '>=', value: 0.6 },
        { metric: 'log_loss', op: '<=', value: 0.15 },
        { metric: 'roc_auc', op: '>=', value: -0.01, kind: 'change' },
      ],
      resamples: 60,
    }),
  )
  const fairness = await runFairnessGate(
    fairnessConfigSchema.parse({
      model: FRAUD.model,
      data: FRAUD.holdout,
      label: 'is_fraud',
      sensitive: ['age_group', 'region'],
      threshold: 0.08,
      bounds: [{ metric: 'demographic_parity_difference', op: '<=', value: 0.1 }],
      resamples: 60,
    }),
  )
  const drift = await runDriftGate(
    driftConfigSchema.parse({ reference: FRAUD.train, current: FRAUD.holdout, label: 'is_fraud' }),
  )
  const schemaFile = join(dir, 'fraud.schema.yml')
  writeFileSync(schemaFile, (await inferSchemaText(FRAUD.train, { label: 'is_fraud' })).text)
  const schema = await runSchemaGate(
    schemaConfigSchema.parse({ schema: schemaFile, data: FRAUD.holdout }),
  )
  return { accuracy, fairness, drift, schema }
}
