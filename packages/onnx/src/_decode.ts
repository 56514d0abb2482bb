import type {
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
  ValueInfoProto,
} from './proto.ts'
import type { Reader, UnknownField } from './_wire.ts'
import {
  WireError,
  WireType,
  createReader,
  readBytes,
  readDouble,
  readFloat,
  readMessage,
  readRepeated,
  readString,
  readUnknown,
  readVarint32,
  readVarint64,
} from './_wire.ts'

/** Decodes a serialized ModelProto; throws WireError on malformed bytes. */
export function decodeModelProto(bytes: Uint8Array): ModelProto {
  return modelProto(createReader(bytes))
}

// --- internal ---

const V = WireType.varint
const L = WireType.lengthDelimited
const F32 = WireType.fixed32

/**
 * Walks the fields of one message. `take` reads the value and returns true when it knows the
 * field with that wire type; anything else is kept verbatim in `unknown` (a known field with an
 * unexpected wire type is unknown to protobuf parsers too).
 */
function eachField(
  r: Reader,
  unknown: UnknownField[],
  take: (field: number, wireType: number) => boolean,
): void {
  while (r.pos < r.end) {
    const tagStart = r.pos
    const tag = readVarint32(r)
    const field = tag >>> 3
    const wireType = tag & 7
    if (field === 0) throw new WireError(`field number 0 at byte ${tagStart}`)
    if (!take(field, wireType)) unknown.push(readUnknown(r, tagStart, field, wireType))
  }
}

function modelProto(r: Reader): ModelProto {
  const unknown: UnknownField[] = []
  const opsetImport: OperatorSetIdProto[] = []
  let irVersion: bigint | undefined
  let producerName: string | undefined
  let producerVersion: string | undefined
  let domain: string | undefined
  let modelVersion: bigint | undefined
  let docString: string | undefined
  let graph: GraphProto | undefined
  const metadataProps: StringStringEntryProto[] = []
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === V) irVersion = readVarint64(r)
    else if (field === 2 && wt === L) producerName = readString(r)
    else if (field === 3 && wt === L) producerVersion = readString(r)
    else if (field === 4 && wt === L) domain = readString(r)
    else if (field === 5 && wt === V) modelVersion = readVarint64(r)
    else if (field === 6 && wt === L) docString = readString(r)
    else if (field === 7 && wt === L) graph = graphProto(readMessage(r))
    else if (field === 8 && wt === L) opsetImport.push(operatorSetId(readMessage(r)))
    else if (field === 14 && wt === L) metadataProps.push(stringStringEntry(readMessage(r)))
    else return false
    return true
  })
  return {
    irVersion,
    opsetImport,
    producerName,
    producerVersion,
    domain,
    modelVersion,
    docString,
    graph,
    metadataProps,
    unknown,
  }
}

function stringStringEntry(r: Reader): StringStringEntryProto {
  const unknown: UnknownField[] = []
  let key: string | undefined
  let value: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === L) key = readString(r)
    else if (field === 2 && wt === L) value = readString(r)
    else return false
    return true
  })
  return { key, value, unknown }
}

function operatorSetId(r: Reader): OperatorSetIdProto {
  const unknown: UnknownField[] = []
  let domain: string | undefined
  let version: bigint | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === L) domain = readString(r)
    else if (field === 2 && wt === V) version = readVarint64(r)
    else return false
    return true
  })
  return { domain, version, unknown }
}

function graphProto(r: Reader): GraphProto {
  const unknown: UnknownField[] = []
  const node: NodeProto[] = []
  const initializer: TensorProto[] = []
  const input: ValueInfoProto[] = []
  const output: ValueInfoProto[] = []
  const valueInfo: ValueInfoProto[] = []
  let name: string | undefined
  let docString: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (wt !== L) return false
    if (field === 1) node.push(nodeProto(readMessage(r)))
    else if (field === 2) name = readString(r)
    else if (field === 5) initializer.push(tensorProto(readMessage(r)))
    else if (field === 10) docString = readString(r)
    else if (field === 11) input.push(valueInfoProto(readMessage(r)))
    else if (field === 12) output.push(valueInfoProto(readMessage(r)))
    else if (field === 13) valueInfo.push(valueInfoProto(readMessage(r)))
    else return false
    return true
  })
  return { node, name, initializer, docString, input, output, valueInfo, unknown }
}

