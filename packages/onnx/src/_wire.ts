/**
 * Protocol Buffers wire format, just what the ONNX messages need: varints, 32/64-bit fixed
 * values and length-delimited fields (https://protobuf.dev/programming-guides/encoding/).
 */

export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const

/** A field the decoder does not model, kept as its exact bytes (tag included). */
export type UnknownField = { readonly field: number; readonly bytes: Uint8Array }

/** Thrown on malformed wire data; the codec turns it into a message naming the file. */
export class WireError extends Error {
  override name = 'WireError'
}

export type Reader = {
  readonly bytes: Uint8Array
  readonly view: DataView
  pos: number
  readonly end: number
}

export function createReader(bytes: Uint8Array, start = 0, end = bytes.length): Reader {
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    pos: start,
    end,
  }
}

/** Reads a varint as a 32-bit signed number (int32, enums, tags, lengths). */
export function readVarint32(r: Reader): number {
  let result = 0
  let shift = 0
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.end) throw new WireError(`varint runs past the end at byte ${r.pos}`)
    const b = r.bytes[r.pos++] as number
    if (shift < 32) result |= (b & 0x7f) << shift
    shift += 7
    if ((b & 0x80) === 0) return result
  }
  throw new WireError(`varint longer than 10 bytes at byte ${r.pos}`)
}

/** Reads a non-negative varint used as a length or offset, rejecting anything past 2^31. */
export function readLength(r: Reader): number {
  const n = readVarint32(r)
  if (n < 0) throw new WireError(`negative length at byte ${r.pos}`)
  return n
}

/** Reads a varint as a signed 64-bit integer (int64 is two's complement on the wire). */
export function readVarint64(r: Reader): bigint {
  let lo = 0
  let hi = 0
  let shift = 0
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.end) throw new WireError(`varint runs past the end at byte ${r.pos}`)
    const b = r.bytes[r.pos++] as number
    if (shift < 28) lo |= (b & 0x7f) << shift
    else if (shift === 28) {
      lo |= (b & 0x0f) << 28
      hi |= (b & 0x70) >>> 4
    } else hi |= (b & 0x7f) << (shift - 32)
    shift += 7
    if ((b & 0x80) === 0) {
      return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0))
    }
  }
  throw new WireError(`varint longer than 10 bytes at byte ${r.pos}`)
}

export function readFloat(r: Reader): number {
  ensure(r, 4)
  const v = r.view.getFloat32(r.pos, true)
  r.pos += 4
  return v
}

export function readDouble(r: Reader): number {
  ensure(r, 8)
  const v = r.view.getFloat64(r.pos, true)
  r.pos += 8
  return v
}

