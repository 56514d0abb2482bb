import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ModelProto } from '../src/index.ts'
import { DataType, inspectModel, ModelError, openModel } from '../src/index.ts'
import { FIXTURES } from './_paths.ts'
import { dim, node, openDim, tensorType, valueInfo } from '../src/_graph.ts'
import { inspectGraph } from '../src/_inspect.ts'

function model(outputs: [string, number, number[] | null][]): ModelProto {
  return {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: 17n, unknown: [] }],
    metadataProps: [],
    graph: {
      node: outputs.map(([name]) => node('Identity', '', ['x'], [name])),
      initializer: [],
      input: [valueInfo('x', tensorType(DataType.FLOAT, [openDim, dim(4)]))],
      output: outputs.map(([name, type, shape]) =>
        valueInfo(
          name,
          tensorType(
            type,
            (shape ?? []).map((d) => (d < 0 ? openDim : dim(d))),
          ),
        ),
      ),
      valueInfo: [],
      unknown: [],
    },
    unknown: [],
  }
}

describe('inspectGraph', () => {
  it('finds label and probabilities by name among several outputs', () => {
    const facts = inspectGraph(
      model([
        ['scores', DataType.FLOAT, [-1, 3]],
        ['output_label', DataType.INT64, [-1]],
        ['output_probability', DataType.FLOAT, [-1, 3]],
      ]),
      [],
    )
    expect(facts).toMatchObject({
      labelOutput: 'output_label',
      probabilityOutput: 'output_probability',
      scoreOutput: null,
      task: 'multiclass',
      classes: null,
      opset: 17,
      fixedBatchSize: null,
    })
  })

  it('calls a two-column probability output binary without class labels', () => {
    const facts = inspectGraph(model([['p', DataType.FLOAT, [-1, 2]]]), [])
    expect(facts).toMatchObject({ task: 'binary', probabilityOutput: 'p', labelOutput: null })
  })

  it('calls a single [N, 1] float output a regression', () => {
    expect(inspectGraph(model([['y', DataType.DOUBLE, [-1, 1]]]), []).task).toBe('regression')
  })

  it('says which outputs it found when none holds predictions', () => {
    const m = model([
      ['a', DataType.FLOAT, [-1, 1]],
      ['b', DataType.FLOAT, [-1, 1]],
    ])
    expect(() => inspectGraph(m, [])).toThrow(ModelError)
    expect(() => inspectGraph(m, [])).toThrow(
      /found "a" \(float \[N, 1\]\), "b" \(float \[N, 1\]\)/,
    )
  })
})

describe('inspectModel', () => {
  it('tells what openModel tells, ZipMap removed, without a session; and its errors', async () => {
    for (const name of [
      'breast-cancer.logistic.onnx',
      'breast-cancer.logistic-nozipmap.onnx',
      'breast-cancer.gradient-boosting.onnx',
    ]) {
      const path = join(FIXTURES, name)
      const model = await openModel(path)
      try {
        expect(await inspectModel(path), name).toEqual(model.info)
      } finally {
        await model.close()
      }
    }
    await expect(inspectModel(join(FIXTURES, 'no-such.onnx'))).rejects.toThrow(
      /Cannot read model file/,
    )
    await expect(inspectModel(join(FIXTURES, 'breast-cancer.holdout.csv'))).rejects.toThrow(
      ModelError,
    )
  })
})
