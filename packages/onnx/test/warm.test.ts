import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { openModel } from '../src/index.ts'
import { warmRuntime } from '../src/warm.ts'
import { FIXTURES } from './_paths.ts'
import { tableFromCsv } from './_table.ts'

/**
 * ONNX Runtime started on a worker thread (`warmRuntime`), as the drift worker starts it while the
 * main thread reads: the main thread's models must then open and score as ever, also after that
 * worker has ended, and give the same numbers.
 */
// Under the project's node_modules, where the bundle finds onnxruntime-node (and git looks not).
const cache = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url))
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(join(cache, 'mlgate-warm-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function workerFile(): Promise<string> {
  const bundle = join(dir, 'warm-worker.mjs')
  const entry = join(dir, 'entry.ts')
  writeFileSync(
    entry,
    `import { parentPort } from 'node:worker_threads'
import { warmRuntime } from ${JSON.stringify(fileURLToPath(new URL('../src/warm.ts', import.meta.url)))}
await warmRuntime()
parentPort.postMessage('warm')
`,
  )
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: bundle,
    external: ['onnxruntime-node'],
    logLevel: 'warning',
  })
  return bundle
}

async function scores(): Promise<Float64Array> {
  const model = await openModel(join(FIXTURES, 'breast-cancer.logistic.onnx'))
  try {
    const data = tableFromCsv(join(FIXTURES, 'breast-cancer.holdout.csv'))
    const label = data.columns.findIndex((c) => c.name === 'target')
    const features = { ...data, columns: data.columns.filter((_, i) => i !== label) }
    return (await model.predict(features)).probabilities as Float64Array
  } finally {
    await model.close()
  }
}

describe('warmRuntime', () => {
  it('starts the runtime on this thread', async () => {
    await expect(warmRuntime()).resolves.toBeUndefined()
  })

  it("leaves the main thread's models working after the worker that started the runtime ends", async () => {
    const before = await scores()
    const worker = new Worker(await workerFile())
    const said = await new Promise((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    expect(said).toBe('warm')
    const during = scores()
    await worker.terminate()
    expect(await during).toEqual(before)
    expect(await scores()).toEqual(before)
  })
})
