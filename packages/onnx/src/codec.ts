import { ModelError } from './errors.ts'
import type { ModelProto } from './proto.ts'
import { decodeModelProto } from './_decode.ts'
import { encodeModelProto } from './_encode.ts'
import { WireError } from './_wire.ts'

/**
 * Parses ONNX model bytes. Throws ModelError when the bytes are not protobuf, or are protobuf
 * without the two fields every ONNX model has (`ir_version` and `graph`, onnx.proto).
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  let model: ModelProto
  try {
    model = decodeModelProto(bytes)
  } catch (error) {
    if (error instanceof WireError) {
      throw new ModelError(
        `not a valid ONNX model: the protobuf encoding is broken (${error.message})`,
        {
          cause: error,
        },
      )
    }
    throw error
  }
  if (model.irVersion == null || model.graph == null) {
    const missing = model.irVersion == null ? 'ir_version' : 'graph'
    throw new ModelError(`not a valid ONNX model: the ModelProto has no ${missing}`)
  }
  return model
}

/** Serializes a model; unknown fields are written back byte for byte. */
export function encodeModel(model: ModelProto): Uint8Array {
  return encodeModelProto(model)
}
