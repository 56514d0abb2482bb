import { fileURLToPath } from 'node:url'
import type { GateResult } from '@mlgate/gates'
import {
  accuracyConfigSchema,
  driftConfigSchema,
  fairnessConfigSchema,
  runAccuracyGate,
  runDriftGate,
  runFairnessGate,
} from '@mlgate/gates'

/** A file of the bundled fraud example (examples/fraud: see its generate.ts). */
export function example(name: string): string {
  return fileURLToPath(new URL(`../../../examples/fraud/${name}`, import.meta.url))
}

/**
 * The three gates run for real on the bundled example, as `mlgate demo` and the README do
 * (threshold 0.08, sensitive age_group and region), with few resamples to stay quick.
 */
export async function exampleResults(
  data = example('holdout.csv'),
  reference = example('train.csv'),
  sensitive: readonly string[] = ['age_group', 'region'],
): Promise<{ accuracy: GateResult; drift: GateResult; fairness: GateResult }> {
  const [accuracy, drift, fairness] = await Promise.all([
    runAccuracyGate(
      accuracyConfigSchema.parse({
        model: example('model.onnx'),
        champion: example('champion.onnx'),
        data,
        label: 'is_fraud',
        threshold: 0.08,
        resamples: 50,
        bounds: [
          { metric: 'roc_auc', op: '>=', value: 0.85 },
          { metric: 'recall', op: '>=', value: 0.6 },
          { metric: 'roc_auc', op: '>=', value: -0.01, kind: 'change' },
        ],
      }),
    ),
    runDriftGate(driftConfigSchema.parse({ reference, current: data })),
    runFairnessGate(
      fairnessConfigSchema.parse({
        model: example('model.onnx'),
        data,
        label: 'is_fraud',
        sensitive,
        threshold: 0.08,
        resamples: 50,
        bounds: [{ metric: 'demographic_parity_difference', op: '<=', value: 0.1 }],
      }),
    ),
  ])
  return { accuracy, drift, fairness }
}