function nodeProto(r: Reader): NodeProto {
  const unknown: UnknownField[] = []
  const input: string[] = []
  const output: string[] = []
  const attribute: AttributeProto[] = []
  let name: string | undefined
  let opType: string | undefined
  let docString: string | undefined
  let domain: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (wt !== L) return false
    if (field === 1) input.push(readString(r))
    else if (field === 2) output.push(readString(r))
    else if (field === 3) name = readString(r)
    else if (field === 4) opType = readString(r)
    else if (field === 5) attribute.push(attributeProto(readMessage(r)))
    else if (field === 6) docString = readString(r)
    else if (field === 7) domain = readString(r)
    else return false
    return true
  })
  return { input, output, name, opType, attribute, docString, domain, unknown }
}

function attributeProto(r: Reader): AttributeProto {
  const unknown: UnknownField[] = []
  const floats: number[] = []
  const ints: bigint[] = []
  const strings: Uint8Array[] = []
  const tensors: TensorProto[] = []
  const graphs: GraphProto[] = []
  const typeProtos: TypeProto[] = []
  let name: string | undefined
  let f: number | undefined
  let i: bigint | undefined
  let s: Uint8Array | undefined
  let t: TensorProto | undefined
  let g: GraphProto | undefined
  let docString: string | undefined
  let tp: TypeProto | undefined
  let type: number | undefined
  let refAttrName: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === L) name = readString(r)
    else if (field === 2 && wt === F32) f = readFloat(r)
    else if (field === 3 && wt === V) i = readVarint64(r)
    else if (field === 4 && wt === L) s = readBytes(r)
    else if (field === 5 && wt === L) t = tensorProto(readMessage(r))
    else if (field === 6 && wt === L) g = graphProto(readMessage(r))
    else if (field === 7 && (wt === F32 || wt === L)) readRepeated(r, wt, floats, readFloat)
    else if (field === 8 && (wt === V || wt === L)) readRepeated(r, wt, ints, readVarint64)
    else if (field === 9 && wt === L) strings.push(readBytes(r))
    else if (field === 10 && wt === L) tensors.push(tensorProto(readMessage(r)))
    else if (field === 11 && wt === L) graphs.push(graphProto(readMessage(r)))
    else if (field === 13 && wt === L) docString = readString(r)
    else if (field === 14 && wt === L) tp = typeProto(readMessage(r))
    else if (field === 15 && wt === L) typeProtos.push(typeProto(readMessage(r)))
    else if (field === 20 && wt === V) type = readVarint32(r)
    else if (field === 21 && wt === L) refAttrName = readString(r)
    else return false
    return true
  })
  return {
    name,
    f,
    i,
    s,
    t,
    g,
    floats,
    ints,
    strings,
    tensors,
    graphs,
    docString,
    tp,
    typeProtos,
    type,
    refAttrName,
    unknown,
  }
}

function valueInfoProto(r: Reader): ValueInfoProto {
  const unknown: UnknownField[] = []
  let name: string | undefined
  let type: TypeProto | undefined
  let docString: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (wt !== L) return false
    if (field === 1) name = readString(r)
    else if (field === 2) type = typeProto(readMessage(r))
    else if (field === 3) docString = readString(r)
    else return false
    return true
  })
  return { name, type, docString, unknown }
}

function typeProto(r: Reader): TypeProto {
  const unknown: UnknownField[] = []
  let value: TypeValue | undefined
  let denotation: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (wt !== L) return false
    if (field === 1) value = tensorType(readMessage(r))
    else if (field === 4) value = sequenceType(readMessage(r))
    else if (field === 5) value = mapType(readMessage(r))
    else if (field === 6) denotation = readString(r)
    else if (field === 9) value = optionalType(readMessage(r))
    else return false
    return true
  })
  return { value, denotation, unknown }
}

