import { decodeModel, encodeModel } from './codec.ts'
import { stripZipMap } from './_zipmap.ts'

/**
 * Rewrites model bytes so every ZipMap feeding a graph output is gone and its probability tensor
 * (float [N, k]) is the output instead. Returns the input bytes untouched when there is none.
 */
export function removeZipMap(modelBytes: Uint8Array): { bytes: Uint8Array; removed: boolean } {
  const { model, removed } = stripZipMap(decodeModel(modelBytes))
  if (removed.length === 0) return { bytes: modelBytes, removed: false }
  return { bytes: encodeModel(model), removed: true }
}
