import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The worker's file beside each bundle in dist/ (scripts/build.mjs writes it). */
export const WORKER_BUNDLE = 'drift-worker.js'

/**
 * Where the drift worker's code is, or undefined when there is none (a dist/ built without the
 * worker): then the work stays on the main thread, with the same results.
 *
 * The CLI and every action are one bundle each in dist/, so this module's URL is the bundle's and
 * the worker is dist/drift-worker.js beside it. Run from source (vitest), this module's URL ends
 * in `.ts` and Node (20) cannot start a worker from TypeScript that imports other packages' `.ts`
 * files, so the worker entry is bundled in memory with esbuild (the build's own bundler, present
 * wherever the source is) and started from a `data:` URL: the tests run the very code the bundle
 * holds. The bundle is made once per process.
 */
export function driftWorkerScript(): Promise<URL | undefined> {
  if (!import.meta.url.endsWith('.ts')) {
    const url = new URL(`./${WORKER_BUNDLE}`, import.meta.url)
    return Promise.resolve(existsSync(fileURLToPath(url)) ? url : undefined)
  }
  sourceBundle ??= bundleSource()
  return sourceBundle
}

// --- internal ---

let sourceBundle: Promise<URL | undefined> | undefined

type BuildResult = { readonly outputFiles?: readonly { readonly text: string }[] }
type Esbuild = { build(options: Record<string, unknown>): Promise<BuildResult> }

async function bundleSource(): Promise<URL> {
  // A computed specifier keeps esbuild (a dev dependency) out of the bundles in dist/, which never
  // take this path.
  const bundler = 'esbuild'
  const { build } = (await import(bundler)) as Esbuild
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./drift-worker.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
  const text = result.outputFiles?.[0]?.text
  if (text === undefined) throw new Error('esbuild produced no drift worker bundle')
  return new URL(`data:text/javascript,${encodeURIComponent(text)}`)
}
