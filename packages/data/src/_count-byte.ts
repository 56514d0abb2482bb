/**
 * How many times `value` occurs in `bytes` from `start` on. Buffer's indexOf is memchr, several
 * times faster than a JS loop or TypedArray's indexOf on a file-sized array (measured 40 ms vs
 * 220-500 ms for 216 MB), and wrapping the bytes in a Buffer copies nothing.
 */
export function countByte(bytes: Uint8Array, start: number, value: number): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let count = 0
  let at = buffer.indexOf(value, start)
  while (at !== -1) {
    count++
    at = buffer.indexOf(value, at + 1)
  }
  return count
}
