// Bundle the CLI and every action into dist/ with esbuild, and ship the native runtimes
// (onnxruntime-node, DuckDB) beside the bundles so dist/ runs from its folder alone.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

// Native addons cannot be bundled (esbuild has no loader for .node files): they stay external
// and their packages are copied into dist/node_modules. onnxruntime-common is external too so
// one copy of it keeps `instanceof Tensor` true inside onnxruntime-node. DuckDB's JavaScript API
// (@duckdb/node-api) is bundled, only its addon is not: loading the API's 181 files took 0.23 s
// of each process's first Parquet read, its bundled chunk 0.03 s.
const NATIVE = [
  { name: 'onnxruntime-node', keep: ['package.json', 'dist', 'bin/napi-v6/linux/x64', 'LICENSE'] },
  { name: 'onnxruntime-common', keep: null },
  { name: '@duckdb/node-bindings', keep: null },
  { name: '@duckdb/node-bindings-linux-x64', keep: null },
]

const entries = {
  mlgate: join(root, 'packages/cli/src/bin.ts'),
  bench: join(root, 'scripts/bench/start.ts'),
  // The drift gate's worker threads load it from beside whichever bundle starts them.
  'drift-worker': join(root, 'packages/gates/src/drift/drift-worker.ts'),
  // Large CSV files are read on two threads; the second runs this.
  'csv-worker': join(root, 'packages/data/src/csv-worker.ts'),
  // Large Parquet files are decoded on two threads; the second runs this.
  'parquet-worker': join(root, 'packages/data/src/parquet-worker.ts'),
  // A large bootstrap draws its resamples on a thread of its own.
  'resample-worker': join(root, 'packages/gates/src/bootstrap/resample-worker.ts'),
}
for (const name of await readdir(join(root, 'actions')).catch(() => [])) {
  const main = join(root, 'actions', name, 'src/start.ts')
  if (existsSync(main)) entries[name] = main
}

await mkdir(dist, { recursive: true })
// Chunk names carry content hashes: drop the last build's bundles so stale chunks do not pile up.
for (const file of await readdir(dist)) {
  if (file.endsWith('.js') || file.endsWith('.js.map')) await rm(join(dist, file))
}
const started = Date.now()
await build({
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  format: 'esm',
  platform: 'node',
  // The same bundle runs on Node 20 (developers) and Node 24 (runs.using: node24).
  target: 'node20',
  // Dynamic imports become chunks of their own, so what they load (DuckDB for Parquet) is loaded
  // only when used. Chunks are shared by the bundles and sit beside them, so a path made from
  // import.meta.url (the drift worker's) is the same in every file of dist/.
  splitting: true,
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: NATIVE.map((n) => n.name),
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
  banner: {
    js: "import { createRequire as __mlgateRequire } from 'node:module'; const require = __mlgateRequire(import.meta.url);",
  },
})
await writeFile(join(dist, 'package.json'), '{ "type": "module" }\n')
for (const pkg of NATIVE) await shipPackage(pkg)
process.stderr.write(
  `built ${Object.keys(entries).join(', ')} into dist/ in ${Date.now() - started} ms\n`,
)

// --- internal ---

async function shipPackage({ name, keep }) {
  const from = join(root, 'node_modules', name)
  const to = join(dist, 'node_modules', name)
  const version = JSON.parse(await readFile(join(from, 'package.json'), 'utf8')).version
  const shipped = await readFile(join(to, 'package.json'), 'utf8').then(
    (t) => JSON.parse(t).version,
    () => null,
  )
  if (shipped === version) return
  await rm(to, { recursive: true, force: true })
  for (const part of keep ?? ['.']) {
    const src = join(from, part)
    if (!(await stat(src).catch(() => null))) continue
    await cp(src, join(to, part), { recursive: true, dereference: true })
  }
}
