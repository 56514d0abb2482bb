import type {
  AttributeProto,
  DimensionProto,
  NodeProto,
  TypeProto,
  ValueInfoProto,
} from './proto.ts'
import { AttributeType, DataType } from './proto.ts'

/** Small constructors for building graphs in code; every message gets an empty `unknown`. */

const utf8 = new TextEncoder()

export function node(
  opType: string,
  domain: string,
  input: string[],
  output: string[],
  attribute: AttributeProto[] = [],
): NodeProto {
  // The default domain is left unset, as onnx.helper.make_node leaves it.
  return {
    input,
    output,
    name: opType,
    opType,
    attribute,
    domain: domain === '' ? undefined : domain,
    unknown: [],
  }
}

const emptyAttribute = {
  floats: [],
  ints: [],
  strings: [],
  tensors: [],
  graphs: [],
  typeProtos: [],
  unknown: [],
} as const

export function intAttribute(name: string, value: number): AttributeProto {
  return { ...emptyAttribute, name, i: BigInt(value), type: AttributeType.INT }
}

export function intsAttribute(name: string, values: readonly number[]): AttributeProto {
  return { ...emptyAttribute, name, ints: values.map((v) => BigInt(v)), type: AttributeType.INTS }
}

export function floatsAttribute(name: string, values: readonly number[]): AttributeProto {
  return { ...emptyAttribute, name, floats: values, type: AttributeType.FLOATS }
}

export function stringAttribute(name: string, value: string): AttributeProto {
  return { ...emptyAttribute, name, s: utf8.encode(value), type: AttributeType.STRING }
}

export function stringsAttribute(name: string, values: readonly string[]): AttributeProto {
  return {
    ...emptyAttribute,
    name,
    strings: values.map((v) => utf8.encode(v)),
    type: AttributeType.STRINGS,
  }
}

/** A batch dimension left open, written as an empty Dimension the way skl2onnx writes `None`. */
export const openDim: DimensionProto = { unknown: [] }

export function dim(value: number): DimensionProto {
  return { dimValue: BigInt(value), unknown: [] }
}

export function tensorType(elemType: number, dims: DimensionProto[]): TypeProto {
  return {
    value: { kind: 'tensor', elemType, shape: { dim: dims, unknown: [] }, unknown: [] },
    unknown: [],
  }
}

/** seq(map(key, tensor(float))): the output type of ZipMap. */
export function zipMapType(keyType: number): TypeProto {
  const valueType: TypeProto = {
    value: { kind: 'tensor', elemType: DataType.FLOAT, unknown: [] },
    unknown: [],
  }
  const map: TypeProto = { value: { kind: 'map', keyType, valueType, unknown: [] }, unknown: [] }
  return { value: { kind: 'sequence', elemType: map, unknown: [] }, unknown: [] }
}

export function valueInfo(name: string, type: TypeProto): ValueInfoProto {
  return { name, type, unknown: [] }
}
