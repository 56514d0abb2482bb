import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Where a worker thread's code is, or undefined when there is none (a dist/ built without it):
 * callers then keep the work on the main thread, with the same results.
 *
 * The CLI and every action are one bundle each in dist/, with their shared code in chunks beside
 * them, so `moduleUrl` (the caller's import.meta.url) lies in dist/ and the worker's bundle
 * (scripts/build.mjs writes `bundle` there) is its neighbour. Run from source (vitest), the URL
 * ends in `.ts` and Node 20 cannot start a worker from TypeScript that imports other packages'
 * `.ts` files, so `source` is bundled in memory with esbuild (the build's own bundler, present
 * wherever the source is) and started from a `data:` URL: the tests run the very code the bundle
 * holds. Each source is bundled once per process.
 */
export function workerScript(
  bundle: string,
  source: URL,
  moduleUrl: string,
): Promise<URL | undefined> {
  if (!moduleUrl.endsWith('.ts')) {
    const url = new URL(`./${bundle}`, moduleUrl)
    return Promise.resolve(existsSync(fileURLToPath(url)) ? url : undefined)
  }
  let bundled = sourceBundles.get(source.href)
  if (bundled === undefined) {
    bundled = bundleSource(source)
    sourceBundles.set(source.href, bundled)
  }
  return bundled
}

// --- internal ---

const sourceBundles = new Map<string, Promise<URL | undefined>>()

type BuildResult = { readonly outputFiles?: readonly { readonly text: string }[] }
type Esbuild = { build(options: Record<string, unknown>): Promise<BuildResult> }

async function bundleSource(source: URL): Promise<URL> {
  // A computed specifier keeps esbuild (a dev dependency) out of the bundles in dist/, which never
  // take this path.
  const bundler = 'esbuild'
  const { build } = (await import(bundler)) as Esbuild
  const result = await build({
    entryPoints: [fileURLToPath(source)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // Native code cannot be bundled: from a data: URL it does not load, and the work that wants
    // it (the drift worker's start of ONNX Runtime) is then left to the main thread.
    external: ['onnxruntime-node'],
  })
  const text = result.outputFiles?.[0]?.text
  if (text === undefined) throw new Error(`esbuild produced no bundle for ${source.pathname}`)
  return new URL(`data:text/javascript,${encodeURIComponent(text)}`)
}
