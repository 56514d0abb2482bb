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
import type { UnknownCursor, Writer } from './_wire.ts'
import {
  WireType,
  createWriter,
  finishWriter,
  unknownCursor,
  writeBytesField,
  writeDouble,
  writeFloat,
  writeMessageField,
  writePacked,
  writeStringField,
  writeTag,
  writeUnknownBefore,
  writeUnknownRest,
  writeVarint32,
  writeVarint64,
} from './_wire.ts'

/**
 * Serializes a ModelProto. Fields go out in field-number order, as protobuf serializers write
 * them, with unknown fields merged in by number, so decoding and re-encoding a model written by
 * protobuf gives back the same bytes. Repeated numeric fields are packed exactly where onnx.proto
 * says `[packed = true]` (TensorProto data fields) and unpacked elsewhere (proto2 default).
 */
export function encodeModelProto(model: ModelProto): Uint8Array {
  const w = createWriter()
  modelProto(w, model)
  return finishWriter(w)
}

// --- internal ---

/** Writes one field through `write`, first flushing unknown fields numbered below it. */
type Fields = (field: number, present: boolean, write: () => void) => void

function fields(w: Writer, unknown: UnknownCursor): Fields {
  return (field, present, write) => {
    if (!present) return
    writeUnknownBefore(w, unknown, field)
    write()
  }
}

function int64Field(w: Writer, field: number, v: bigint): void {
  writeTag(w, field, WireType.varint)
  writeVarint64(w, v)
}

function int32Field(w: Writer, field: number, v: number): void {
  writeTag(w, field, WireType.varint)
  writeVarint32(w, v)
}

function modelProto(w: Writer, m: ModelProto): void {
  const u = unknownCursor(m.unknown)
  const at = fields(w, u)
  at(1, m.irVersion != null, () => int64Field(w, 1, m.irVersion as bigint))
  at(2, m.producerName != null, () => writeStringField(w, 2, m.producerName as string))
  at(3, m.producerVersion != null, () => writeStringField(w, 3, m.producerVersion as string))
  at(4, m.domain != null, () => writeStringField(w, 4, m.domain as string))
  at(5, m.modelVersion != null, () => int64Field(w, 5, m.modelVersion as bigint))
  at(6, m.docString != null, () => writeStringField(w, 6, m.docString as string))
  at(7, m.graph != null, () => writeMessageField(w, 7, (c) => graphProto(c, m.graph as GraphProto)))
  at(8, m.opsetImport.length > 0, () => {
    for (const o of m.opsetImport) writeMessageField(w, 8, (c) => operatorSetId(c, o))
  })
  at(14, m.metadataProps.length > 0, () => {
    for (const e of m.metadataProps) writeMessageField(w, 14, (c) => stringStringEntry(c, e))
  })
  writeUnknownRest(w, u)
}

function stringStringEntry(w: Writer, e: StringStringEntryProto): void {
  const u = unknownCursor(e.unknown)
  const at = fields(w, u)
  at(1, e.key != null, () => writeStringField(w, 1, e.key as string))
  at(2, e.value != null, () => writeStringField(w, 2, e.value as string))
  writeUnknownRest(w, u)
}

function operatorSetId(w: Writer, o: OperatorSetIdProto): void {
  const u = unknownCursor(o.unknown)
  const at = fields(w, u)
  at(1, o.domain != null, () => writeStringField(w, 1, o.domain as string))
  at(2, o.version != null, () => int64Field(w, 2, o.version as bigint))
  writeUnknownRest(w, u)
}

