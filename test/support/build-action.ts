import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

/**
 * Bundles an action entry the way releases are built (github-runtime.md §7): one ESM file for
 * Node 20 and 24, with the `createRequire` banner bundled CommonJS needs, native ONNX Runtime kept
 * external, and a `package.json` that makes the folder ESM. Returns the bundle's path.
 */
export async function buildAction(entry: string, outDir: string, name = 'main'): Promise<string> {
  await build({
    entryPoints: { [name]: entry },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    external: ['onnxruntime-node', 'onnxruntime-common'],
    logLevel: 'error',
  })
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}\n')
  return join(outDir, `${name}.js`)
}
