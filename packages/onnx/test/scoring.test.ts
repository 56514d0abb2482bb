import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Table } from '@mlgate/data'
import type { ModelOutputs, Predictions, ScoreOptions } from '../src/index.ts'
import { decodeModel, encodeModel, ModelError, openModel } from '../src/index.ts'
import { FIXTURES } from './_paths.ts'
import { pickRows, tableFromCsv } from './_table.ts'

/**
 * `Model.scoring` scores tables that follow one another (the chunks of a file) as `predict`
 * scores one table of all their rows: the same labels, probabilities and scores, to the bit.
 */
const fixture = (file: string) => join(FIXTURES, file)
const features = (
  JSON.parse(readFileSync(fixture('breast-cancer.expected.json'), 'utf8')) as {
    features: string[]
  }
).features

/** `t` cut into consecutive tables of the given row counts (the last takes the rest). */
function cut(t: Table, sizes: readonly number[]): Table[] {
  const out: Table[] = []
  let at = 0
  for (const size of [...sizes, t.rowCount]) {
    const end = Math.min(t.rowCount, at + size)
    if (end > at)
      out.push(
        pickRows(
          t,
          Array.from({ length: end - at }, (_, i) => at + i),
        ),
      )
    at = end
  }
  return out
}

/** What `predict` gives, but the timings. */
function outputs(p: Predictions) {
  const { latency, ...rest } = p
  return { ...rest, batches: latency.batches, batchSize: latency.batchSize }
}

const MODELS: { file: string; data: string; options: ScoreOptions }[] = [
  {
    file: 'breast-cancer.logistic.onnx',
    data: 'breast-cancer.holdout.csv',
    options: { columns: features },
  },
  {
    file: 'breast-cancer.gradient-boosting.onnx',
    data: 'breast-cancer.holdout.csv',
    options: { columns: features },
  },
  {
    file: 'breast-cancer.logistic-batch1.onnx',
    data: 'breast-cancer.holdout.csv',
    options: { columns: features },
  },
  { file: 'wine.random-forest.onnx', data: 'wine.holdout.csv', options: {} },
  // One input per column, text columns among them.
  { file: 'customers.logistic.onnx', data: 'customers.holdout.csv', options: {} },
]

