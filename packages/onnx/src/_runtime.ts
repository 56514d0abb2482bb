import type * as Ort from 'onnxruntime-node'
import { ModelError } from './errors.ts'

export type Runtime = typeof Ort

let loaded: Runtime | undefined

/**
 * Imports onnxruntime-node on first use, so packages that only inspect or rewrite models never
 * load the native binding. `load` exists so a test can point it at a module that is not there.
 */
export async function loadRuntime(load: () => Promise<unknown> = defaultLoad): Promise<Runtime> {
  if (load === defaultLoad && loaded != null) return loaded
  let mod: Runtime
  try {
    mod = (await load()) as Runtime
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error)
    throw new ModelError(
      `onnxruntime-node could not be loaded (mlgate runs models on Linux x64 runners): ${cause}`,
      {
        cause: error,
      },
    )
  }
  if (load === defaultLoad) loaded = mod
  return mod
}

// --- internal ---

function defaultLoad(): Promise<unknown> {
  return import('onnxruntime-node')
}
