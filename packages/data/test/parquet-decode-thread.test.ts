// The Parquet decoder's second thread failing on its own (here its code throws as it loads):
// the file is still decoded, on one thread, to the same table, with a warning that says so.
import type * as WorkerThreads from 'node:worker_threads'
import { describe, expect, it, vi } from 'vitest'
import { freeCores } from '../src/busy-cores.ts'
import { decodeParquet } from '../src/parquet-decode.ts'
import { expectSameTable } from './_parquet-compare.ts'
import { fixture } from './_view.ts'

vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof WorkerThreads>()
  class BrokenWorker extends actual.Worker {
    constructor() {
      super('throw new Error("its code did not load")', { eval: true })
    }
  }
  return { ...actual, Worker: BrokenWorker }
})

describe('decodeParquet with a failing second thread', () => {
  it.skipIf(freeCores() < 2)('decodes on one thread and warns', async () => {
    const path = fixture('pyarrow-v1-pages.parquet')
    const warnings: Error[] = []
    const listen = (warning: Error) => warnings.push(warning)
    process.on('warning', listen)
    try {
      const alone = await decodeParquet(path)
      const split = await decodeParquet(path, undefined, 0)
      if (typeof alone === 'string') throw new Error(alone)
      expectSameTable(split, alone)
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', listen)
    }
    const codes = warnings.map((warning) => (warning as { code?: string }).code)
    expect(codes).toEqual(['MLGATE_PARQUET_THREAD'])
    expect(warnings[0]?.message).toMatch(/its code did not load.*decoded on one thread/)
  })
})
