import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TreeNode } from '../src/index.ts'
import { openModel, treeEnsembleClassifierModel } from '../src/index.ts'
import { numberColumn, table } from './_table.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-trees-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Tree 1 splits on a at 1.5 (<= goes left); tree 2 on b at 0.
const trees: TreeNode[] = [
  { feature: 0, threshold: 1.5, left: { probability: 0.2 }, right: { probability: 0.9 } },
  {
    feature: 1,
    threshold: 0,
    left: { probability: 0.1 },
    right: { feature: 0, threshold: 0.5, left: { probability: 0.4 }, right: { probability: 1 } },
  },
]

describe('treeEnsembleClassifierModel', () => {
  it('averages leaf probabilities over the trees, sending x <= threshold left', async () => {
    const path = join(dir, 'forest.onnx')
    writeFileSync(
      path,
      treeEnsembleClassifierModel({ featureCount: 2, trees, classes: [0, 1], columns: ['a', 'b'] }),
    )
    const model = await openModel(path)
    try {
      const rows = table([numberColumn('a', [1.5, 2, 0, 1]), numberColumn('b', [0, 1, 1, 5])])
      const p = await model.predict(rows)
      // By hand: row 1 (a=1.5 → left 0.2; b=0 → left 0.1) → 0.15; row 2 (0.9; b>0, a>0.5 → 1) → 0.95;
      // row 3 (0.2; b>0, a<=0.5 → 0.4) → 0.3; row 4 (0.2; a>0.5 → 1) → 0.6.
      const positive = [1, 3, 5, 7].map((i) => p.probabilities?.[i] ?? NaN)
      expect(positive.map((v) => Number(v.toFixed(6)))).toEqual([0.15, 0.95, 0.3, 0.6])
      expect(model.info.task).toBe('binary')
      expect([...(p.labels ?? [])].map(Number)).toEqual([0, 1, 0, 1])
    } finally {
      await model.close()
    }
  })

  it('refuses a split on a feature the model does not have', () => {
    expect(() =>
      treeEnsembleClassifierModel({
        featureCount: 1,
        trees: [trees[1] as TreeNode],
        classes: [0, 1],
      }),
    ).toThrow(/feature 1/)
  })
})
