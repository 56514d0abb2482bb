import { ModelError } from './errors.ts'
import type { GraphProto, ModelProto, NodeProto, TypeProto, ValueInfoProto } from './proto.ts'
import type { ElementType, ModelInfo, TensorInfo } from './types.ts'
import { classLabels } from './_attributes.ts'
import { declaredColumns } from './_metadata.ts'
import type { ZipMapRemoval } from './_zipmap.ts'

/** What the model tells about itself; `path`, `sha256` and `bytes` come from the file. */
export type GraphFacts = Omit<ModelInfo, 'path' | 'sha256' | 'bytes'>

/**
 * Reads inputs, outputs, task, classes and the label/probability outputs of a model whose
 * ZipMaps are already removed. Throws ModelError (message without the file name) when no
 * output can carry predictions.
 */
export function inspectGraph(model: ModelProto, removals: readonly ZipMapRemoval[]): GraphFacts {
  const graph = model.graph as GraphProto
  const initializers = new Set(graph.initializer.map((t) => t.name))
  const inputs = graph.input.filter((i) => !initializers.has(i.name)).map(tensorInfo)
  const outputs = graph.output.map(tensorInfo)
  const roles = findRoles(outputs)
  const columns = declaredColumns(model)
  const features = inputs.length === 1 ? inputs[0]?.shape[1] : undefined
  if (
    columns != null &&
    (inputs.length !== 1 || (typeof features === 'number' && features !== columns.length))
  ) {
    throw new ModelError(
      `names ${columns.length} feature columns in its metadata but takes ` +
        inputs.map((i) => `"${i.name}" (${describeTensor(i)})`).join(', ') +
        `; the names must match the features of a single [N, F] input`,
    )
  }
  const classes =
    roles.probabilityOutput == null && roles.labelOutput == null
      ? null
      : (removals.find((r) => r.probabilities === roles.probabilityOutput)?.classes ??
        classesUpstream(graph, roles.probabilityOutput) ??
        classesUpstream(graph, roles.labelOutput))
  return {
    inputs,
    outputs,
    task: taskOf(roles, classes, outputs),
    labelOutput: roles.labelOutput,
    probabilityOutput: roles.probabilityOutput,
    scoreOutput: roles.scoreOutput,
    columns,
    classes,
    removedZipMap: removals.length > 0,
    producer: [model.producerName, model.producerVersion]
      .filter((s) => s != null && s !== '')
      .join(' '),
    opset: defaultOpset(model),
    irVersion: Number(model.irVersion ?? 0n),
    fixedBatchSize: fixedBatch(inputs),
  }
}

export function describeTensor(t: TensorInfo): string {
  if (t.shape.length === 0) return t.type
  const dims = t.shape.map((d, i) => (d != null ? String(d) : i === 0 ? 'N' : '?'))
  return `${t.type} [${dims.join(', ')}]`
}

// --- internal ---

type Roles = {
  labelOutput: string | null
  probabilityOutput: string | null
  scoreOutput: string | null
}

/** Output names converters use: skl2onnx (`label`/`probabilities`, `output_label`/`output_probability`). */
const LABEL_NAMES = ['label', 'output_label']
const PROBABILITY_NAMES = [
  'probabilities',
  'output_probability',
  'probability',
  'probability_tensor',
]

const INTEGER_OR_STRING: readonly ElementType[] = ['int64', 'int32', 'string']
const REAL: readonly ElementType[] = ['float', 'double']

function findRoles(outputs: readonly TensorInfo[]): Roles {
  const labels = outputs.filter(
    (o) =>
      INTEGER_OR_STRING.includes(o.type) &&
      (o.shape.length === 1 || (o.shape.length === 2 && o.shape[1] === 1)),
  )
  // A probability matrix has one column per class; a single column is a regression score.
  const probabilities = outputs.filter(
    (o) => REAL.includes(o.type) && o.shape.length === 2 && o.shape[1] !== 1,
  )
  const labelOutput = pick(labels, LABEL_NAMES)
  const probabilityOutput = pick(probabilities, PROBABILITY_NAMES)
  if (labelOutput != null || probabilityOutput != null) {
    return { labelOutput, probabilityOutput, scoreOutput: null }
  }
  const reals = outputs.filter((o) => REAL.includes(o.type))
  if (reals.length === 1)
    return {
      labelOutput: null,
      probabilityOutput: null,
      scoreOutput: (reals[0] as TensorInfo).name,
    }
  const listed = outputs.map((o) => `"${o.name}" (${describeTensor(o)})`).join(', ')
  throw new ModelError(
    `has no output that holds predictions: expected an int64/string label tensor [N] with a float ` +
      `probability tensor [N, k] (a classifier) or a single float tensor (a regressor), found ${listed || 'no outputs'}`,
  )
}

/** The output named like a converter names it, else the only candidate, else the first. */
function pick(candidates: readonly TensorInfo[], names: readonly string[]): string | null {
  for (const name of names) if (candidates.some((c) => c.name === name)) return name
  return candidates[0]?.name ?? null
}

function taskOf(
  roles: Roles,
  classes: readonly (number | string)[] | null,
  outputs: readonly TensorInfo[],
): ModelInfo['task'] {
  if (roles.scoreOutput != null) return 'regression'
  if (classes != null) return classes.length === 2 ? 'binary' : 'multiclass'
  const k = outputs.find((o) => o.name === roles.probabilityOutput)?.shape[1]
  return k === 2 ? 'binary' : 'multiclass'
}

/**
 * Walks from an output back through the nodes that produce it (first input each step) to the
 * nearest node that declares class labels: the classifier behind Normalizer/Cast/Identity.
 */
function classesUpstream(graph: GraphProto, output: string | null): (number | string)[] | null {
  const producers = new Map<string, NodeProto>()
  for (const n of graph.node) for (const o of n.output) producers.set(o, n)
  let name = output
  // A bound on the walk: converter graphs put the classifier a few nodes from the output.
  for (let step = 0; step < 32 && name != null; step++) {
    const node = producers.get(name)
    if (node == null) return null
    const labels = classLabels(node)
    if (labels != null) return labels
    name = node.input[0] ?? null
  }
  return null
}

function defaultOpset(model: ModelProto): number {
  const o = model.opsetImport.find(
    (s) => s.domain == null || s.domain === '' || s.domain === 'ai.onnx',
  )
  return o?.version == null ? 0 : Number(o.version)
}

function fixedBatch(inputs: readonly TensorInfo[]): number | null {
  const first = inputs[0]?.shape[0]
  return typeof first === 'number' ? first : null
}

const ELEMENT_TYPES: readonly ElementType[] = [
  'unknown',
  'float',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'double',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
]

function tensorInfo(v: ValueInfoProto): TensorInfo {
  return { name: v.name ?? '', ...typeInfo(v.type) }
}

function typeInfo(t: TypeProto | undefined): Omit<TensorInfo, 'name'> {
  const value = t?.value
  if (value == null) return { type: 'unknown', shape: [] }
  if (value.kind !== 'tensor') return { type: value.kind, shape: [] }
  return {
    type: ELEMENT_TYPES[value.elemType ?? 0] ?? 'unknown',
    shape: (value.shape?.dim ?? []).map((d) =>
      d.dimValue != null
        ? Number(d.dimValue)
        : d.dimParam != null && d.dimParam !== ''
          ? d.dimParam
          : null,
    ),
  }
}
