import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { collectAfterRead, fullCollection, youngCollection } from '../src/collections.ts'

/** The kinds of the garbage collections during `run`, as Node's performance timeline has them. */
async function collectionsDuring(run: () => void): Promise<number[]> {
  const entries: PerformanceEntry[] = []
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()))
  observer.observe({ entryTypes: ['gc'] })
  run()
  // Entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50))
  observer.disconnect()
  return entries.map((e) => (e as PerformanceEntry & { detail: { kind: number } }).detail.kind)
}

describe('youngCollection', () => {
  it('runs a minor collection on each call', async () => {
    const collect = youngCollection()
    expect(collect).toBeTypeOf('function')
    const kinds = await collectionsDuring(() => {
      for (let i = 0; i < 3; i++) collect!()
    })
    // The test's own allocations may add collections of any kind; the three asked for are minor.
    const minor = kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MINOR)
    expect(minor.length).toBeGreaterThanOrEqual(3)
  })

  it('leaves no gc global behind', () => {
    expect(youngCollection()).toBeTypeOf('function')
    expect('gc' in globalThis).toBe(false)
  })
})

describe('fullCollection', () => {
  it('runs a major collection on each call', async () => {
    const collect = fullCollection()
    expect(collect).toBeTypeOf('function')
    const kinds = await collectionsDuring(() => {
      for (let i = 0; i < 2; i++) collect!()
    })
    const major = kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MAJOR)
    expect(major.length).toBeGreaterThanOrEqual(2)
  })
})

describe('collectAfterRead', () => {
  it('runs a full collection after a read of 8 million values or more', async () => {
    const kinds = await collectionsDuring(() => collectAfterRead(8_000_000))
    expect(
      kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MAJOR).length,
    ).toBeGreaterThanOrEqual(1)
  })

  it('leaves smaller reads to the engine', async () => {
    const kinds = await collectionsDuring(() => collectAfterRead(7_999_999))
    expect(kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MAJOR)).toEqual([])
  })
})