function graphProto(w: Writer, g: GraphProto): void {
  const u = unknownCursor(g.unknown)
  const at = fields(w, u)
  at(1, g.node.length > 0, () => {
    for (const n of g.node) writeMessageField(w, 1, (c) => nodeProto(c, n))
  })
  at(2, g.name != null, () => writeStringField(w, 2, g.name as string))
  at(5, g.initializer.length > 0, () => {
    for (const t of g.initializer) writeMessageField(w, 5, (c) => tensorProto(c, t))
  })
  at(10, g.docString != null, () => writeStringField(w, 10, g.docString as string))
  at(11, g.input.length > 0, () => {
    for (const v of g.input) writeMessageField(w, 11, (c) => valueInfoProto(c, v))
  })
  at(12, g.output.length > 0, () => {
    for (const v of g.output) writeMessageField(w, 12, (c) => valueInfoProto(c, v))
  })
  at(13, g.valueInfo.length > 0, () => {
    for (const v of g.valueInfo) writeMessageField(w, 13, (c) => valueInfoProto(c, v))
  })
  writeUnknownRest(w, u)
}

function nodeProto(w: Writer, n: NodeProto): void {
  const u = unknownCursor(n.unknown)
  const at = fields(w, u)
  at(1, n.input.length > 0, () => {
    for (const s of n.input) writeStringField(w, 1, s)
  })
  at(2, n.output.length > 0, () => {
    for (const s of n.output) writeStringField(w, 2, s)
  })
  at(3, n.name != null, () => writeStringField(w, 3, n.name as string))
  at(4, n.opType != null, () => writeStringField(w, 4, n.opType as string))
  at(5, n.attribute.length > 0, () => {
    for (const a of n.attribute) writeMessageField(w, 5, (c) => attributeProto(c, a))
  })
  at(6, n.docString != null, () => writeStringField(w, 6, n.docString as string))
  at(7, n.domain != null, () => writeStringField(w, 7, n.domain as string))
  writeUnknownRest(w, u)
}

function attributeProto(w: Writer, a: AttributeProto): void {
  const u = unknownCursor(a.unknown)
  const at = fields(w, u)
  at(1, a.name != null, () => writeStringField(w, 1, a.name as string))
  at(2, a.f != null, () => {
    writeTag(w, 2, WireType.fixed32)
    writeFloat(w, a.f as number)
  })
  at(3, a.i != null, () => int64Field(w, 3, a.i as bigint))
  at(4, a.s != null, () => writeBytesField(w, 4, a.s as Uint8Array))
  at(5, a.t != null, () => writeMessageField(w, 5, (c) => tensorProto(c, a.t as TensorProto)))
  at(6, a.g != null, () => writeMessageField(w, 6, (c) => graphProto(c, a.g as GraphProto)))
  at(7, a.floats.length > 0, () => {
    for (const f of a.floats) {
      writeTag(w, 7, WireType.fixed32)
      writeFloat(w, f)
    }
  })
  at(8, a.ints.length > 0, () => {
    for (const i of a.ints) int64Field(w, 8, i)
  })
  at(9, a.strings.length > 0, () => {
    for (const s of a.strings) writeBytesField(w, 9, s)
  })
  at(10, a.tensors.length > 0, () => {
    for (const t of a.tensors) writeMessageField(w, 10, (c) => tensorProto(c, t))
  })
  at(11, a.graphs.length > 0, () => {
    for (const g of a.graphs) writeMessageField(w, 11, (c) => graphProto(c, g))
  })
  at(13, a.docString != null, () => writeStringField(w, 13, a.docString as string))
  at(14, a.tp != null, () => writeMessageField(w, 14, (c) => typeProto(c, a.tp as TypeProto)))
  at(15, a.typeProtos.length > 0, () => {
    for (const t of a.typeProtos) writeMessageField(w, 15, (c) => typeProto(c, t))
  })
  at(20, a.type != null, () => int32Field(w, 20, a.type as number))
  at(21, a.refAttrName != null, () => writeStringField(w, 21, a.refAttrName as string))
  writeUnknownRest(w, u)
}

function valueInfoProto(w: Writer, v: ValueInfoProto): void {
  const u = unknownCursor(v.unknown)
  const at = fields(w, u)
  at(1, v.name != null, () => writeStringField(w, 1, v.name as string))
  at(2, v.type != null, () => writeMessageField(w, 2, (c) => typeProto(c, v.type as TypeProto)))
  at(3, v.docString != null, () => writeStringField(w, 3, v.docString as string))
  writeUnknownRest(w, u)
}

