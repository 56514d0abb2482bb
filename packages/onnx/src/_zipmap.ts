import type { DimensionProto, GraphProto, ModelProto, NodeProto, ValueInfoProto } from './proto.ts'
import { DataType } from './proto.ts'
import { classLabels } from './_attributes.ts'

export type ZipMapRemoval = {
  /** The graph output the ZipMap produced (a sequence of maps). */
  readonly zipMapOutput: string
  /** The float [N, k] tensor that is now the graph output in its place. */
  readonly probabilities: string
  readonly classes: readonly (number | string)[] | null
}

/**
 * Drops every ZipMap node whose output is a graph output and nothing else reads, and makes the
 * ZipMap's input (the float [N, k] probability tensor) the graph output instead. ONNX Runtime
 * for Node cannot return ZipMap's sequence-of-maps output ("Non tensor type is temporarily not
 * supported"); the tensor carries the same numbers in class order.
 */
export function stripZipMap(model: ModelProto): { model: ModelProto; removed: ZipMapRemoval[] } {
  const graph = model.graph
  if (graph == null) return { model, removed: [] }
  const removed: ZipMapRemoval[] = []
  const dropped = new Set<NodeProto>()
  let outputs: ValueInfoProto[] = [...graph.output]
  let valueInfo: ValueInfoProto[] = [...graph.valueInfo]
  for (const node of graph.node) {
    if (node.opType !== 'ZipMap' || node.domain !== 'ai.onnx.ml') continue
    const out = node.output[0]
    const input = node.input[0]
    if (out == null || input == null || node.output.length !== 1) continue
    if (!outputs.some((o) => o.name === out)) continue
    if (graph.node.some((n) => n !== node && n.input.includes(out))) continue
    const declared = valueInfo.find((v) => v.name === input)
    const replacement = declared ?? probabilityValueInfo(input, graph, classLabels(node)?.length)
    valueInfo = valueInfo.filter((v) => v !== declared)
    const alreadyOutput = outputs.some((o) => o.name === input)
    outputs = outputs.flatMap((o) => (o.name !== out ? [o] : alreadyOutput ? [] : [replacement]))
    dropped.add(node)
    removed.push({ zipMapOutput: out, probabilities: input, classes: classLabels(node) })
  }
  if (removed.length === 0) return { model, removed }
  const newGraph: GraphProto = {
    ...graph,
    node: graph.node.filter((n) => !dropped.has(n)),
    output: outputs,
    valueInfo,
  }
  return { model: { ...model, graph: newGraph }, removed }
}

// --- internal ---

/** float [batch, k], the batch dimension copied from the first graph input. */
function probabilityValueInfo(
  name: string,
  graph: GraphProto,
  k: number | undefined,
): ValueInfoProto {
  const initializers = new Set(graph.initializer.map((t) => t.name))
  const first = graph.input.find((i) => !initializers.has(i.name))
  const firstValue = first?.type?.value
  const batch: DimensionProto = (firstValue?.kind === 'tensor'
    ? firstValue.shape?.dim[0]
    : undefined) ?? {
    unknown: [],
  }
  const classes: DimensionProto = k == null ? { unknown: [] } : { dimValue: BigInt(k), unknown: [] }
  return {
    name,
    type: {
      value: {
        kind: 'tensor',
        elemType: DataType.FLOAT,
        shape: { dim: [batch, classes], unknown: [] },
        unknown: [],
      },
      unknown: [],
    },
    unknown: [],
  }
}
