import { encodeModel } from './codec.ts'
import { columnsEntry } from './_metadata.ts'
import { DataType } from './proto.ts'
import {
  dim,
  floatsAttribute,
  intsAttribute,
  node,
  openDim,
  stringAttribute,
  stringsAttribute,
  tensorType,
  valueInfo,
} from './_graph.ts'

/** A binary decision tree: a split sends `x[feature] <= threshold` left. */
export type TreeNode =
  | {
      readonly feature: number
      readonly threshold: number
      readonly left: TreeNode
      readonly right: TreeNode
    }
  | { readonly probability: number }

export type TreeEnsembleOptions = {
  readonly featureCount: number
  readonly trees: readonly TreeNode[]
  /** [negative, positive] integer labels. */
  readonly classes: readonly [number, number]
  readonly columns?: readonly string[]
  readonly inputName?: string
}

/**
 * A random-forest style binary classifier as one TreeEnsembleClassifier node (ai.onnx.ml v1):
 * each leaf votes P(positive)/T for the positive class only, so the positive probability is the
 * mean leaf probability over the T trees, as scikit-learn's forest averages them, and ONNX
 * Runtime's binary path fills in 1 − P and labels rows by P > 0.5. (Weights for both classes take
 * a path that labels every row with a positive score as positive.) Splits are BRANCH_LEQ:
 * scikit-learn's `x <= threshold` goes left.
 */
export function treeEnsembleClassifierModel(options: TreeEnsembleOptions): Uint8Array {
  const { featureCount, trees, classes } = options
  if (trees.length === 0) throw new RangeError('a tree ensemble needs at least one tree')
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
  }
  const leaves = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    classIds: [] as number[],
    weights: [] as number[],
  }
  trees.forEach((tree, t) => {
    let next = 0
    // Depth-first numbering: a node's id is fixed before its children are visited.
    const visit = (n: TreeNode): number => {
      const id = next++
      const at = nodes.nodeIds.length
      nodes.treeIds.push(t)
      nodes.nodeIds.push(id)
      if ('probability' in n) {
        nodes.featureIds.push(0)
        nodes.modes.push('LEAF')
        nodes.values.push(0)
        nodes.trueIds.push(0)
        nodes.falseIds.push(0)
        leaves.treeIds.push(t)
        leaves.nodeIds.push(id)
        leaves.classIds.push(1)
        leaves.weights.push(n.probability / trees.length)
        return id
      }
      if (n.feature < 0 || n.feature >= featureCount) {
        throw new RangeError(
          `tree ${t} splits on feature ${n.feature}; the model has ${featureCount}`,
        )
      }
      nodes.featureIds.push(n.feature)
      nodes.modes.push('BRANCH_LEQ')
      nodes.values.push(n.threshold)
      nodes.trueIds.push(0)
      nodes.falseIds.push(0)
      nodes.trueIds[at] = visit(n.left)
      nodes.falseIds[at] = visit(n.right)
      return id
    }
    visit(tree)
  })
  const inputName = options.inputName ?? 'float_input'
  return encodeModel({
    irVersion: 8n,
    opsetImport: [
      { domain: '', version: 13n, unknown: [] },
      { domain: 'ai.onnx.ml', version: 1n, unknown: [] },
    ],
    producerName: 'mlgate',
    metadataProps: options.columns == null ? [] : [columnsEntry(options.columns)],
    graph: {
      name: 'tree_ensemble',
      node: [
        node(
          'TreeEnsembleClassifier',
          'ai.onnx.ml',
          [inputName],
          ['label', 'probabilities'],
          [
            intsAttribute('classlabels_int64s', [...classes]),
            intsAttribute('nodes_treeids', nodes.treeIds),
            intsAttribute('nodes_nodeids', nodes.nodeIds),
            intsAttribute('nodes_featureids', nodes.featureIds),
            stringsAttribute('nodes_modes', nodes.modes),
            floatsAttribute('nodes_values', nodes.values),
            intsAttribute('nodes_truenodeids', nodes.trueIds),
            intsAttribute('nodes_falsenodeids', nodes.falseIds),
            intsAttribute('class_treeids', leaves.treeIds),
            intsAttribute('class_nodeids', leaves.nodeIds),
            intsAttribute('class_ids', leaves.classIds),
            floatsAttribute('class_weights', leaves.weights),
            stringAttribute('post_transform', 'NONE'),
          ],
        ),
      ],
      initializer: [],
      input: [valueInfo(inputName, tensorType(DataType.FLOAT, [openDim, dim(featureCount)]))],
      output: [
        valueInfo('label', tensorType(DataType.INT64, [openDim])),
        valueInfo('probabilities', tensorType(DataType.FLOAT, [openDim, dim(2)])),
      ],
      valueInfo: [],
      unknown: [],
    },
    unknown: [],
  })
}
