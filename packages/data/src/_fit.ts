/**
 * `array` cut to `length` rows. Readers allocate for an upper bound of the row count; the view
 * is kept when it wastes little, and copied when a large buffer would otherwise stay pinned.
 */
export function fit<T extends Float64Array | Int32Array | Uint8Array>(array: T, length: number): T {
  if (array.length === length) return array
  return (length * 8 < array.length * 7 ? array.slice(0, length) : array.subarray(0, length)) as T
}
