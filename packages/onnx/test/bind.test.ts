import { describe, expect, it } from 'vitest'
import type { TensorInfo } from '../src/index.ts'
import { ModelError } from '../src/index.ts'
import { allocateFeed, bindInputs, feedDims, fillInput } from '../src/_bind.ts'
import { packRows } from '../src/_pack.ts'
import { decimalColumn } from '@mlgate/data'
import { numberColumn, stringColumn, table } from './_table.ts'

const input = (name: string, type: TensorInfo['type'], shape: TensorInfo['shape']): TensorInfo => ({
  name,
  type,
  shape,
})

function fill(inputs: TensorInfo[], t: ReturnType<typeof table>, columns?: string[]) {
  const [binding] = bindInputs(inputs, t, columns)
  if (binding == null) throw new Error('no binding')
  const buffer = allocateFeed(binding, t.rowCount)
  fillInput(binding, t, 0, t.rowCount, buffer)
  return { binding, buffer, dims: feedDims(binding, t.rowCount) }
}

describe('packRows', () => {
  it('writes row-major from an offset', () => {
    const out = new Float32Array(4)
    packRows([Float64Array.of(1, 2, 3), Float64Array.of(10, 20, 30)], 1, 2, out)
    expect(Array.from(out)).toEqual([2, 20, 3, 30])
  })

  it.each([1, 3, 4, 8, 13, 30])(
    'matches a plain row-by-row loop across block boundaries, NaN included (%i columns)',
    (features) => {
      // 13 columns take each path: eight at a time, four, then one.
      const n = 1000
      const cols = Array.from({ length: features }, (_, j) =>
        Float64Array.from({ length: n }, (_, i) => (i % 97 === j ? Number.NaN : i * 31 + j)),
      )
      const out = new Float64Array((n - 5) * features)
      packRows(cols, 5, n - 5, out)
      const want = new Float64Array((n - 5) * features)
      for (let r = 0; r < n - 5; r++)
        for (let j = 0; j < features; j++) want[r * features + j] = cols[j]?.[r + 5] as number
      expect(out).toEqual(want)
      expect(out.some(Number.isNaN)).toBe(true)
    },
  )
})

