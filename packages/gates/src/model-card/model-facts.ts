import { stat } from 'node:fs/promises'
import type { ModelInfo, TensorInfo } from '@mlgate/onnx'
import { openModel } from '@mlgate/onnx'
import { fileSha256 } from '../drift/profile-file.ts'
import { ConfigError } from '../errors.ts'

/** What the card states about the model file, all measured from the file itself. */
export type ModelFacts = {
  readonly path: string
  readonly sha256: string
  readonly bytes: number
  readonly task: ModelInfo['task']
  readonly producer: string
  readonly opset: number
  readonly inputs: readonly TensorInfo[]
  readonly outputs: readonly TensorInfo[]
  readonly columns: readonly string[] | null
  readonly classes: readonly (number | string)[] | null
}

/** Hashes the model file and reads its graph (task, inputs, outputs, producer, opset). */
export async function modelFacts(path: string): Promise<ModelFacts> {
  const info = await stat(path).catch(() => undefined)
  if (info == null || !info.isFile()) {
    throw new ConfigError(
      `Model file ${path} does not exist. Check the path; it is read relative to ${process.cwd()}.`,
    )
  }
  const [sha256, model] = await Promise.all([fileSha256(path), openModel(path)])
  try {
    const m = model.info
    return {
      path,
      sha256,
      bytes: info.size,
      task: m.task,
      producer: m.producer,
      opset: m.opset,
      inputs: m.inputs,
      outputs: m.outputs,
      columns: m.columns,
      classes: m.classes,
    }
  } finally {
    await model.close()
  }
}

/** `amount float32 [N, 1], hour float32 [N, 1]` or `float_input float32 [N, 11] (amount, hour, …)`. */
export function describeInputs(facts: ModelFacts): string {
  const tensors = facts.inputs.map(describeTensor).join('; ')
  return facts.columns ? `${tensors}; columns in order: ${facts.columns.join(', ')}` : tensors
}

export function describeOutputs(facts: ModelFacts): string {
  const tensors = facts.outputs.map(describeTensor).join('; ')
  return facts.classes ? `${tensors}; classes: ${facts.classes.join(', ')}` : tensors
}

/** "ONNX binary classifier (skl2onnx 1.16.0, opset 13)". */
export function describeArchitecture(facts: ModelFacts): string {
  const task = {
    binary: 'binary classifier',
    multiclass: 'multiclass classifier',
    regression: 'regression model',
  }[facts.task]
  const made = [facts.producer.trim(), facts.opset > 0 ? `opset ${facts.opset}` : '']
    .filter((s) => s !== '')
    .join(', ')
  return `ONNX ${task}${made ? ` (${made})` : ''}`
}

// --- internal ---

function describeTensor(t: TensorInfo): string {
  const dims = t.shape.map((d) => (d == null ? '?' : String(d))).join(', ')
  return `${t.name} ${t.type} [${dims}]`
}