function tensorType(r: Reader): TypeValue {
  const unknown: UnknownField[] = []
  let elemType: number | undefined
  let shape: TensorShapeProto | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === V) elemType = readVarint32(r)
    else if (field === 2 && wt === L) shape = tensorShape(readMessage(r))
    else return false
    return true
  })
  return { kind: 'tensor', elemType, shape, unknown }
}

function sequenceType(r: Reader): TypeValue {
  const unknown: UnknownField[] = []
  let elemType: TypeProto | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === L) elemType = typeProto(readMessage(r))
    else return false
    return true
  })
  return { kind: 'sequence', elemType, unknown }
}

function optionalType(r: Reader): TypeValue {
  const unknown: UnknownField[] = []
  let elemType: TypeProto | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === L) elemType = typeProto(readMessage(r))
    else return false
    return true
  })
  return { kind: 'optional', elemType, unknown }
}

function mapType(r: Reader): TypeValue {
  const unknown: UnknownField[] = []
  let keyType: number | undefined
  let valueType: TypeProto | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === V) keyType = readVarint32(r)
    else if (field === 2 && wt === L) valueType = typeProto(readMessage(r))
    else return false
    return true
  })
  return { kind: 'map', keyType, valueType, unknown }
}

function tensorShape(r: Reader): TensorShapeProto {
  const unknown: UnknownField[] = []
  const dim: DimensionProto[] = []
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === L) dim.push(dimension(readMessage(r)))
    else return false
    return true
  })
  return { dim, unknown }
}

function dimension(r: Reader): DimensionProto {
  const unknown: UnknownField[] = []
  let dimValue: bigint | undefined
  let dimParam: string | undefined
  let denotation: string | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && wt === V) dimValue = readVarint64(r)
    else if (field === 2 && wt === L) dimParam = readString(r)
    else if (field === 3 && wt === L) denotation = readString(r)
    else return false
    return true
  })
  return { dimValue, dimParam, denotation, unknown }
}

function tensorProto(r: Reader): TensorProto {
  const unknown: UnknownField[] = []
  const dims: bigint[] = []
  const floatData: number[] = []
  const int32Data: number[] = []
  const stringData: Uint8Array[] = []
  const int64Data: bigint[] = []
  const doubleData: number[] = []
  const uint64Data: bigint[] = []
  let dataType: number | undefined
  let name: string | undefined
  let rawData: Uint8Array | undefined
  let docString: string | undefined
  let dataLocation: number | undefined
  eachField(r, unknown, (field, wt) => {
    if (field === 1 && (wt === V || wt === L)) readRepeated(r, wt, dims, readVarint64)
    else if (field === 2 && wt === V) dataType = readVarint32(r)
    else if (field === 4 && (wt === F32 || wt === L)) readRepeated(r, wt, floatData, readFloat)
    else if (field === 5 && (wt === V || wt === L)) readRepeated(r, wt, int32Data, readVarint32)
    else if (field === 6 && wt === L) stringData.push(readBytes(r))
    else if (field === 7 && (wt === V || wt === L)) readRepeated(r, wt, int64Data, readVarint64)
    else if (field === 8 && wt === L) name = readString(r)
    else if (field === 9 && wt === L) rawData = readBytes(r)
    else if (field === 10 && (wt === WireType.fixed64 || wt === L))
      readRepeated(r, wt, doubleData, readDouble)
    else if (field === 11 && (wt === V || wt === L)) readRepeated(r, wt, uint64Data, readUint64)
    else if (field === 12 && wt === L) docString = readString(r)
    else if (field === 14 && wt === V) dataLocation = readVarint32(r)
    else return false
    return true
  })
  return {
    dims,
    dataType,
    floatData,
    int32Data,
    stringData,
    int64Data,
    name,
    rawData,
    doubleData,
    uint64Data,
    docString,
    dataLocation,
    unknown,
  }
}

function readUint64(r: Reader): bigint {
  return BigInt.asUintN(64, readVarint64(r))
}