describe('Model.scoring', () => {
  it.each(MODELS)('scores chunks of $data as predict scores the whole, with $file', async (m) => {
    const whole = tableFromCsv(fixture(m.data), (name) => name !== 'target' && name !== 'label')
    const model = await openModel(fixture(m.file))
    try {
      const options = { ...m.options, batchSize: 16 }
      const want = await model.predict(whole, options)
      for (const sizes of [[1, 7, 50], [16, 16], [5]]) {
        const chunks = cut(whole, sizes)
        const run = await model.scoring(options)
        const seen: number[] = []
        for (const chunk of chunks) await run.add(chunk, (done) => seen.push(done))
        const got = run.finish()
        // Each chunk ends its own last batch: the runs are those of scoring each chunk.
        const step = model.info.fixedBatchSize ?? 16
        const batches = chunks.reduce((n, c) => n + Math.ceil(c.rowCount / step), 0)
        expect(outputs(got), `chunks ${sizes.join(', ')}`).toEqual({ ...outputs(want), batches })
        expect(seen.at(-1)).toBe(chunks.at(-1)!.rowCount)
      }
    } finally {
      await model.close()
    }
  })

  it.each(MODELS)(
    'gives each chunk’s outputs from add, and keeps none with keepOutputs false, with $file',
    async (m) => {
      const whole = tableFromCsv(fixture(m.data), (name) => name !== 'target' && name !== 'label')
      const model = await openModel(fixture(m.file))
      try {
        const want = await model.predict(whole, m.options)
        const chunks = cut(whole, [7, 20])
        for (const keepOutputs of [true, false]) {
          const run = await model.scoring({ ...m.options, keepOutputs })
          const each: ModelOutputs[] = []
          for (const chunk of chunks) each.push(await run.add(chunk))
          expect(each.map((o) => o.rowCount)).toEqual(chunks.map((c) => c.rowCount))
          // The chunks' outputs, end to end, are the whole table's.
          const joined = (pick: (o: ModelOutputs) => Float64Array | string[] | null) => {
            const parts = each.map(pick)
            return parts[0] == null ? null : parts.flatMap((p) => [...(p ?? [])])
          }
          expect(joined((o) => o.labels)).toEqual(want.labels && [...want.labels])
          expect(joined((o) => o.probabilities)).toEqual(
            want.probabilities && [...want.probabilities],
          )
          expect(joined((o) => o.scores)).toEqual(want.scores && [...want.scores])
          expect(each.every((o) => String(o.classes) === String(want.classes))).toBe(true)
          const got = run.finish()
          expect(got.rowCount).toBe(whole.rowCount)
          if (keepOutputs) expect(got.probabilities).toEqual(want.probabilities)
          else
            expect([got.labels, got.probabilities, got.scores, got.classes]).toEqual([
              null,
              null,
              null,
              null,
            ])
        }
      } finally {
        await model.close()
      }
    },
  )

  it.each(MODELS)(
    'leaves the labels out on request, and only when probabilities say as much, with $file',
    async (m) => {
      const whole = tableFromCsv(fixture(m.data), (name) => name !== 'target' && name !== 'label')
      const model = await openModel(fixture(m.file))
      try {
        const all = await model.predict(whole, m.options)
        const some = await model.predict(whole, { ...m.options, labels: false })
        const run = await model.scoring({ ...m.options, labels: false })
        for (const chunk of cut(whole, [9])) await run.add(chunk)
        const chunked = run.finish()
        for (const p of [some, chunked]) {
          const { labels, ...rest } = outputs(p)
          const { labels: allLabels, ...allRest } = outputs(all)
          expect({ ...rest, batches: 0 }).toEqual({ ...allRest, batches: 0 })
          expect(labels).toEqual(all.probabilities == null ? allLabels : null)
        }
      } finally {
        await model.close()
      }
    },
  )

  it('keeps the labels of a classifier without probabilities', async () => {
    const decoded = decodeModel(readFileSync(fixture('breast-cancer.logistic-nozipmap.onnx')))
    const graph = decoded.graph
    if (graph == null) throw new Error('no graph')
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-labels-'))
    const path = join(dir, 'labels-only.onnx')
    try {
      writeFileSync(
        path,
        encodeModel({
          ...decoded,
          graph: { ...graph, output: graph.output.filter((o) => o.name !== 'probabilities') },
        }),
      )
      const model = await openModel(path)
      try {
        expect(model.info.probabilityOutput).toBeNull()
        const whole = tableFromCsv(fixture('breast-cancer.holdout.csv'), (n) => n !== 'target')
        const p = await model.predict(whole, { columns: features, labels: false })
        expect(p.probabilities).toBeNull()
        expect(p.labels).toHaveLength(whole.rowCount)
      } finally {
        await model.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('copies each chunk, which may be overwritten once added', async () => {
    const whole = tableFromCsv(fixture('breast-cancer.holdout.csv'))
    const model = await openModel(fixture('breast-cancer.logistic.onnx'))
    try {
      const want = await model.predict(whole, { columns: features })
      const run = await model.scoring({ columns: features })
      for (const chunk of cut(whole, [40, 40])) {
        await run.add(chunk)
        for (const c of chunk.columns) if (c.type !== 'string') c.values.fill(1e6)
      }
      expect(run.finish().probabilities).toEqual(want.probabilities)
    } finally {
      await model.close()
    }
  })

  it('refuses a chunk whose columns pack otherwise than the first, naming the model', async () => {
    const whole = tableFromCsv(fixture('breast-cancer.holdout.csv'), (name) => name !== 'target')
    const model = await openModel(fixture('breast-cancer.logistic.onnx'))
    try {
      const [first, second] = cut(whole, [10, 10])
      const run = await model.scoring()
      await run.add(first!)
      // The same numeric columns in another order: packed by table order, so not as before.
      const reordered = { ...second!, columns: [...second!.columns].reverse() }
      const error = await run.add(reordered).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ModelError)
      expect(String(error)).toContain('breast-cancer.logistic.onnx')
      expect(String(error)).toMatch(/packed columns .* at row 11 of .* other than before/)
      // A chunk without a column the model reads fails as predict fails on it.
      const missing = { ...second!, columns: second!.columns.slice(1) }
      expect(String(await run.add(missing).catch((e: unknown) => e))).toMatch(/30 features/)
    } finally {
      await model.close()
    }
  })

  it('gives empty predictions when no table was added', async () => {
    const model = await openModel(fixture('breast-cancer.logistic.onnx'))
    try {
      const run = await model.scoring()
      const p = run.finish()
      expect(p.rowCount).toBe(0)
      expect(p.latency.batches).toBe(0)
    } finally {
      await model.close()
    }
  })
})
