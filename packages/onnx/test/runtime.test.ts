import { describe, expect, it } from 'vitest'
import { ModelError } from '../src/index.ts'
import { loadRuntime } from '../src/_runtime.ts'

describe('loadRuntime', () => {
  it('loads onnxruntime-node', async () => {
    const ort = await loadRuntime()
    expect(typeof ort.InferenceSession.create).toBe('function')
  })

  it('explains a runtime that cannot be loaded', async () => {
    // A package that is not installed stands for a platform without the native binding.
    const missing = 'onnxruntime-node-not-installed'
    const error = await loadRuntime(() => import(missing)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect((error as Error).message).toMatch(
      /^onnxruntime-node could not be loaded \(mlgate runs models on Linux x64 runners\): .*onnxruntime-node-not-installed/,
    )
  })
})
