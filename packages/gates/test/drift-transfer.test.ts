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
  it('moves arrays handed over, shares those in shared memory, and copies other borrowed ones', () => {
    const own = Float64Array.of(1, 2, 3)
    const shared = new Float64Array(new SharedArrayBuffer(24))
    shared.set([4, 5, 6])
    const [moved, sharedPost] = postable([task(own), task(shared)], true)
    expect(valuesOf(moved!.task)).toBe(own)
    expect(moved!.transfer).toEqual([own.buffer])
    expect(valuesOf(sharedPost!.task)).toBe(shared)
    expect(sharedPost!.transfer).toEqual([])
    // Borrowed: shared memory is shared all the same (tasks only read it), the rest copied.
    const [sharedBorrowed, copied] = postable([task(shared), task(own)])
    expect(valuesOf(sharedBorrowed!.task)).toBe(shared)
    expect(sharedBorrowed!.transfer).toEqual([])
    expect(valuesOf(copied!.task)).not.toBe(own)
    expect([...valuesOf(copied!.task)]).toEqual([1, 2, 3])
    expect(copied!.transfer).toEqual([valuesOf(copied!.task).buffer])
  })
})
