/**
 * What the Parquet page and value decoders share: their signal to leave a file to DuckDB, and
 * one thread's reusable memory.
 */

/** The decoder met something it does not read; DuckDB reads the file instead. */
export class Undecoded extends Error {}

/**
 * The file is damaged in a way DuckDB cannot be left to read: DuckDB 1.5.6 ends the process
 * (a segmentation fault) on a delta-encoded miniblock wider than 64 bits. Reported as the file's
 * error rather than read through DuckDB.
 */
export class Damaged extends Error {}

/** Reusable memory for one thread's decoding: page bytes, levels, indices, values. */
export class Scratch {
  private bytes = new Uint8Array(1 << 20)
  private gathered = new Uint8Array(1 << 16)
  private levelBytes = new Uint8Array(1 << 16)
  private indexWords = new Int32Array(1 << 16)
  private codeWords = new Int32Array(1 << 16)
  private numberWords = new Float64Array(1 << 16)
  private alignedBytes = new ArrayBuffer(1 << 20)

  page(size: number): Uint8Array {
    if (this.bytes.length < size) this.bytes = new Uint8Array(grown(size))
    return this.bytes.subarray(0, size)
  }

  /** A second byte buffer, for values rearranged out of a page held in the first. */
  gather(size: number): Uint8Array {
    if (this.gathered.length < size) this.gathered = new Uint8Array(grown(size))
    return this.gathered
  }

  levels(count: number): Uint8Array {
    if (this.levelBytes.length < count) this.levelBytes = new Uint8Array(grown(count))
    return this.levelBytes
  }

  indices(count: number): Int32Array {
    if (this.indexWords.length < count) this.indexWords = new Int32Array(grown(count))
    return this.indexWords
  }

  codes(count: number): Int32Array {
    if (this.codeWords.length < count) this.codeWords = new Int32Array(grown(count))
    return this.codeWords
  }

  numbers(count: number): Float64Array {
    if (this.numberWords.length < count) this.numberWords = new Float64Array(grown(count))
    return this.numberWords
  }

  /** `bytes` copied to the start of an 8-byte-aligned buffer, for typed-array views of it. */
  aligned(bytes: Uint8Array): ArrayBuffer {
    if (this.alignedBytes.byteLength < bytes.length) {
      this.alignedBytes = new ArrayBuffer(grown(bytes.length))
    }
    new Uint8Array(this.alignedBytes, 0, bytes.length).set(bytes)
    return this.alignedBytes
  }
}

/** A size with a quarter more room, so a buffer grown once rarely grows again. */
export function grown(size: number): number {
  return size + (size >> 2)
}

/** A little-endian uint32 at `data[at]`. */
export function readU32(data: Uint8Array, at: number): number {
  if (at + 4 > data.length) throw new Undecoded('a page ends early')
  return (
    ((data[at] as number) |
      ((data[at + 1] as number) << 8) |
      ((data[at + 2] as number) << 16) |
      ((data[at + 3] as number) << 24)) >>>
    0
  )
}
