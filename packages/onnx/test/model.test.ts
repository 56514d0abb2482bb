import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Table } from '@mlgate/data'
import type { Model } from '../src/index.ts'
import { DataType, ModelError, decodeModel, encodeModel, openModel } from '../src/index.ts'
import { dim, floatsAttribute, node, openDim, tensorType, valueInfo } from '../src/_graph.ts'
import { FIXTURES } from './_paths.ts'
import { numberColumn, pickRows, stringColumn, table, tableFromCsv } from './_table.ts'

type Expected = {
  features: string[]
  models: Record<
    string,
    { files: string[]; classes: number[]; labels: number[]; probabilities: number[][] }
  >
}
type Reference = { models: Record<string, Record<string, number>> }

const json = <T>(file: string): T => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as T
const fixture = (file: string) => join(FIXTURES, file)

/** Largest |ORT − sklearn| over all probabilities. */
function maxDifference(got: Float64Array, want: number[][]): number {
  let max = 0
  want.flat().forEach((v, i) => (max = Math.max(max, Math.abs(v - (got[i] as number)))))
  return max
}

const cases = [
  ['breast-cancer', 'logistic', 'binary'],
  ['breast-cancer', 'gradient-boosting', 'binary'],
  ['wine', 'random-forest', 'multiclass'],
  ['customers', 'logistic', 'binary'],
] as const

describe('scores like scikit-learn on the oracle models', () => {
  it.each(cases)(
    '%s %s: probabilities within 1e-5, same labels and accuracy',
    async (dataset, name, task) => {
      const expected = json<Expected>(`${dataset}.expected.json`)
      const reference = json<Reference>(`${dataset}.reference.json`)
      const want = expected.models[name]
      if (want == null) throw new Error(`no ${name} in ${dataset}.expected.json`)
      const data = tableFromCsv(fixture(`${dataset}.holdout.csv`))
      const model = await openModel(fixture(`${dataset}.${name}.onnx`))
      try {
        expect(model.info.task).toBe(task)
        expect(model.info.classes).toEqual(want.classes)
        expect(model.info.removedZipMap).toBe(true)
        // The per-column model binds by name; the [N, F] models need the feature order.
        const options = dataset === 'customers' ? {} : { columns: expected.features }
        const p = await model.predict(data, options)
        expect(p.rowCount).toBe(want.labels.length)
        const probabilities = p.probabilities as Float64Array
        expect(probabilities).toBeInstanceOf(Float64Array)
        expect(probabilities).toHaveLength(want.labels.length * want.classes.length)
        expect(maxDifference(probabilities, want.probabilities)).toBeLessThan(1e-5)
        expect(Array.from(p.labels as Float64Array)).toEqual(want.labels)
        // Accuracy from the runtime's labels equals sklearn's, an end-to-end check on reference.json.
        const truth = (data.columns.find((c) => c.name === 'target') as { values: Float64Array })
          .values
        const correct = want.labels.filter(
          (_, i) => (p.labels as Float64Array)[i] === truth[i],
        ).length
        expect(correct / want.labels.length).toBeCloseTo(
          reference.models[name]?.accuracy ?? Number.NaN,
          12,
        )
      } finally {
        await model.close()
      }
    },
  )

  it('widens float32 probabilities to float64 without changing them', async () => {
    const model = await openModel(fixture('breast-cancer.logistic.onnx'))
    try {
      const expected = json<Expected>('breast-cancer.expected.json')
      const p = await model.predict(tableFromCsv(fixture('breast-cancer.holdout.csv')), {
        columns: expected.features,
      })
      const values = p.probabilities as Float64Array
      expect(values.every((v) => Math.fround(v) === v)).toBe(true)
      // Not all float32 values are float64-representable decimals: widening is exact, not rounded.
      expect(values.some((v) => v !== Number(v.toPrecision(7)))).toBe(true)
    } finally {
      await model.close()
    }
  })
})

