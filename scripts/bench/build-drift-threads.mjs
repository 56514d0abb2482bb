// Bundles scripts/bench/drift-threads.ts and drift-break-even.ts (and the drift and CSV workers)
// into one folder, the way scripts/build.mjs bundles dist/, so that a measurement never touches dist/.
//   node scripts/bench/build-drift-threads.mjs <out-dir>
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const out = process.argv[2]
if (!out) throw new Error('usage: node scripts/bench/build-drift-threads.mjs <out-dir>')
const entries = {
  'drift-threads': join(root, 'scripts/bench/drift-threads.ts'),
  'drift-break-even': join(root, 'scripts/bench/drift-break-even.ts'),
}
const worker = join(root, 'packages/gates/src/drift/drift-worker.ts')
if (existsSync(worker)) entries['drift-worker'] = worker
const csvWorker = join(root, 'packages/data/src/csv-worker.ts')
if (existsSync(csvWorker)) entries['csv-worker'] = csvWorker
await build({
  entryPoints: entries,
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['onnxruntime-node', 'onnxruntime-common', '@duckdb/node-bindings'],
  banner: {
    js: "import { createRequire as __mlgateRequire } from 'node:module'; const require = __mlgateRequire(import.meta.url);",
  },
})
