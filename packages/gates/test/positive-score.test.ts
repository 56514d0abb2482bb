import type { Table } from '@mlgate/data'
import type { ModelInfo, Predictions } from '@mlgate/onnx'
import { describe, expect, it } from 'vitest'
import type { Scored } from '../src/accuracy/evaluate.ts'
import { positiveScores } from '../src/positive-score.ts'
import type { Finding } from '../src/result.ts'

const table: Table = { source: 'holdout.csv', rowCount: 3, columns: [] }

function scored(probabilities: number[] | null, labels: number[] | null = null): Scored {
  const predictions = {
    rowCount: 3,
    labels: labels && Float64Array.from(labels),
    probabilities: probabilities && Float64Array.from(probabilities),
    classes: [0, 1],
    scores: null,
    columns: null,
  } as unknown as Predictions
  return { info: { path: 'model.onnx', classes: [0, 1] } as unknown as ModelInfo, predictions }
}

describe('positiveScores', () => {
  it("takes the positive class's probabilities, once per predictions and class", () => {
    const model = scored([0.9, 0.1, 0.3, 0.7, 0.5, 0.5])
    const first = positiveScores(model, '1', table, [])
    expect([...first.scores]).toEqual([0.1, 0.7, 0.5])
    expect(positiveScores(model, '1', table, []).scores).toBe(first.scores)
    expect([...positiveScores(model, '0', table, []).scores]).toEqual([0.9, 0.3, 0.5])
    // Other predictions of the same numbers are their own.
    const other = scored([0.9, 0.1, 0.3, 0.7, 0.5, 0.5])
    expect(positiveScores(other, '1', table, []).scores).not.toBe(first.scores)
  })

  it('warns about a labels-only model at every call', () => {
    const model = scored(null, [1, 0, 1])
    for (let call = 0; call < 2; call++) {
      const findings: Finding[] = []
      const { scores, labelsOnly } = positiveScores(model, '1', table, findings)
      expect([...scores, labelsOnly]).toEqual([1, 0, 1, true])
      expect(findings).toHaveLength(1)
    }
  })

  it('refuses a NaN probability at every call, naming the row', () => {
    const model = scored([0.9, 0.1, NaN, NaN, 0.5, 0.5])
    for (let call = 0; call < 2; call++) {
      expect(() => positiveScores(model, '1', table, [])).toThrow(/data row 2 of holdout\.csv/)
    }
  })
})