const typeFieldOf = { tensor: 1, sequence: 4, map: 5, optional: 9 } as const

function typeProto(w: Writer, t: TypeProto): void {
  const u = unknownCursor(t.unknown)
  const at = fields(w, u)
  const value = t.value
  const valueField = value == null ? 0 : typeFieldOf[value.kind]
  // The oneof value and the denotation (6) interleave by field number.
  if (value != null && valueField < 6) {
    at(valueField, true, () => writeMessageField(w, valueField, (c) => typeValue(c, value)))
  }
  at(6, t.denotation != null, () => writeStringField(w, 6, t.denotation as string))
  if (value != null && valueField > 6) {
    at(valueField, true, () => writeMessageField(w, valueField, (c) => typeValue(c, value)))
  }
  writeUnknownRest(w, u)
}

function typeValue(w: Writer, v: TypeValue): void {
  const u = unknownCursor(v.unknown)
  const at = fields(w, u)
  switch (v.kind) {
    case 'tensor':
      at(1, v.elemType != null, () => int32Field(w, 1, v.elemType as number))
      at(2, v.shape != null, () =>
        writeMessageField(w, 2, (c) => tensorShape(c, v.shape as TensorShapeProto)),
      )
      break
    case 'sequence':
    case 'optional':
      at(1, v.elemType != null, () =>
        writeMessageField(w, 1, (c) => typeProto(c, v.elemType as TypeProto)),
      )
      break
    case 'map':
      at(1, v.keyType != null, () => int32Field(w, 1, v.keyType as number))
      at(2, v.valueType != null, () =>
        writeMessageField(w, 2, (c) => typeProto(c, v.valueType as TypeProto)),
      )
      break
  }
  writeUnknownRest(w, u)
}

function tensorShape(w: Writer, s: TensorShapeProto): void {
  const u = unknownCursor(s.unknown)
  const at = fields(w, u)
  at(1, s.dim.length > 0, () => {
    for (const d of s.dim) writeMessageField(w, 1, (c) => dimension(c, d))
  })
  writeUnknownRest(w, u)
}

function dimension(w: Writer, d: DimensionProto): void {
  const u = unknownCursor(d.unknown)
  const at = fields(w, u)
  at(1, d.dimValue != null, () => int64Field(w, 1, d.dimValue as bigint))
  at(2, d.dimParam != null, () => writeStringField(w, 2, d.dimParam as string))
  at(3, d.denotation != null, () => writeStringField(w, 3, d.denotation as string))
  writeUnknownRest(w, u)
}

function tensorProto(w: Writer, t: TensorProto): void {
  const u = unknownCursor(t.unknown)
  const at = fields(w, u)
  at(1, t.dims.length > 0, () => {
    for (const d of t.dims) int64Field(w, 1, d)
  })
  at(2, t.dataType != null, () => int32Field(w, 2, t.dataType as number))
  at(4, t.floatData.length > 0, () => writePacked(w, 4, t.floatData, writeFloat))
  at(5, t.int32Data.length > 0, () => writePacked(w, 5, t.int32Data, writeVarint32))
  at(6, t.stringData.length > 0, () => {
    for (const s of t.stringData) writeBytesField(w, 6, s)
  })
  at(7, t.int64Data.length > 0, () => writePacked(w, 7, t.int64Data, writeVarint64))
  at(8, t.name != null, () => writeStringField(w, 8, t.name as string))
  at(9, t.rawData != null, () => writeBytesField(w, 9, t.rawData as Uint8Array))
  at(10, t.doubleData.length > 0, () => writePacked(w, 10, t.doubleData, writeDouble))
  at(11, t.uint64Data.length > 0, () => writePacked(w, 11, t.uint64Data, writeVarint64))
  at(12, t.docString != null, () => writeStringField(w, 12, t.docString as string))
  at(14, t.dataLocation != null, () => int32Field(w, 14, t.dataLocation as number))
  writeUnknownRest(w, u)
}
