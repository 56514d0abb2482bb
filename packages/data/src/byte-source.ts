/**
 * Bytes read front to back, piece by piece: an open file (`openFileSource`) or bytes in memory.
 * The reader owns its buffers, so a stream of any length runs in the memory of two of them.
 */
export type ByteSource = {
  /**
   * Reads up to `length` bytes into `target` at `offset` and returns how many were read, which
   * may be fewer than asked; 0 means the end was reached.
   */
  read(target: Uint8Array, offset: number, length: number): Promise<number>
  close(): Promise<void>
}

/**
 * A source over bytes in memory. `most` caps the bytes one read returns, to test a reader
 * against short reads.
 */
export function bytesSource(bytes: Uint8Array, most: number = Infinity): ByteSource {
  let at = 0
  return {
    read(target, offset, length) {
      const n = Math.min(length, most, bytes.length - at)
      target.set(bytes.subarray(at, at + n), offset)
      at += n
      return Promise.resolve(n)
    },
    close: () => Promise.resolve(),
  }
}
