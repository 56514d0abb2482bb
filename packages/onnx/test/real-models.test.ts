import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openModel } from '../src/index.ts'
import { FIXTURES, HAVE_REAL_MODELS, REAL_MODELS, realModelsTitle } from './_paths.ts'
import { numberColumn, table, tableFromCsv } from './_table.ts'

/** `*.testdata.json` from the converter's test suite: input rows and sklearn's [labels, probabilities]. */
type TestData = { data: number[][]; expected: [(number | string)[], number[][]] }

function maxDifference(got: Float64Array, want: number[][]): number {
  let max = 0
  want.flat().forEach((v, i) => (max = Math.max(max, Math.abs(v - (got[i] as number)))))
  return max
}

function testData(file: string): TestData {
  return JSON.parse(readFileSync(join(REAL_MODELS, file), 'utf8')) as TestData
}

function rowsTable(rows: number[][]) {
  const width = rows[0]?.length ?? 0
  return table(
    Array.from({ length: width }, (_, j) =>
      numberColumn(
        `x${j}`,
        rows.map((r) => r[j] as number),
      ),
    ),
  )
}

describe.skipIf(!HAVE_REAL_MODELS)(realModelsTitle('published converter models'), () => {
  it('SklearnLogitisticRegressionBinary (IR 3, fixed batch 1) reproduces its test data', async () => {
    const { data, expected } = testData('SklearnLogitisticRegressionBinary.testdata.json')
    const model = await openModel(join(REAL_MODELS, 'SklearnLogitisticRegressionBinary.model.onnx'))
    try {
      expect(model.info).toMatchObject({
        task: 'binary',
        classes: [0, 1],
        removedZipMap: true,
        fixedBatchSize: 1,
        irVersion: 3,
        opset: 0,
        producer: 'OnnxMLTools 1.3.1',
      })
      // The table has exactly three numeric columns, so no `columns` is needed.
      const p = await model.predict(rowsTable(data))
      expect(p.rowCount).toBe(150)
      expect(p.latency.batches).toBe(150)
      expect(Array.from(p.labels as Float64Array)).toEqual(expected[0])
      expect(maxDifference(p.probabilities as Float64Array, expected[1])).toBeLessThan(1e-5)
    } finally {
      await model.close()
    }
  })

  it('SklearnBinGradientBoostingClassifier returns string labels', async () => {
    const { data, expected } = testData('SklearnBinGradientBoostingClassifier.testdata.json')
    const model = await openModel(
      join(REAL_MODELS, 'SklearnBinGradientBoostingClassifier.model.onnx'),
    )
    try {
      expect(model.info.classes).toEqual(['A', 'B'])
      const p = await model.predict(rowsTable(data))
      expect(p.labels).toEqual(expected[0])
      expect(p.classes).toEqual(['A', 'B'])
      expect(maxDifference(p.probabilities as Float64Array, expected[1])).toBeLessThan(1e-5)
    } finally {
      await model.close()
    }
  })

  const oracle = JSON.parse(readFileSync(join(FIXTURES, 'real-models.expected.json'), 'utf8')) as {
    models: Record<string, { features: string[]; labels: number[]; probabilities: number[][] }>
  }

  it.each(['logreg_iris.onnx', 'rf_iris.onnx'])(
    '%s matches an independent evaluation on the iris rows',
    async (file) => {
      const want = oracle.models[file]
      if (want == null) throw new Error(`no expectations for ${file}`)
      const model = await openModel(join(REAL_MODELS, file))
      try {
        expect(model.info.task).toBe('multiclass')
        expect(model.info.classes).toEqual([0, 1, 2])
        const p = await model.predict(tableFromCsv(join(FIXTURES, 'iris.csv')), {
          columns: want.features,
        })
        expect(p.rowCount).toBe(150)
        expect(maxDifference(p.probabilities as Float64Array, want.probabilities)).toBeLessThan(
          1e-5,
        )
        expect(Array.from(p.labels as Float64Array)).toEqual(want.labels)
      } finally {
        await model.close()
      }
    },
  )
})