describe('input binding', () => {
  let logistic: Model
  let customers: Model
  let data: Table
  let features: string[]
  beforeAll(async () => {
    logistic = await openModel(fixture('breast-cancer.logistic.onnx'))
    customers = await openModel(fixture('customers.logistic.onnx'))
    data = tableFromCsv(fixture('breast-cancer.holdout.csv'))
    features = json<Expected>('breast-cancer.expected.json').features
  })
  afterAll(async () => {
    await logistic.close()
    await customers.close()
  })

  it('requires `columns` when the table has more numeric columns than the model has features', async () => {
    const error = await logistic.predict(data).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect(String(error)).toContain('input "float_input" expects float [N, 30]')
    expect(String(error)).toContain('30 features, and the table has 31 numeric columns')
    expect(String(error)).toContain('pass `columns`')
    expect(String(error)).toContain('breast-cancer.logistic.onnx')
  })

  it('takes the numeric columns in table order when there are exactly F of them', async () => {
    const withoutTarget = { ...data, columns: data.columns.filter((c) => c.name !== 'target') }
    const a = await logistic.predict(withoutTarget)
    const b = await logistic.predict(data, { columns: features })
    expect(a.probabilities).toEqual(b.probabilities)
    // The order used is reported, so a report can say which columns fed which feature.
    expect(a.columns).toEqual(features)
  })

  it('packs columns in the order given, not table order', async () => {
    const reversed = { ...data, columns: [...data.columns].reverse() }
    const a = await logistic.predict(reversed, { columns: features })
    const b = await logistic.predict(data, { columns: features })
    expect(a.probabilities).toEqual(b.probabilities)
    const swapped = [features[1], features[0], ...features.slice(2)] as string[]
    const c = await logistic.predict(data, { columns: swapped })
    expect(c.probabilities).not.toEqual(b.probabilities)
  })

  it('says both counts when `columns` has the wrong length', async () => {
    const error = await logistic
      .predict(data, { columns: features.slice(0, 29) })
      .catch((e: unknown) => e)
    expect(String(error)).toMatch(/expects float \[N, 30\] \(30 features\), but `columns` names 29/)
  })

  /** The error of scoring with a text column `name` of `cells` as the last of the 30 features. */
  const textFeatureError = (name: string, cells: readonly string[]) =>
    logistic
      .predict(
        { ...data, columns: [...data.columns, stringColumn(name, cells)] },
        { columns: [...features.slice(0, 29), name] },
      )
      .catch((e: unknown) => e)

  it('names the column and the input when a string column is put in a float matrix', async () => {
    const error = await textFeatureError('note', Array<string>(data.rowCount).fill('x'))
    expect(String(error)).toContain('column "note"')
    expect(String(error)).toContain('holds strings')
    expect(String(error)).toContain('input "float_input" expects float [N, 30]')
  })

  it('quotes the first cell that is not a number, with its row, when a number column read as text', async () => {
    const cells = Array.from({ length: data.rowCount }, (_, i) => String(i / 8))
    cells[0] = ''
    cells[3] = ' 7 '
    cells[5] = 'n/a'
    cells[9] = 'later'
    const error = await textFeatureError('mixed', cells)
    // The empty cell (row 1) is text too: it comes first.
    expect(String(error)).toContain('column "mixed" of')
    expect(String(error)).toContain('holds strings (for example "" in data row 1).')
    cells[0] = '0'
    const error2 = await textFeatureError('mixed', cells)
    expect(String(error2)).toContain('holds strings (for example "n/a" in data row 6).')
  })

  it('lists the available columns when one is missing', async () => {
    const error = await logistic
      .predict(data, { columns: [...features.slice(0, 29), 'nope'] })
      .catch((e: unknown) => e)
    expect(String(error)).toContain('from a column named "nope"')
    expect(String(error)).toContain('Available columns: mean_radius (number)')
    const holdout = tableFromCsv(fixture('customers.holdout.csv'), (name) => name !== 'plan')
    const missing = await customers.predict(holdout).catch((e: unknown) => e)
    expect(String(missing)).toContain(
      'input "plan" expects string [N, 1] from a column named "plan"',
    )
    expect(String(missing)).toContain(
      'Available columns: visits (integer), tenure_months (number), monthly_spend (number), target (integer)',
    )
  })

  it('rejects `columns` for a model with one input per column', async () => {
    const holdout = tableFromCsv(fixture('customers.holdout.csv'))
    const error = await customers.predict(holdout, { columns: ['visits'] }).catch((e: unknown) => e)
    expect(String(error)).toContain(
      'takes 4 inputs ("plan", "visits", "tenure_months", "monthly_spend") one column each',
    )
  })

  it('refuses a non-whole number for an int64 input, naming column and row', async () => {
    const holdout = tableFromCsv(fixture('customers.holdout.csv'))
    const columns = holdout.columns.map((c) => {
      if (c.name !== 'visits' || c.type === 'string') return c
      const values = Float64Array.from(c.values)
      values[6] = 2.5
      return { ...c, type: 'number' as const, values }
    })
    const error = await customers.predict({ ...holdout, columns }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect(String(error)).toContain(
      'input "visits" expects int64 [N, 1], but column "visits" row 7',
    )
    expect(String(error)).toContain('has 2.5, which is not a valid int64')
  })

  it('refuses a string column for a numeric input and a missing value for int64', async () => {
    const holdout = tableFromCsv(fixture('customers.holdout.csv'))
    const text = holdout.columns.map((c) =>
      c.name === 'tenure_months'
        ? stringColumn('tenure_months', Array(holdout.rowCount).fill('long'))
        : c,
    )
    expect(
      String(await customers.predict({ ...holdout, columns: text }).catch((e: unknown) => e)),
    ).toContain('input "tenure_months" expects float [N, 1], but column "tenure_months" of')
    const gap = holdout.columns.map((c) =>
      c.name === 'visits' && c.type !== 'string'
        ? { ...c, values: Float64Array.from(c.values, (v, i) => (i === 3 ? Number.NaN : v)) }
        : c,
    )
    expect(
      String(await customers.predict({ ...holdout, columns: gap }).catch((e: unknown) => e)),
    ).toContain('row 4 of')
  })

  it('feeds missing numbers as NaN, which the model imputes', async () => {
    const holdout = tableFromCsv(fixture('customers.holdout.csv'))
    const spend = holdout.columns.find((c) => c.name === 'monthly_spend')
    expect(spend?.nullCount).toBeGreaterThan(0)
    const p = await customers.predict(holdout)
    expect((p.probabilities as Float64Array).every(Number.isFinite)).toBe(true)
  })

  it('scores in batches of any size with the same result and reports progress', async () => {
    const progress: number[] = []
    const small = await logistic.predict(data, {
      columns: features,
      batchSize: 7,
      onProgress: (done, total) => {
        expect(total).toBe(143)
        progress.push(done)
      },
    })
    const whole = await logistic.predict(data, { columns: features })
    expect(small.probabilities).toEqual(whole.probabilities)
    expect(small.latency.batches).toBe(21)
    expect(small.latency.batchSize).toBe(7)
    expect(whole.latency.batches).toBe(1)
    expect(progress).toHaveLength(21)
    expect(progress[0]).toBe(7)
    expect(progress.at(-1)).toBe(143)
    await expect(logistic.predict(data, { columns: features, batchSize: 0 })).rejects.toThrow(
      /batchSize must be a whole number/,
    )
  })

  it('returns empty predictions for an empty table', async () => {
    const empty = pickRows(data, [])
    const p = await logistic.predict(empty, { columns: features })
    expect(p.rowCount).toBe(0)
    expect(p.probabilities).toHaveLength(0)
    expect(p.latency.batches).toBe(0)
  })
})

describe('intra-op threads', () => {
  it('scores on one thread unless asked: the outputs do not depend on the cores', async () => {
    // A tree ensemble, whose sums ONNX Runtime orders by thread when it has more than one.
    const expected = json<Expected>('breast-cancer.expected.json')
    const data = tableFromCsv(fixture('breast-cancer.holdout.csv'))
    const model = await openModel(fixture('breast-cancer.gradient-boosting.onnx'))
    try {
      const options = { columns: expected.features }
      const byDefault = await model.predict(data, options)
      const one = await model.predict(data, { ...options, intraOpThreads: 1 })
      expect(byDefault.probabilities).toEqual(one.probabilities)
    } finally {
      await model.close()
    }
  })
})

describe('a model with a fixed batch dimension of 1', () => {
  it('scores 1,000 rows one run at a time', async () => {
    const expected = json<Expected>('breast-cancer.expected.json')
    const want = expected.models.logistic
    if (want == null) throw new Error('no logistic expectations')
    const holdout = tableFromCsv(fixture('breast-cancer.holdout.csv'))
    const order = Array.from({ length: 1000 }, (_, i) => i % holdout.rowCount)
    const model = await openModel(fixture('breast-cancer.logistic-batch1.onnx'))
    try {
      expect(model.info.fixedBatchSize).toBe(1)
      expect(model.info.inputs[0]?.shape).toEqual([1, 30])
      const p = await model.predict(pickRows(holdout, order), { columns: expected.features })
      expect(p.rowCount).toBe(1000)
      expect(p.latency.batchSize).toBe(1)
      expect(p.latency.batches).toBe(1000)
      const rows = order.map((r) => want.probabilities[r] as number[])
      expect(maxDifference(p.probabilities as Float64Array, rows)).toBeLessThan(1e-5)
      expect(Array.from(p.labels as Float64Array)).toEqual(order.map((r) => want.labels[r]))
    } finally {
      await model.close()
    }
  })
})

describe('a regression model', () => {
  it('returns one score per row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-onnx-'))
    try {
      // y = 2·a − b + 0.5 (ai.onnx.ml LinearRegressor), output float [N, 1].
      const bytes = encodeModel({
        irVersion: 8n,
        metadataProps: [],
        opsetImport: [
          { domain: '', version: 13n, unknown: [] },
          { domain: 'ai.onnx.ml', version: 1n, unknown: [] },
        ],
        graph: {
          name: 'regressor',
          node: [
            node(
              'LinearRegressor',
              'ai.onnx.ml',
              ['x'],
              ['variable'],
              [floatsAttribute('coefficients', [2, -1]), floatsAttribute('intercepts', [0.5])],
            ),
          ],
          initializer: [],
          input: [valueInfo('x', tensorType(DataType.FLOAT, [openDim, dim(2)]))],
          output: [valueInfo('variable', tensorType(DataType.FLOAT, [openDim, dim(1)]))],
          valueInfo: [],
          unknown: [],
        },
        unknown: [],
      })
      writeFileSync(join(dir, 'regressor.onnx'), bytes)
      const model = await openModel(join(dir, 'regressor.onnx'))
      expect(model.info.task).toBe('regression')
      expect(model.info.scoreOutput).toBe('variable')
      expect(model.info.classes).toBeNull()
      const p = await model.predict(
        table([numberColumn('a', [1, 3, 0]), numberColumn('b', [2, 0.5, 0])]),
      )
      expect(Array.from(p.scores as Float64Array)).toEqual([0.5, 6, 0.5])
      expect(p.labels).toBeNull()
      expect(p.probabilities).toBeNull()
      await model.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('files that are not models', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-onnx-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('rejects a truncated model, naming the file', async () => {
    const bytes = readFileSync(fixture('wine.random-forest.onnx'))
    const path = join(dir, 'truncated.onnx')
    writeFileSync(path, bytes.subarray(0, 1000))
    const error = await openModel(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect(String(error)).toContain(`Model "${path}" is not a valid ONNX model`)
    expect(String(error)).toContain('not truncated')
  })

  it('rejects random bytes, naming the file', async () => {
    const path = join(dir, 'random.onnx')
    // A fixed pseudo-random sequence (LCG constants from Numerical Recipes).
    let x = 12345
    writeFileSync(
      path,
      Uint8Array.from({ length: 2048 }, () => (x = (x * 1664525 + 1013904223) >>> 0) >>> 24),
    )
    const error = await openModel(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect(String(error)).toContain(`Model "${path}" is not a valid ONNX model`)
  })

  it('says when the file cannot be read, and what to do', async () => {
    const absent = join(dir, 'absent.onnx')
    await expect(openModel(absent)).rejects.toThrow(
      `Cannot read model file "${absent}": file not found (ENOENT); check the path`,
    )
    await expect(openModel(dir)).rejects.toThrow(
      `Cannot read model file "${dir}": it is a folder (EISDIR); give the path of the .onnx file`,
    )
  })

  it('passes on ONNX Runtime’s refusal of a well-formed model with an unknown operator', async () => {
    const model = decodeModel(readFileSync(fixture('breast-cancer.logistic.onnx')))
    const graph = model.graph
    if (graph == null) throw new Error('no graph')
    const path = join(dir, 'unknown-op.onnx')
    writeFileSync(
      path,
      encodeModel({
        ...model,
        graph: {
          ...graph,
          node: graph.node.map((n) =>
            n.opType === 'Scaler' ? { ...n, opType: 'NoSuchScaler' } : n,
          ),
        },
      }),
    )
    const error = await openModel(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect(String(error)).toContain(`Model "${path}" could not be loaded by ONNX Runtime`)
    expect(String(error)).toContain('NoSuchScaler')
  })

  it('refuses to score after close', async () => {
    const model = await openModel(fixture('wine.random-forest.onnx'))
    await model.close()
    await expect(model.predict(tableFromCsv(fixture('wine.holdout.csv')))).rejects.toThrow(
      /is closed/,
    )
  })
})
