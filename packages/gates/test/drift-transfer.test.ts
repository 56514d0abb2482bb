import { describe, expect, it } from 'vitest'
import type { DriftTask } from '../src/drift/_task.ts'
import { decimalColumn } from '@mlgate/data/decimal-column'
import { lentColumn, postable, viewBytes } from '../src/drift/_transfer.ts'

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

describe('lentColumn', () => {
  it('keeps arrays in shared memory and copies the others, whatever the column holds', () => {
    const keys = new Int32Array(new SharedArrayBuffer(12))
    keys.set([125, -3, 0])
    const missing = Uint8Array.of(0, 0, 1)
    const keyed = decimalColumn({
      name: 'x',
      type: 'number',
      decimal: { keys, scale: 2 },
      missing,
      nullCount: 1,
    })
    const lent = lentColumn(keyed)
    if (lent.type === 'string') throw new Error('a number column')
    expect(lent.decimal?.keys).toBe(keys)
    expect(lent.missing).not.toBe(missing)
    expect([...lent.missing!]).toEqual([0, 0, 1])
    expect([...lent.values]).toEqual([1.25, -0.03, NaN])
    // Posted handed over, the copy moves and the caller's flags stay whole.
    const [posted] = postable(
      [{ kind: 'profile', column: lent, role: 'feature', categorical: [] }],
      true,
    )
    expect(posted!.transfer).toEqual([lent.missing!.buffer])
    expect(missing.byteLength).toBe(3)

    const own = Float64Array.of(1, 2)
    const plain = lentColumn({
      name: 'y',
      type: 'number',
      values: own,
      missing: null,
      nullCount: 0,
    })
    expect(plain.type === 'string' ? null : plain.values).not.toBe(own)
    const codes = Int32Array.of(0, -1, 1)
    const text = lentColumn({
      name: 'z',
      type: 'string',
      codes,
      dictionary: ['a', 'b'],
      nullCount: 1,
    })
    if (text.type !== 'string') throw new Error('a text column')
    expect(text.codes).not.toBe(codes)
    expect([...text.codes]).toEqual([0, -1, 1])
    expect(text.dictionary).toEqual(['a', 'b'])
  })
})
