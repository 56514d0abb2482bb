export type {
  ElementType,
  Latency,
  Model,
  ModelInfo,
  ModelOutputs,
  Predictions,
  ScoreOptions,
  ScoringRun,
  TensorInfo,
} from './types.ts'
export type {
  AttributeProto,
  DimensionProto,
  GraphProto,
  ModelProto,
  NodeProto,
  OperatorSetIdProto,
  StringStringEntryProto,
  TensorProto,
  TensorShapeProto,
  TypeProto,
  TypeValue,
  UnknownField,
  ValueInfoProto,
} from './proto.ts'
export type { LinearClassifierOptions } from './builders.ts'
export { AttributeType, DataType } from './proto.ts'
export { ModelError } from './errors.ts'
export { inspectModel, openModel } from './model.ts'
export { removeZipMap } from './zipmap.ts'
export { decodeModel, encodeModel } from './codec.ts'
export { linearClassifierModel } from './builders.ts'
export { treeEnsembleClassifierModel } from './builders-tree.ts'
export type { TreeEnsembleOptions, TreeNode } from './builders-tree.ts'
