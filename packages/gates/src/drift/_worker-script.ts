import { workerScript } from '@mlgate/data'

/** The worker's file beside each bundle in dist/ (scripts/build.mjs writes it). */
export const WORKER_BUNDLE = 'drift-worker.js'

/**
 * Where the drift worker's code is (dist/drift-worker.js beside the bundle, or the source bundled
 * on demand: see `workerScript`), or undefined when there is none: then the work stays on the
 * main thread, with the same results.
 */
export function driftWorkerScript(): Promise<URL | undefined> {
  return workerScript(WORKER_BUNDLE, new URL('./drift-worker.ts', import.meta.url), import.meta.url)
}
