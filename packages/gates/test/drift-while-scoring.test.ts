import { afterAll, describe, expect, it } from 'vitest'
import type { Column, Table } from '@mlgate/data'
import { decimalColumn } from '@mlgate/data/decimal-column'
import { ConfigError, driftConfigSchema } from '../src/index.ts'
import type { GateResult } from '../src/index.ts'
import type { DriftTask } from '../src/drift/_task.ts'
import { driftWorkers, type DriftWorkers } from '../src/drift/_workers.ts'
import { evaluateDriftWhileScoring, evaluateDriftWith } from '../src/drift/evaluate.ts'
import { buildProfile, type DriftProfile } from '../src/drift/profile.ts'

/**
 * A run whose model still scores the current table hands the features' comparisons to the
 * workers first and the prediction's when the scores come: the report must be the one of
 * comparing everything after the scoring, and a failed scoring must win over everything else.
 */
const n = 4_000
let seed = 11
const next = (): number => (seed = (48271 * seed) % 2147483647) / 2147483647

/** Keys in shared memory, as the CSV reader keeps them; a text column and the scores as their own. */
function table(shift: number, rows = n): { table: Table; scores: Column } {
  const keys = new Int32Array(new SharedArrayBuffer(4 * rows))
  for (let i = 0; i < rows; i++) keys[i] = Math.round((next() + shift) * 1000)
  const missing = Uint8Array.from({ length: rows }, (_, i) => (i % 97 === 5 ? 1 : 0))
  for (let i = 0; i < rows; i++) if (missing[i] === 1) keys[i] = 0
  const x = decimalColumn({
    name: 'x',
    type: 'number',
    decimal: { keys, scale: 3 },
    missing,
    nullCount: missing.reduce((a, b) => a + b, 0),
  })
  const dictionary = ['red', 'green', 'blue']
  const codes = Int32Array.from({ length: rows }, () => Math.floor((next() + shift / 2) * 3) % 3)
  const colour: Column = { name: 'colour', type: 'string', codes, dictionary, nullCount: 0 }
  const values = Float64Array.from({ length: rows }, () => Math.fround(Math.min(1, next() + shift)))
  const scores: Column = { name: 'prediction', type: 'number', values, missing: null, nullCount: 0 }
  return { table: { source: 'current.csv', rowCount: rows, columns: [x, colour] }, scores }
}

const reference = table(0)
/** A profile of its own for each run: a run that hands its arrays over moves them away. */
const profile = (): DriftProfile =>
  buildProfile({
    table: reference.table,
    file: 'reference.csv',
    sha256: 'f'.repeat(64),
    features: ['x', 'colour'],
    categorical: new Set(['colour']),
    prediction: {
      column: reference.scores,
      model: { file: 'model.onnx', sha256: 'e'.repeat(64), score: 'P(class 1)' },
    },
  })
const config = driftConfigSchema.parse({ current: 'current.csv', model: 'model.onnx' })

const pools: DriftWorkers[] = []
afterAll(() => Promise.all(pools.map((p) => p.close())))
function pool(threads: number): DriftWorkers {
  const workers = driftWorkers(threads)
  pools.push(workers)
  return workers
}

/** A result without its timings. */
function comparable(r: GateResult): GateResult {
  const context = Object.fromEntries(Object.entries(r.context).filter(([k]) => !k.endsWith('_ms')))
  return { ...r, context }
}

const inputs = (current: Table) => ({ profile: profile(), profileSource: 'built', current })

describe('evaluateDriftWhileScoring', () => {
  it('gives the report of comparing after the scoring, on the main thread and on workers', async () => {
    const current = table(0.2)
    const after = await evaluateDriftWith(pool(1), config, {
      ...inputs(current.table),
      prediction: current.scores,
    })
    expect(after.metrics['prediction_psi']).toBeGreaterThan(0.1)
    for (const threads of [1, 2]) {
      const result = await evaluateDriftWhileScoring(
        pool(threads),
        config,
        { ...inputs(current.table), scoring: Promise.resolve(current.scores) },
        { handOver: true },
      )
      expect(comparable(result), `${threads} threads`).toEqual(comparable(after))
    }
    // The caller's columns were lent, never moved: the model could go on reading them.
    const colour = current.table.columns[1]!
    expect(colour.type === 'string' && colour.codes.length).toBe(n)
  })

  it('hands the features out before the scores come, and the prediction after', async () => {
    const current = table(0.1)
    const workers = pool(2)
    const asked: string[][] = []
    const watched: DriftWorkers = {
      ...workers,
      run: (tasks, options) => {
        asked.push(tasks.map((t: DriftTask) => ('column' in t ? t.column.name : t.kind)))
        return workers.run(tasks, options)
      },
    }
    let score = (_: Column): void => undefined
    const scoring = new Promise<Column>((resolve) => (score = resolve))
    const result = evaluateDriftWhileScoring(watched, config, {
      ...inputs(current.table),
      scoring,
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(asked).toEqual([['x', 'colour']])
    score(current.scores)
    expect((await result).metrics['prediction_psi']).toBeGreaterThan(0)
    expect(asked).toEqual([['x', 'colour'], ['prediction']])
  })

  it("throws the scoring's error before any other", async () => {
    const current = table(0)
    const failed = new Error('the model failed on row 7')
    const scoring = Promise.reject(failed)
    await expect(
      evaluateDriftWhileScoring(pool(2), config, { ...inputs(current.table), scoring }),
    ).rejects.toBe(failed)
    // A column the profile does not cover is a ConfigError, but the scoring failed first.
    const renamed: Table = {
      ...current.table,
      columns: current.table.columns.map((c) => ({ ...c, name: c.name === 'x' ? 'y' : c.name })),
    }
    await expect(
      evaluateDriftWhileScoring(pool(2), config, { ...inputs(renamed), scoring }),
    ).rejects.toBe(failed)
    await expect(
      evaluateDriftWhileScoring(pool(2), config, {
        ...inputs(renamed),
        scoring: Promise.resolve(current.scores),
      }),
    ).rejects.toBeInstanceOf(ConfigError)
  })

  it('reports a current table without rows once the scoring is done', async () => {
    const empty = table(0, 0)
    const result = await evaluateDriftWhileScoring(pool(1), config, {
      ...inputs(empty.table),
      scoring: Promise.resolve(empty.scores),
    })
    expect(result.status).toBe('error')
    // A failed scoring is its error, not an unhandled rejection behind that report.
    const failed = new Error('the model could not be opened')
    await expect(
      evaluateDriftWhileScoring(pool(1), config, {
        ...inputs(empty.table),
        scoring: Promise.reject(failed),
      }),
    ).rejects.toBe(failed)
  })
})
