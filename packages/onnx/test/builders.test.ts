import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LinearClassifierOptions } from '../src/index.ts'
import { decodeModel, linearClassifierModel, openModel } from '../src/index.ts'
import { FIXTURES } from './_paths.ts'
import { numberColumn, table } from './_table.ts'

const rows = table([
  numberColumn('a', [1, 2, 0]),
  numberColumn('b', [0, 1, 0]),
  numberColumn('c', [1, 0, 0]),
])
const base: LinearClassifierOptions = {
  featureCount: 3,
  coefficients: [1, -2, 0.5],
  intercept: 0.1,
  classes: [0, 1],
}

describe('linearClassifierModel', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-onnx-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function score(options: LinearClassifierOptions) {
    const path = join(dir, `m${Math.random().toString(36).slice(2)}.onnx`)
    writeFileSync(path, linearClassifierModel(options))
    const model = await openModel(path)
    try {
      return { info: model.info, p: await model.predict(rows) }
    } finally {
      await model.close()
    }
  }

  it('scores P(positive) = 1 / (1 + exp(-(w·x + b)))', async () => {
    const { info, p } = await score(base)
    expect(info).toMatchObject({
      task: 'binary',
      classes: [0, 1],
      removedZipMap: true,
      producer: 'mlgate',
    })
    expect(info.inputs).toEqual([{ name: 'float_input', type: 'float', shape: [null, 3] }])
    // z = 1.6, 0.1, 0.1 (hand-computed).
    const want = [1.6, 0.1, 0.1].map((z) => 1 / (1 + Math.exp(-z)))
    const got = p.probabilities as Float64Array
    want.forEach((q, i) => {
      expect(got[2 * i + 1]).toBeCloseTo(q, 6)
      expect(got[2 * i]).toBeCloseTo(1 - q, 6)
    })
    expect(Array.from(p.labels as Float64Array)).toEqual([1, 1, 1])
  })

  it('labels with the given classes', async () => {
    const { info, p } = await score({ ...base, intercept: -1, classes: [3, 7] })
    expect(info.classes).toEqual([3, 7])
    // z = 0.5, -1, -1.
    expect(Array.from(p.labels as Float64Array)).toEqual([7, 3, 3])
  })

  it('without ZipMap outputs the same numbers as tensors named label and probabilities', async () => {
    const zipped = await score(base)
    const plain = await score({ ...base, zipMap: false })
    expect(plain.info.removedZipMap).toBe(false)
    expect(plain.info.outputs.map((o) => o.name)).toEqual(['label', 'probabilities'])
    expect(plain.p.probabilities).toEqual(zipped.p.probabilities)
  })

  it('names the input as asked', async () => {
    const { info } = await score({ ...base, inputName: 'features' })
    expect(info.inputs[0]?.name).toBe('features')
  })

  it('lays the graph out as the oracle writes a LogisticRegression', () => {
    const ours = decodeModel(linearClassifierModel(base)).graph
    const oracle = decodeModel(readFileSync(join(FIXTURES, 'breast-cancer.logistic.onnx'))).graph
    const layout = (g: typeof ours) =>
      g?.node.map((n) => [n.opType, n.domain, n.attribute.map((a) => [a.name, a.type])])
    expect(layout(ours)).toEqual(layout(oracle)?.slice(1))
    expect(ours?.output.map((o) => [o.name, o.type?.value?.kind])).toEqual(
      oracle?.output.map((o) => [o.name, o.type?.value?.kind]),
    )
  })

  it('rejects inconsistent options', () => {
    expect(() => linearClassifierModel({ ...base, featureCount: 2 })).toThrow(
      /coefficients has 3 values, featureCount is 2/,
    )
    expect(() => linearClassifierModel({ ...base, classes: [1, 1] })).toThrow(
      /two different integers/,
    )
    expect(() => linearClassifierModel({ ...base, featureCount: 0, coefficients: [] })).toThrow(
      /featureCount/,
    )
  })
})

describe('linearClassifierModel with columns', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-onnx-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('records the feature columns so scoring binds them by name', async () => {
    const path = join(dir, 'named.onnx')
    writeFileSync(path, linearClassifierModel({ ...base, columns: ['c', 'a', 'b'] }))
    const model = await openModel(path)
    try {
      expect(model.info.columns).toEqual(['c', 'a', 'b'])
      // Extra columns (a label, a string) do not matter once the model names its features.
      const wider = table([...rows.columns, numberColumn('target', [1, 0, 1])])
      const named = await model.predict(wider)
      const explicit = await model.predict(wider, { columns: ['c', 'a', 'b'] })
      expect(named.probabilities).toEqual(explicit.probabilities)
      // z for row 1 with x = (c, a, b) = (1, 1, 0): 1·1 − 2·1 + 0.5·0 + 0.1 = −0.9.
      expect((named.probabilities as Float64Array)[1]).toBeCloseTo(1 / (1 + Math.exp(0.9)), 6)
      const missing = await model
        .predict(table([numberColumn('a', [1]), numberColumn('b', [1])]))
        .catch((e: unknown) => e)
      expect(String(missing)).toContain('from a column named "c"')
    } finally {
      await model.close()
    }
  })

  it('refuses columns that do not match the features', () => {
    expect(() => linearClassifierModel({ ...base, columns: ['a', 'b'] })).toThrow(
      /columns must name 3 different columns/,
    )
    expect(() => linearClassifierModel({ ...base, columns: ['a', 'a', 'b'] })).toThrow(
      /columns must name 3 different columns/,
    )
  })
})
