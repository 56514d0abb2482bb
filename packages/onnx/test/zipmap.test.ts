import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ModelProto } from '../src/index.ts'
import {
  DataType,
  decodeModel,
  linearClassifierModel,
  openModel,
  removeZipMap,
} from '../src/index.ts'
import { stripZipMap } from '../src/_zipmap.ts'
import { node } from '../src/_graph.ts'
import { FIXTURES, HAVE_REAL_MODELS, REAL_MODELS, realModelsTitle } from './_paths.ts'
import { tableFromCsv } from './_table.ts'

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path))
}

describe('removeZipMap', () => {
  it('drops the ZipMap and makes its probability tensor the graph output', () => {
    const original = read(join(FIXTURES, 'wine.random-forest.onnx'))
    const { bytes, removed } = removeZipMap(original)
    expect(removed).toBe(true)
    const model = decodeModel(bytes)
    expect(model.graph?.node.map((n) => n.opType)).toEqual(['TreeEnsembleClassifier', 'Cast'])
    expect(model.graph?.output.map((o) => o.name)).toEqual(['output_label', 'probabilities'])
    const type = model.graph?.output[1]?.type?.value
    expect(type?.kind).toBe('tensor')
    if (type?.kind !== 'tensor') return
    expect(type.elemType).toBe(DataType.FLOAT)
    // [N, 3]: batch dimension as the input declares it (open), one column per class.
    expect(type.shape?.dim.map((d) => d.dimValue)).toEqual([undefined, 3n])
    // Everything else is untouched: the tree ensemble node re-encodes to the same attributes.
    expect(model.graph?.node[0]).toEqual(decodeModel(original).graph?.node[0])
  })

  it('returns the same bytes when there is no ZipMap', () => {
    const original = linearClassifierModel({
      featureCount: 2,
      coefficients: [1, 2],
      intercept: 0,
      classes: [0, 1],
      zipMap: false,
    })
    const result = removeZipMap(original)
    expect(result.removed).toBe(false)
    expect(result.bytes).toBe(original)
  })

  it('keeps a ZipMap whose output another node reads', () => {
    const model = decodeModel(
      linearClassifierModel({ featureCount: 1, coefficients: [1], intercept: 0, classes: [0, 1] }),
    )
    const graph = model.graph
    if (graph == null) throw new Error('no graph')
    const consumed: ModelProto = {
      ...model,
      graph: {
        ...graph,
        node: [...graph.node, node('Identity', '', ['output_probability'], ['copy'])],
      },
    }
    const { removed } = stripZipMap(consumed)
    expect(removed).toEqual([])
  })

  it('takes class labels from the ZipMap', () => {
    const model = decodeModel(
      linearClassifierModel({ featureCount: 1, coefficients: [1], intercept: 0, classes: [3, 7] }),
    )
    const { removed } = stripZipMap(model)
    expect(removed).toEqual([
      { zipMapOutput: 'output_probability', probabilities: 'probabilities', classes: [3, 7] },
    ])
  })
})

type Expected = {
  features: string[]
  models: Record<
    string,
    { files: string[]; classes: number[]; labels: number[]; probabilities: number[][] }
  >
}

function expected(file: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Expected
}

describe('ZipMap removed vs the converter layout without ZipMap (same weights)', () => {
  it.each([
    ['breast-cancer', 'breast-cancer.logistic.onnx', 'breast-cancer.logistic-nozipmap.onnx'],
    ['wine', 'wine.random-forest.onnx', 'wine.random-forest-nozipmap.onnx'],
  ])('%s: %s scores bitwise like %s', async (dataset, zipMapFile, twinFile) => {
    const { features } = expected(`${dataset}.expected.json`)
    const data = tableFromCsv(join(FIXTURES, `${dataset}.holdout.csv`))
    const withZipMap = await openModel(join(FIXTURES, zipMapFile))
    const twin = await openModel(join(FIXTURES, twinFile))
    try {
      expect([withZipMap.info.removedZipMap, twin.info.removedZipMap]).toEqual([true, false])
      const a = await withZipMap.predict(data, { columns: features })
      const b = await twin.predict(data, { columns: features })
      const pa = a.probabilities as Float64Array
      expect(pa.length).toBe(data.rowCount * (a.classes?.length ?? 0))
      expect(
        Buffer.from(pa.buffer).equals(Buffer.from((b.probabilities as Float64Array).buffer)),
      ).toBe(true)
      expect(a.labels).toEqual(b.labels)
      expect(a.classes).toEqual(b.classes)
    } finally {
      await withZipMap.close()
      await twin.close()
    }
  })
})

/**
 * The published titanic pair was trained twice (coefficients 0.3977 vs 0.4163, imputed fare 14.5
 * vs 14.454, pclass string vs int64), so the two cannot agree bit for bit; each is checked against
 * a numpy evaluation of its own graph (scripts/oracle/make_models.py) instead.
 */
describe.skipIf(!HAVE_REAL_MODELS)(
  realModelsTitle('titanic pipelines from skl2onnx on small_titanic.csv'),
  () => {
    const oracle = JSON.parse(
      readFileSync(join(FIXTURES, 'real-models.expected.json'), 'utf8'),
    ) as {
      models: Record<string, { labels: number[]; probabilities: number[][] }>
    }

    it.each(['pipeline_titanic.onnx', 'pipeline_titanic_nozipmap.onnx'])(
      '%s matches an independent evaluation of its graph',
      async (file) => {
        const data = tableFromCsv(join(REAL_MODELS, 'small_titanic.csv'))
        const model = await openModel(join(REAL_MODELS, file))
        try {
          const p = await model.predict(data)
          const want = oracle.models[file]
          if (want == null) throw new Error(`no expectations for ${file}`)
          expect(p.rowCount).toBe(38)
          expect(p.classes).toEqual([0, 1])
          expect(Array.from(p.labels as Float64Array)).toEqual(want.labels)
          const got = p.probabilities as Float64Array
          let maxDiff = 0
          want.probabilities
            .flat()
            .forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (got[i] as number)))))
          expect(maxDiff).toBeLessThan(1e-6)
        } finally {
          await model.close()
        }
      },
    )

    it('the ZipMap model feeds its string pclass input from an integer column as text', async () => {
      const model = await openModel(join(REAL_MODELS, 'pipeline_titanic.onnx'))
      try {
        expect(model.info.inputs.find((i) => i.name === 'pclass')?.type).toBe('string')
        expect(model.info.removedZipMap).toBe(true)
        expect(model.info.outputs.map((o) => o.name)).toEqual(['output_label', 'probabilities'])
      } finally {
        await model.close()
      }
    })
  },
)
