/**
 * A reader of Thrift's compact protocol, the encoding of Parquet's footer and page headers
 * (Apache Thrift, "Thrift Compact protocol encoding"). Structs come back as arrays indexed by
 * field id, so `struct[4]` is field 4; lists as arrays. Integers are zigzag varints; 64-bit ones
 * are read as doubles, exact up to 2^53, which every size, offset and count in a Parquet file is.
 * Binary fields stay bytes (a view into the input); `text()` decodes one as UTF-8.
 *
 * Given a schema (the wire type each field id should have, and which fields are required), a
 * field of another type is read past and left out, and a struct without a required field is
 * refused, as the code Thrift generates does.
 */
export type ThriftStruct = unknown[]

/** A field's expected type: a wire type, or a struct or list with the schema of its contents. */
export type FieldSpec = number | { readonly struct: ThriftSchema } | { readonly list: FieldSpec }

/**
 * Expected field types of a struct, by field id (fields not named are read as they come), and
 * the fields it must have: a struct without one of them is refused, as Thrift refuses it.
 */
export type ThriftSchema = {
  readonly fields: { readonly [id: number]: FieldSpec }
  readonly required?: readonly number[]
}

/** Wire types a schema names (compact protocol; BOOL stands for both boolean types). */
export const T = { BOOL: 1, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8 } as const

/** Thrown on bytes that are not a well-formed compact-protocol struct. */
export class ThriftError extends Error {}

const STOP = 0
const TRUE = 1
const FALSE = 2
const BYTE = 3
const I16 = 4
const I32 = 5
const I64 = 6
const DOUBLE = 7
const BINARY = 8
const LIST = 9
const SET = 10
const MAP = 11
const STRUCT = 12

/** Nested structs deeper than this are refused rather than risking the stack. */
const MAX_DEPTH = 64

const utf8 = new TextDecoder('utf-8', { fatal: true })

export class ThriftReader {
  /** Where the next byte is read. */
  at: number
  private readonly bytes: Uint8Array

  constructor(bytes: Uint8Array, at = 0) {
    this.bytes = bytes
    this.at = at
  }

  /** Reads one struct from `at` onwards, leaving `at` just past its stop byte. */
  struct(schema?: ThriftSchema, depth = 0): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftError('structs nest too deeply')
    const fields: ThriftStruct = []
    let id = 0
    for (;;) {
      const header = this.byte()
      const type = header & 0x0f
      if (type === STOP) {
        for (const needed of schema?.required ?? []) {
          if (fields[needed] === undefined)
            throw new ThriftError(`required field ${needed} is missing`)
        }
        return fields
      }
      const delta = header >> 4
      id = delta === 0 ? this.zigzag() : id + delta
      const spec = schema?.fields[id]
      const value = type === TRUE ? true : type === FALSE ? false : this.value(type, depth, spec)
      if (spec === undefined || matches(type, spec)) fields[id] = value
    }
  }

  private value(type: number, depth: number, spec?: FieldSpec): unknown {
    switch (type) {
      case TRUE:
        return true
      case FALSE:
        return false
      case BYTE: {
        const value = this.byte()
        return value > 127 ? value - 256 : value
      }
      case I16:
      case I32:
      case I64:
        return this.zigzag()
      case DOUBLE: {
        const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8)
        this.skip(8)
        return view.getFloat64(0, true)
      }
      case BINARY: {
        const length = this.varint()
        const start = this.at
        this.skip(length)
        return this.bytes.subarray(start, start + length)
      }
      case LIST:
      case SET: {
        const header = this.byte()
        const size = header >> 4 === 15 ? this.varint() : header >> 4
        const element = header & 0x0f
        const inner = typeof spec === 'object' && 'list' in spec ? spec.list : undefined
        const list = new Array<unknown>(size)
        for (let i = 0; i < size; i++) {
          // In lists a boolean is a byte of its own: 1 true, anything else false.
          list[i] =
            element === TRUE || element === FALSE
              ? this.byte() === TRUE
              : this.value(element, depth, inner)
        }
        // Elements of another type than the schema's: the list is taken as empty.
        return inner === undefined || matches(element, inner) ? list : []
      }
      case MAP: {
        const size = this.varint()
        if (size === 0) return new Map()
        const types = this.byte()
        const map = new Map<unknown, unknown>()
        for (let i = 0; i < size; i++) {
          const key = this.value(types >> 4, depth)
          map.set(key, this.value(types & 0x0f, depth))
        }
        return map
      }
      case STRUCT:
        return this.struct(
          typeof spec === 'object' && 'struct' in spec ? spec.struct : undefined,
          depth + 1,
        )
      default:
        throw new ThriftError(`unknown field type ${type} at byte ${this.at}`)
    }
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw new ThriftError('the struct ends past its bytes')
    return this.bytes[this.at++] as number
  }

  private skip(count: number): void {
    if (count > this.bytes.length - this.at) throw new ThriftError('the struct ends past its bytes')
    this.at += count
  }

  /** An unsigned LEB128 varint, as a double (exact to 2^53). */
  private varint(): number {
    let value = 0
    let scale = 1
    for (let shift = 0; shift < 64; shift += 7) {
      const byte = this.byte()
      value += (byte & 0x7f) * scale
      if (byte < 0x80) return value
      scale *= 128
    }
    throw new ThriftError('a varint runs past 64 bits')
  }

  private zigzag(): number {
    const raw = this.varint()
    // (raw >>> 1) ^ -(raw & 1), done in doubles so 64-bit values keep their magnitude.
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2
  }
}

/** Whether a field of wire type `type` is what `spec` expects. */
function matches(type: number, spec: FieldSpec): boolean {
  if (typeof spec === 'number') {
    return spec === T.BOOL ? type === TRUE || type === FALSE : type === spec
  }
  return 'struct' in spec ? type === STRUCT : type === LIST
}

/** A binary field as UTF-8 text; throws on bytes that are not UTF-8. */
export function text(value: unknown): string | undefined {
  return value instanceof Uint8Array ? utf8.decode(value) : undefined
}
