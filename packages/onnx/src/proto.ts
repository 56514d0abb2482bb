/**
 * The ONNX messages this package reads and writes, field for field after onnx/onnx.proto
 * (proto2, IR version 10). Optional scalars are `undefined` when absent, so presence survives a
 * round trip; int64 fields are `bigint`. Fields not modelled here (training info, functions,
 * sparse tensors, metadata below the model, …) are kept as raw bytes in `unknown` and written back
 * unchanged.
 */
import type { UnknownField } from './_wire.ts'

export type { UnknownField }

export type ModelProto = {
  readonly irVersion?: bigint
  readonly opsetImport: readonly OperatorSetIdProto[]
  readonly producerName?: string
  readonly producerVersion?: string
  readonly domain?: string
  readonly modelVersion?: bigint
  readonly docString?: string
  readonly graph?: GraphProto
  readonly metadataProps: readonly StringStringEntryProto[]
  readonly unknown: readonly UnknownField[]
}

export type StringStringEntryProto = {
  readonly key?: string
  readonly value?: string
  readonly unknown: readonly UnknownField[]
}

export type OperatorSetIdProto = {
  readonly domain?: string
  readonly version?: bigint
  readonly unknown: readonly UnknownField[]
}

export type GraphProto = {
  readonly node: readonly NodeProto[]
  readonly name?: string
  readonly initializer: readonly TensorProto[]
  readonly docString?: string
  readonly input: readonly ValueInfoProto[]
  readonly output: readonly ValueInfoProto[]
  readonly valueInfo: readonly ValueInfoProto[]
  readonly unknown: readonly UnknownField[]
}

export type NodeProto = {
  readonly input: readonly string[]
  readonly output: readonly string[]
  readonly name?: string
  readonly opType?: string
  readonly attribute: readonly AttributeProto[]
  readonly docString?: string
  readonly domain?: string
  readonly unknown: readonly UnknownField[]
}

export type AttributeProto = {
  readonly name?: string
  readonly f?: number
  readonly i?: bigint
  readonly s?: Uint8Array
  readonly t?: TensorProto
  readonly g?: GraphProto
  readonly floats: readonly number[]
  readonly ints: readonly bigint[]
  readonly strings: readonly Uint8Array[]
  readonly tensors: readonly TensorProto[]
  readonly graphs: readonly GraphProto[]
  readonly docString?: string
  readonly tp?: TypeProto
  readonly typeProtos: readonly TypeProto[]
  readonly type?: number
  readonly refAttrName?: string
  readonly unknown: readonly UnknownField[]
}

export type ValueInfoProto = {
  readonly name?: string
  readonly type?: TypeProto
  readonly docString?: string
  readonly unknown: readonly UnknownField[]
}

/** `value` is the proto's oneof; `unknown` also holds sparse/opaque variants. */
export type TypeProto = {
  readonly value?: TypeValue
  readonly denotation?: string
  readonly unknown: readonly UnknownField[]
}

export type TypeValue =
  | {
      readonly kind: 'tensor'
      readonly elemType?: number
      readonly shape?: TensorShapeProto
      readonly unknown: readonly UnknownField[]
    }
  | {
      readonly kind: 'sequence'
      readonly elemType?: TypeProto
      readonly unknown: readonly UnknownField[]
    }
  | {
      readonly kind: 'map'
      readonly keyType?: number
      readonly valueType?: TypeProto
      readonly unknown: readonly UnknownField[]
    }
  | {
      readonly kind: 'optional'
      readonly elemType?: TypeProto
      readonly unknown: readonly UnknownField[]
    }

export type TensorShapeProto = {
  readonly dim: readonly DimensionProto[]
  readonly unknown: readonly UnknownField[]
}

export type DimensionProto = {
  readonly dimValue?: bigint
  readonly dimParam?: string
  readonly denotation?: string
  readonly unknown: readonly UnknownField[]
}

export type TensorProto = {
  readonly dims: readonly bigint[]
  readonly dataType?: number
  readonly floatData: readonly number[]
  readonly int32Data: readonly number[]
  readonly stringData: readonly Uint8Array[]
  readonly int64Data: readonly bigint[]
  readonly name?: string
  readonly rawData?: Uint8Array
  readonly doubleData: readonly number[]
  readonly uint64Data: readonly bigint[]
  readonly docString?: string
  readonly dataLocation?: number
  readonly unknown: readonly UnknownField[]
}

/** TensorProto.DataType (onnx.proto). */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
  UINT4: 21,
  INT4: 22,
  FLOAT4E2M1: 23,
} as const

/** AttributeProto.AttributeType (onnx.proto). */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const
