import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Where a worker thread's code is, or undefined when there is none (a dist/ built without it):
 * callers then keep the work on the main thread, with the same results.
 *
 * The CLI and every action are one bundle each in dist/, with their shared code in chunks beside
 * them, so `moduleUrl` (the caller's import.meta.url) lies in dist/ and the worker's bundle
 * (scripts/build.mjs writes `bundle` there) is its neighbour. Run from source (vitest), the URL
 * ends in `.ts` and Node 20 cannot start a worker from TypeScript that imports other packages'
 * `.ts` files, so `source` is bundled with esbuild (the build's own bundler, present wherever the
 * source is) into a file under node_modules/.cache: the tests run the very code the bundle holds.
 * Each source is bundled once per process.
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
    // Native code cannot be bundled: it is imported from node_modules, beside the bundle's file.
    external: ['onnxruntime-node'],
  })
  const text = result.outputFiles?.[0]?.text
  if (text === undefined) throw new Error(`esbuild produced no bundle for ${source.pathname}`)
  return bundleFile(source, text)
}

/**
 * The bundle written under the project's node_modules/.cache, where the native packages it leaves
 * out (ONNX Runtime) resolve as from the source; named by its content, written whole (a temporary
 * name, then renamed) since test files in other processes may write the same one.
 */
function bundleFile(source: URL, text: string): URL {
  let dir = dirname(fileURLToPath(source))
  while (!existsSync(join(dir, 'node_modules')) && dirname(dir) !== dir) dir = dirname(dir)
  const cache = join(dir, 'node_modules', '.cache', 'mlgate-workers')
  mkdirSync(cache, { recursive: true })
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  const file = join(cache, `${basename(fileURLToPath(source), '.ts')}-${hash}.mjs`)
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`
    writeFileSync(partial, text)
    renameSync(partial, file)
  }
  return pathToFileURL(file)
}