/** A length-delimited payload as a view into the input (no copy). */
export function readBytes(r: Reader): Uint8Array {
  const n = readLength(r)
  ensure(r, n)
  const out = r.bytes.subarray(r.pos, r.pos + n)
  r.pos += n
  return out
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function readString(r: Reader): string {
  const bytes = readBytes(r)
  try {
    return utf8.decode(bytes)
  } catch {
    throw new WireError(`string field is not valid UTF-8 at byte ${r.pos - bytes.length}`)
  }
}

/** A sub-reader over a length-delimited nested message. */
export function readMessage(r: Reader): Reader {
  const n = readLength(r)
  ensure(r, n)
  const sub = createReader(r.bytes, r.pos, r.pos + n)
  r.pos += n
  return sub
}

/** Skips the value of a field and returns it, with its tag, as an unknown field. */
export function readUnknown(
  r: Reader,
  tagStart: number,
  field: number,
  wireType: number,
): UnknownField {
  skipValue(r, field, wireType)
  return { field, bytes: r.bytes.subarray(tagStart, r.pos) }
}

/**
 * Repeated scalars arrive packed (one length-delimited run) or unpacked (one tag per value);
 * parsers must accept both whatever the schema says (protobuf encoding guide, "Packed Repeated
 * Fields"). `readOne` reads one value.
 */
export function readRepeated<T>(
  r: Reader,
  wireType: number,
  out: T[],
  readOne: (r: Reader) => T,
): void {
  if (wireType === WireType.lengthDelimited) {
    const sub = readMessage(r)
    while (sub.pos < sub.end) out.push(readOne(sub))
  } else {
    out.push(readOne(r))
  }
}

export function expectWireType(actual: number, expected: number, field: number, pos: number): void {
  if (actual !== expected) {
    throw new WireError(
      `field ${field} has wire type ${actual}, expected ${expected} (byte ${pos})`,
    )
  }
}

// --- writer ---

/**
 * Collects output as chunks so large payloads (raw tensor data) are referenced, not copied,
 * until the single final concatenation.
 */
export type Writer = {
  chunks: Uint8Array[]
  buf: Uint8Array
  view: DataView
  pos: number
  length: number
}

const SMALL = 4096
/** Byte fields longer than this are referenced rather than copied into the scratch buffer. */
const COPY_LIMIT = 512

export function createWriter(): Writer {
  const buf = new Uint8Array(SMALL)
  return { chunks: [], buf, view: new DataView(buf.buffer), pos: 0, length: 0 }
}

export function finishWriter(w: Writer): Uint8Array {
  flush(w)
  if (w.chunks.length === 1) return w.chunks[0] as Uint8Array
  const out = new Uint8Array(w.length)
  let at = 0
  for (const c of w.chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

export function writeTag(w: Writer, field: number, wireType: number): void {
  writeVarint32(w, (field << 3) | wireType)
}

/** Writes an int32/enum; negative values take 10 bytes, sign-extended to 64 bits as protobuf does. */
export function writeVarint32(w: Writer, value: number): void {
  if (value < 0) {
    writeVarint64(w, BigInt(value))
    return
  }
  room(w, 5)
  let v = value >>> 0
  while (v > 0x7f) {
    w.buf[w.pos++] = (v & 0x7f) | 0x80
    v >>>= 7
  }
  w.buf[w.pos++] = v
}

export function writeVarint64(w: Writer, value: bigint): void {
  room(w, 10)
  let v = BigInt.asUintN(64, value)
  while (v > 0x7fn) {
    w.buf[w.pos++] = Number(v & 0x7fn) | 0x80
    v >>= 7n
  }
  w.buf[w.pos++] = Number(v)
}

export function writeFloat(w: Writer, value: number): void {
  room(w, 4)
  w.view.setFloat32(w.pos, value, true)
  w.pos += 4
}

export function writeDouble(w: Writer, value: number): void {
  room(w, 8)
  w.view.setFloat64(w.pos, value, true)
  w.pos += 8
}

export function writeRaw(w: Writer, bytes: Uint8Array): void {
  if (bytes.length > COPY_LIMIT) {
    flush(w)
    w.chunks.push(bytes)
    w.length += bytes.length
    return
  }
  room(w, bytes.length)
  w.buf.set(bytes, w.pos)
  w.pos += bytes.length
}

export function writeBytesField(w: Writer, field: number, bytes: Uint8Array): void {
  writeTag(w, field, WireType.lengthDelimited)
  writeVarint32(w, bytes.length)
  writeRaw(w, bytes)
}

const utf8Encoder = new TextEncoder()

export function writeStringField(w: Writer, field: number, value: string): void {
  writeBytesField(w, field, utf8Encoder.encode(value))
}

/** Writes a nested message: `encode` fills a child writer whose chunks are then adopted. */
export function writeMessageField(w: Writer, field: number, encode: (child: Writer) => void): void {
  const child = createWriter()
  encode(child)
  flush(child)
  writeTag(w, field, WireType.lengthDelimited)
  writeVarint32(w, child.length)
  flush(w)
  for (const c of child.chunks) w.chunks.push(c)
  w.length += child.length
}

/** Writes a packed repeated field (omitted when empty, as protobuf does). */
export function writePacked<T>(
  w: Writer,
  field: number,
  values: readonly T[],
  writeOne: (w: Writer, v: T) => void,
): void {
  if (values.length === 0) return
  writeMessageField(w, field, (child) => {
    for (const v of values) writeOne(child, v)
  })
}

/**
 * Emits unknown fields in field-number order between known ones, so a message whose fields were
 * in canonical order (as protobuf serializers write them) re-encodes byte for byte.
 */
export type UnknownCursor = { readonly fields: readonly UnknownField[]; next: number }

export function unknownCursor(fields: readonly UnknownField[]): UnknownCursor {
  return { fields, next: 0 }
}

/** Writes the unknown fields numbered below `field`. */
export function writeUnknownBefore(w: Writer, c: UnknownCursor, field: number): void {
  while (c.next < c.fields.length) {
    const f = c.fields[c.next] as UnknownField
    if (f.field >= field) return
    writeRaw(w, f.bytes)
    c.next++
  }
}

export function writeUnknownRest(w: Writer, c: UnknownCursor): void {
  writeUnknownBefore(w, c, Number.POSITIVE_INFINITY)
}

// --- internal ---

function ensure(r: Reader, n: number): void {
  if (r.pos + n > r.end) {
    throw new WireError(
      `field needs ${n} bytes at byte ${r.pos} but the message ends at byte ${r.end}`,
    )
  }
}

function skipValue(r: Reader, field: number, wireType: number): void {
  switch (wireType) {
    case WireType.varint:
      readVarint64(r)
      return
    case WireType.fixed64:
      ensure(r, 8)
      r.pos += 8
      return
    case WireType.lengthDelimited: {
      const n = readLength(r)
      ensure(r, n)
      r.pos += n
      return
    }
    case WireType.fixed32:
      ensure(r, 4)
      r.pos += 4
      return
    case WireType.startGroup:
      // Groups are deprecated and absent from onnx.proto; skip them structurally all the same.
      for (;;) {
        const tag = readVarint32(r)
        const wt = tag & 7
        if (wt === WireType.endGroup) {
          if (tag >>> 3 !== field)
            throw new WireError(`mismatched end of group ${field} at byte ${r.pos}`)
          return
        }
        skipValue(r, tag >>> 3, wt)
      }
    default:
      throw new WireError(`invalid wire type ${wireType} for field ${field} at byte ${r.pos}`)
  }
}

function flush(w: Writer): void {
  if (w.pos === 0) return
  w.chunks.push(w.buf.slice(0, w.pos))
  w.length += w.pos
  w.pos = 0
}

function room(w: Writer, n: number): void {
  if (w.pos + n <= w.buf.length) return
  flush(w)
  if (n > w.buf.length) {
    w.buf = new Uint8Array(n)
    w.view = new DataView(w.buf.buffer)
  }
}
