import { describe, expect, it } from 'vitest'
import type { DriftTask } from '../src/drift/_task.ts'
import { postable } from '../src/drift/_transfer.ts'

const task = (values: Float64Array): DriftTask => ({
  kind: 'profile',
  column: { name: 'x', type: 'number', values, missing: null, nullCount: 0 },
  role: 'feature',
  categorical: [],
})

const valuesOf = (t: unknown): Float64Array =>
  (t as { column: { values: Float64Array } }).column.values

describe('postable', () => {
  it('moves arrays handed over, shares those in shared memory, and copies borrowed ones', () => {
    const own = Float64Array.of(1, 2, 3)
    const shared = new Float64Array(new SharedArrayBuffer(24))
    shared.set([4, 5, 6])
    const [moved, sharedPost] = postable([task(own), task(shared)], true)
    expect(valuesOf(moved!.task)).toBe(own)
    expect(moved!.transfer).toEqual([own.buffer])
    expect(valuesOf(sharedPost!.task)).toBe(shared)
    expect(sharedPost!.transfer).toEqual([])
    const [copied] = postable([task(shared)])
    expect(valuesOf(copied!.task)).not.toBe(shared)
    expect([...valuesOf(copied!.task)]).toEqual([4, 5, 6])
    expect(valuesOf(copied!.task).buffer).toBeInstanceOf(ArrayBuffer)
  })
})
