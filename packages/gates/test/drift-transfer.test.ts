import { describe, expect, it } from 'vitest'
import type { DriftTask } from '../src/drift/_task.ts'
import { postable, viewBytes } from '../src/drift/_transfer.ts'

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

describe('viewBytes', () => {
  it('sums the bytes of every typed array in a task, shared memory and subarrays included', () => {
    const shared = new Float64Array(new SharedArrayBuffer(80))
    const part = new Float64Array(100).subarray(10, 30)
    expect(viewBytes(task(shared))).toBe(80)
    expect(viewBytes(task(part))).toBe(160)
    expect(viewBytes([task(shared), { codes: Int32Array.of(1, 2), names: ['a'] }])).toBe(88)
    expect(viewBytes({ kind: 'decode', encoded: 'AAAA' })).toBe(0)
  })
})
