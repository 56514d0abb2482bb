import { encodeModel } from './codec.ts'
import { columnsEntry } from './_metadata.ts'
import type { NodeProto, ValueInfoProto } from './proto.ts'
import { DataType } from './proto.ts'
import {
  dim,
  floatsAttribute,
  intAttribute,
  intsAttribute,
  node,
  openDim,
  stringAttribute,
  tensorType,
  valueInfo,
  zipMapType,
} from './_graph.ts'

export type LinearClassifierOptions = {
  readonly featureCount: number
  /** Weights of the positive class (`classes[1]`), one per feature. */
  readonly coefficients: readonly number[]
  readonly intercept: number
  /** [negative, positive] integer labels. */
  readonly classes: readonly [number, number]
  /** End in a ZipMap (the converter's default); false outputs `label` and `probabilities` tensors. */
  readonly zipMap?: boolean
  /** Default `float_input`, the converter's name for a single float [N, F] input. */
  readonly inputName?: string
  /**
   * Table columns of the features, in order, stored in the model's metadata so scoring binds
   * them by name without a `columns` option.
   */
  readonly columns?: readonly string[]
}

/**
 * A binary logistic regression as skl2onnx writes LogisticRegression: LinearClassifier with the
 * weights as two rows [-w, w] and intercepts [-b, b] under LOGISTIC, a Normalizer (L1), then Cast
 * of the label and ZipMap of the probabilities (or plain tensor outputs with `zipMap: false`).
 * P(classes[1]) = 1 / (1 + exp(-(w·x + b))).
 */
export function linearClassifierModel(options: LinearClassifierOptions): Uint8Array {
  const { featureCount, coefficients, intercept, classes } = options
  if (!Number.isInteger(featureCount) || featureCount < 1) {
    throw new RangeError(`featureCount must be a whole number ≥ 1, got ${featureCount}`)
  }
  if (coefficients.length !== featureCount) {
    throw new RangeError(
      `coefficients has ${coefficients.length} values, featureCount is ${featureCount}`,
    )
  }
  if (!classes.every(Number.isInteger) || classes[0] === classes[1]) {
    throw new RangeError(`classes must be two different integers, got [${classes.join(', ')}]`)
  }
  const columns = options.columns
  if (
    columns != null &&
    (columns.length !== featureCount || new Set(columns).size !== columns.length)
  ) {
    throw new RangeError(
      `columns must name ${featureCount} different columns, got [${columns.join(', ')}]`,
    )
  }
  const zipMap = options.zipMap ?? true
  const inputName = options.inputName ?? 'float_input'
  const labels = [...classes]
  const nodes: NodeProto[] = [
    node(
      'LinearClassifier',
      'ai.onnx.ml',
      [inputName],
      ['label', 'probability_tensor'],
      [
        intsAttribute('classlabels_ints', labels),
        floatsAttribute('coefficients', [...coefficients.map((c) => -c), ...coefficients]),
        floatsAttribute('intercepts', [-intercept, intercept]),
        intAttribute('multi_class', 0),
        stringAttribute('post_transform', 'LOGISTIC'),
      ],
    ),
    node(
      'Normalizer',
      'ai.onnx.ml',
      ['probability_tensor'],
      ['probabilities'],
      [stringAttribute('norm', 'L1')],
    ),
  ]
  let outputs: ValueInfoProto[]
  if (zipMap) {
    nodes.push(
      node('Cast', '', ['label'], ['output_label'], [intAttribute('to', DataType.INT64)]),
      node(
        'ZipMap',
        'ai.onnx.ml',
        ['probabilities'],
        ['output_probability'],
        [intsAttribute('classlabels_int64s', labels)],
      ),
    )
    outputs = [
      valueInfo('output_label', tensorType(DataType.INT64, [openDim])),
      valueInfo('output_probability', zipMapType(DataType.INT64)),
    ]
  } else {
    outputs = [
      valueInfo('label', tensorType(DataType.INT64, [openDim])),
      valueInfo('probabilities', tensorType(DataType.FLOAT, [openDim, dim(2)])),
    ]
  }
  return encodeModel({
    // IR version 8 / opset 13 load in every ONNX Runtime since 1.10.
    irVersion: 8n,
    opsetImport: [
      { domain: '', version: 13n, unknown: [] },
      { domain: 'ai.onnx.ml', version: 1n, unknown: [] },
    ],
    producerName: 'mlgate',
    metadataProps: columns == null ? [] : [columnsEntry(columns)],
    graph: {
      name: 'logistic_regression',
      node: nodes,
      initializer: [],
      input: [valueInfo(inputName, tensorType(DataType.FLOAT, [openDim, dim(featureCount)]))],
      output: outputs,
      valueInfo: [],
      unknown: [],
    },
    unknown: [],
  })
}
