// Thrift's compact protocol on structs encoded by hand from the protocol's description: field
// id deltas and long ids, zigzag integers, booleans in fields and lists, binaries, long lists,
// maps and nested structs; and the refusals of cut or unknown input.
import { describe, expect, it } from 'vitest'
import { T, text, ThriftError, ThriftReader } from '../src/_thrift-compact.ts'

/** A struct from its fields' bytes, one array a field, and the stop byte. */
const read = (...fields: number[][]) =>
  new ThriftReader(Uint8Array.from([...fields.flat(), 0x00])).struct()

describe('ThriftReader', () => {
  it('reads fields by delta and by long id, with zigzag integers', () => {
    const fields = read(
      [0x15, 0x06], // field 1, i32: zigzag 6 = 3
      [0x16, 0x03], // field 2, i64: zigzag 3 = -2
      [0x04, 0x28, 0x01], // delta 0 so a long id (zigzag 40 = 20), i16: zigzag 1 = -1
      [0x16, 0xfe, 0xff, 0xff, 0xff, 0x1f], // field 21, i64: zigzag 8589934590 = 2^32 - 1
    )
    expect(fields[1]).toBe(3)
    expect(fields[2]).toBe(-2)
    expect(fields[20]).toBe(-1)
    expect(fields[21]).toBe(4294967295)
    expect(fields.filter((f) => f !== undefined)).toHaveLength(4)
  })

  it('reads booleans, bytes, doubles, binaries and nested structs', () => {
    const double = [...new Uint8Array(new Float64Array([-2.5]).buffer)]
    const fields = read(
      [0x11], // field 1: true
      [0x12], // field 2: false
      [0x13, 0xff], // field 3, byte: -1
      [0x17, ...double], // field 4, double
      [0x18, 0x03, 0x61, 0xc3, 0xa9], // field 5, binary "aé"
      [0x1c, 0x15, 0x08, 0x00], // field 6, struct { 1: i32 4 }
    )
    expect(fields.slice(1, 5)).toEqual([true, false, -1, -2.5])
    expect(text(fields[5])).toBe('aé')
    expect(fields[6]).toEqual([undefined, 4])
  })

  it('reads lists short and long, of booleans and of structs, and maps', () => {
    const long = Array.from({ length: 20 }, (_, i) => 2 * i)
    const fields = read(
      [0x19, 0x35, 0x02, 0x04, 0x06], // field 1: list of 3 i32: 1, 2, 3
      [0x19, 0xf5, 0x14, ...long], // field 2: list of 20 i32, the size in a varint
      [0x19, 0x21, 0x01, 0x02], // field 3: list of 2 booleans: true, false
      [0x19, 0x2c, 0x15, 0x02, 0x00, 0x00], // field 4: list of 2 structs: { 1: 1 }, {}
      [0x1b, 0x01, 0x85, 0x01, 0x61, 0x0a], // field 5: map of 1, binary "a" to i32 5
    )
    expect(fields[1]).toEqual([1, 2, 3])
    expect(fields[2]).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(fields[3]).toEqual([true, false])
    expect(fields[4]).toEqual([[undefined, 1], []])
    const map = fields[5] as Map<unknown, unknown>
    expect([...map.values()]).toEqual([5])
    expect(text([...map.keys()][0])).toBe('a')
  })

  it('leaves the reader just past the struct', () => {
    const reader = new ThriftReader(Uint8Array.from([0xff, 0x15, 0x02, 0x00, 0x99]), 1)
    expect(reader.struct()[1]).toBe(1)
    expect(reader.at).toBe(4)
  })

  it('refuses cut input, unknown field types, bad UTF-8 and runaway varints', () => {
    const cut = (bytes: number[]) => () => new ThriftReader(Uint8Array.from(bytes)).struct()
    expect(cut([0x15, 0x06])).toThrow(ThriftError)
    expect(cut([0x18, 0x05, 0x61])).toThrow(ThriftError)
    expect(cut([0x1d, 0x00])).toThrow(ThriftError)
    expect(cut([0x15, ...Array<number>(10).fill(0x80), 0x00])).toThrow(ThriftError)
    expect(cut([...Array<number>(70).fill(0x1c), ...Array<number>(71).fill(0)])).toThrow(
      ThriftError,
    )
    expect(() => text(Uint8Array.from([0xc3]))).toThrow(TypeError)
  })

  it('leaves out a field of another type than the schema’s, and refuses a missing required one', () => {
    const schema = { fields: { 1: T.I32, 2: T.I32, 3: { struct: { fields: { 1: T.I64 } } } } }
    const bytes = [
      [0x14, 0x06], // field 1 as i16, where the schema wants i32: left out
      [0x15, 0x08], // field 2, i32: 4
      [0x1c, 0x15, 0x02, 0x00], // field 3, struct { 1: i32 1 }, where i64 is wanted: left out
    ].flat()
    const reader = () => new ThriftReader(Uint8Array.from([...bytes, 0x00]))
    expect(reader().struct(schema)).toEqual([undefined, undefined, 4, []])
    expect(() => reader().struct({ ...schema, required: [1, 2] })).toThrow(
      /required field 1 is missing/,
    )
    expect(reader().struct({ ...schema, required: [2] })[2]).toBe(4)
  })
})
