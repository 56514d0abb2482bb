import { describe, expect, it } from 'vitest'
import { createResampler } from '@mlgate/stats'
import { resamplerFactory, threadedResampler } from '../src/bootstrap/threaded-resampler.ts'

/** `resamples` draws of a resampler, each copied. */
function drawsOf(resampler: { draw(c: Uint8Array): void }, n: number, resamples: number) {
  return Array.from({ length: resamples }, () => {
    const counts = new Uint8Array(n)
    resampler.draw(counts)
    return counts
  })
}

describe('resamples drawn on a thread of their own', () => {
  const n = 5003
  const seed = 77
  const resamples = 11

  it('are the very counts createResampler draws, in order', async () => {
    const factory = await resamplerFactory({}, 0)
    expect(factory).toBeDefined()
    const threaded = factory!(n, seed, resamples) as ReturnType<typeof threadedResampler>
    try {
      expect(drawsOf(threaded, n, resamples)).toEqual(
        drawsOf(createResampler(n, seed), n, resamples),
      )
    } finally {
      threaded.close()
    }
  })

  it('stay on the calling thread for small bootstraps and with MLGATE_THREADS=1', async () => {
    const factory = await resamplerFactory({})
    // Below the threshold the factory hands back the plain resampler (no close to call).
    expect(factory!(n, seed, resamples)).not.toHaveProperty('close')
    expect(await resamplerFactory({ MLGATE_THREADS: '1' })).toBeUndefined()
  })

  it('are drawn on the calling thread, the same ones, when the thread draws nothing', () => {
    // A thread that starts and draws nothing: the ring stays empty until the wait gives up.
    const idle = new URL(`data:text/javascript,${encodeURIComponent('// draws nothing')}`)
    const warnings: string[] = []
    const hear = (w: Error) => warnings.push(w.message)
    process.on('warning', hear)
    const resampler = threadedResampler(idle, { n, seed, resamples }, 100)
    try {
      const draws = drawsOf(resampler, n, resamples)
      expect(draws).toEqual(drawsOf(createResampler(n, seed), n, resamples))
    } finally {
      resampler.close()
    }
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        process.off('warning', hear)
        expect(warnings.join('\n')).toMatch(/resampling thread stopped after 0 of 11 resamples/)
        resolve()
      }),
    )
  })
})
