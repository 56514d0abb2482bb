import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTable } from '@mlgate/data'
import type { Model, Predictions, ScoreOptions } from '@mlgate/onnx'
import { linearClassifierModel, openModel } from '@mlgate/onnx'
import { scoreInChunks } from '../src/scored-chunks.ts'
import { featureTable } from '../src/scoring.ts'

/**
 * A holdout scored in chunks reads only the columns its models read (and those it keeps) when it
 * can tell which they are: the predictions are those of the file read whole, and a column no
 * model reads can no longer send the scan back to a whole read.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-scored-chunks-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * 200 rows: two numeric features, a note whose first rows are empty and whose last is text (a
 * chunk of empty cells reads it as numbers, the whole file as text), and the label.
 */
function holdout(): string {
  const lines = ['a,b,note,label']
  for (let i = 0; i < 200; i++) {
    const note = i === 199 ? 'late text' : ''
    lines.push(`${(i % 17) * 0.25 - 2},${((i * 7) % 11) - 5},${note},${i % 3 === 0 ? 1 : 0}`)
  }
  const path = join(dir, 'holdout.csv')
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function linearModel(name: string, columns?: readonly string[]): Promise<Model> {
  const path = join(dir, `${name}.onnx`)
  const bytes = linearClassifierModel({
    featureCount: 2,
    coefficients: [0.8, -0.3],
    intercept: 0.1,
    classes: [0, 1],
    ...(columns ? { columns } : {}),
  })
  writeFileSync(path, bytes)
  return openModel(path)
}

/** Predictions without their timings. */
function scores(p: Predictions) {
  return { labels: p.labels, probabilities: p.probabilities, columns: p.columns }
}

async function chunked(path: string, model: Model, options: ScoreOptions) {
  const scorings = [{ model, exclude: ['label'], options }]
  return scoreInChunks(path, ['label'], scorings, { blockBytes: 256 })
}

describe('scoreInChunks', () => {
  it('reads the features of a model that names them, and the kept columns', async () => {
    const path = holdout()
    const whole = await readTable(path)
    const named = await linearModel('named', ['a', 'b'])
    const unnamed = await linearModel('unnamed')
    try {
      const expected = scores(await named.predict(featureTable(whole, ['label'])))
      // The model's own list, or the columns option, gives the features.
      for (const [model, options] of [
        [named, {}],
        [unnamed, { columns: ['a', 'b'] }],
      ] as const) {
        const out = await chunked(path, model, options)
        expect(out).toBeDefined()
        expect(scores(out!.predictions[0]!)).toEqual(expected)
        expect(out!.table.columns.map((c) => c.name)).toEqual(['label'])
      }
    } finally {
      await named.close()
      await unnamed.close()
    }
  })

  it('reads every column for a model that packs the numeric ones, whichever they are', async () => {
    const path = holdout()
    const unnamed = await linearModel('any-numeric')
    try {
      // Read whole, a and b are the only numeric features, so the model takes them; the chunks
      // must see every column to know that, and the note's late text sends them to a whole read.
      await expect(
        unnamed.predict(featureTable(await readTable(path), ['label'])),
      ).resolves.toBeDefined()
      expect(await chunked(path, unnamed, {})).toBeUndefined()
    } finally {
      await unnamed.close()
    }
  })
})
