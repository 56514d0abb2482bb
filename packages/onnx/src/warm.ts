import { linearClassifierModel } from './builders.ts'
import { loadRuntime } from './_runtime.ts'

/**
 * Starts ONNX Runtime on this thread by opening and closing a one-feature model. The runtime's
 * start-up is once per process whichever thread makes it (60–90 ms of loading and setting up on
 * this machine: the binding, then ONNX Runtime's environment), so a worker thread with time to
 * spare can make it ahead of the main thread's first model, which then opens in a few
 * milliseconds (the binding 13–20 ms, the environment nothing). Its session is released, and the
 * thread may end afterwards: the main thread's sessions go on. Rejects when the runtime cannot
 * load; the caller then leaves the error to the main thread's own first model.
 */
export async function warmRuntime(): Promise<void> {
  const runtime = await loadRuntime()
  const session = await runtime.InferenceSession.create(warmModel(), {
    logSeverityLevel: 3,
    intraOpNumThreads: 1,
  })
  await session.release()
}

// --- internal ---

function warmModel(): Uint8Array {
  return linearClassifierModel({
    featureCount: 1,
    coefficients: [1],
    intercept: 0,
    classes: [0, 1],
    zipMap: false,
  })
}