describe('bindInputs / fillInput', () => {
  it('packs columns held as decimal keys as their values, batch by batch', () => {
    const n = 2500
    const keys = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 100_003)
    const missing = Uint8Array.from({ length: n }, (_, i) => (i % 31 === 0 ? 1 : 0))
    const keyed = decimalColumn({
      name: 'k',
      type: 'number',
      decimal: { keys, scale: 3 },
      missing,
      nullCount: missing.reduce((a, b) => a + b, 0),
    })
    const doubles = Array.from(keys, (k, i) => (missing[i] === 1 ? Number.NaN : k / 1000))
    const plain = numberColumn('p', [...doubles].reverse())
    const shape: TensorInfo['shape'] = [null, 2]
    const [withKeys] = bindInputs([input('x', 'float', shape)], table([keyed, plain]), ['k', 'p'])
    const [withDoubles] = bindInputs(
      [input('x', 'float', shape)],
      table([numberColumn('k', doubles), plain]),
      ['k', 'p'],
    )
    if (withKeys == null || withDoubles == null) throw new Error('no binding')
    // Batches of 1000 rows from row 250, as scoring fills them; the last one shorter.
    for (const start of [250, 1250, 2250]) {
      const rows = Math.min(1000, n - start)
      const a = allocateFeed(withKeys, rows)
      const b = allocateFeed(withDoubles, rows)
      fillInput(withKeys, table([keyed, plain]), start, rows, a)
      fillInput(withDoubles, table([numberColumn('k', doubles), plain]), start, rows, b)
      expect(a).toEqual(b)
    }
  })

  it('packs a matrix of columns all held as decimal keys from the keys, as from their values', () => {
    // 13 columns (four at a time, then one by one), scales 0 to 9, missing cells in some.
    const n = 700
    const keyed = Array.from({ length: 13 }, (_, j) => {
      const scale = j % 10
      const keys = Int32Array.from(
        { length: n },
        (_, i) => ((i * 7919 + j * 104_729) % 2_000_003) - 1_000_000,
      )
      const missing =
        j % 3 === 0 ? Uint8Array.from({ length: n }, (_, i) => (i % (j + 5) === 2 ? 1 : 0)) : null
      if (missing) for (let i = 0; i < n; i++) if (missing[i] === 1) keys[i] = 0
      return decimalColumn({
        name: `c${j}`,
        type: 'number',
        decimal: { keys, scale },
        missing,
        nullCount: missing ? missing.reduce((a, b) => a + b, 0) : 0,
      })
    })
    const names = keyed.map((c) => c.name)
    // Plain columns of the same doubles: Number(k) / 10^scale, NaN where missing.
    const plain = keyed.map((c) => numberColumn(c.name, Array.from(c.values)))
    for (const type of ['float', 'double'] as const) {
      const shape: TensorInfo['shape'] = [null, 13]
      const [fromKeys] = bindInputs([input('x', type, shape)], table(keyed), names)
      const [fromValues] = bindInputs([input('x', type, shape)], table(plain), names)
      if (fromKeys?.kind !== 'matrix' || fromValues == null) throw new Error('no binding')
      expect(fromKeys.keyed).not.toBeNull()
      for (const [start, rows] of [
        [0, 64],
        [37, 300],
        [400, 300],
      ] as const) {
        const a = allocateFeed(fromKeys, rows)
        const b = allocateFeed(fromValues, rows)
        fillInput(fromKeys, table(keyed), start, rows, a)
        fillInput(fromValues, table(plain), start, rows, b)
        expect(a, `${type} from row ${start}`).toEqual(b)
        expect(Array.from(a as Float64Array).some(Number.isNaN)).toBe(true)
      }
    }
  })

  it('formats numbers as text for a string input; missing becomes empty', () => {
    const t = table([
      numberColumn('pclass', [1, 2, Number.NaN], 'integer'),
      numberColumn('fare', [29.5, 1e21, -0]),
    ])
    expect(fill([input('pclass', 'string', [null, 1])], t).buffer).toEqual(['1', '2', ''])
    expect(fill([input('fare', 'string', [null, 1])], t).buffer).toEqual(['29.5', '1e+21', '0'])
  })

  it('passes strings through and feeds a missing string as empty', () => {
    const t = table([stringColumn('sex', ['male', null, 'female'])])
    const { buffer, dims } = fill([input('sex', 'string', [null, 1])], t)
    expect(buffer).toEqual(['male', '', 'female'])
    expect(dims).toEqual([3, 1])
  })

  it('refuses a boolean column for a string input', () => {
    const t = table([numberColumn('flag', [0, 1], 'boolean')])
    expect(() => bindInputs([input('flag', 'string', [null, 1])], t)).toThrow(/is boolean/)
  })

  it('converts whole numbers to int64, int32 and bool', () => {
    const t = table([numberColumn('n', [1, -3, 2 ** 53]), numberColumn('b', [0, 1, 1])])
    expect(fill([input('n', 'int64', [null, 1])], t).buffer).toEqual(
      BigInt64Array.of(1n, -3n, 2n ** 53n),
    )
    expect(() => fill([input('n', 'int32', [null])], t)).toThrow(
      /row 3 .* has 9007199254740992, which is not a valid int32/,
    )
    const { buffer, dims } = fill([input('b', 'bool', [null])], t)
    expect(buffer).toEqual(Uint8Array.of(0, 1, 1))
    expect(dims).toEqual([3])
  })

  it('feeds a single [N, 1] input named like a column from that column, else as a one-feature matrix', () => {
    const t = table([numberColumn('age', [1, 2]), numberColumn('x', [5, 6])])
    expect(fill([input('age', 'float', [null, 1])], t).binding.kind).toBe('column')
    expect(() => fill([input('other', 'float', [null, 1])], t)).toThrow(
      /1 features, and the table has 2 numeric columns/,
    )
    const one = table([numberColumn('x', [5, 6])])
    const matrix = fill([input('other', 'float', [null, 1])], one)
    expect(matrix.binding.kind).toBe('matrix')
    expect(matrix.buffer).toEqual(Float32Array.of(5, 6))
  })

  it('asks for `columns` when the feature count is unknown', () => {
    const t = table([numberColumn('a', [1]), numberColumn('b', [2])])
    expect(() => bindInputs([input('X', 'float', [null, 'F'])], t)).toThrow(
      /an unknown number of features/,
    )
    const { buffer } = fill([input('X', 'double', [null, 'F'])], t, ['b', 'a'])
    expect(buffer).toEqual(Float64Array.of(2, 1))
  })

  it('rejects inputs it cannot fill from columns', () => {
    const t = table([numberColumn('a', [1])])
    expect(() => bindInputs([input('a', 'float16', [null, 1])], t)).toThrow(ModelError)
    expect(() => bindInputs([input('a', 'float16', [null, 1])], t)).toThrow(
      /expects float16 \[N, 1\]/,
    )
    expect(() =>
      bindInputs([input('a', 'int64', [null, 3]), input('b', 'float', [null, 1])], t),
    ).toThrow(/expects int64 \[N, 3\]; inputs matched to a column/)
  })
})
