import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '@mlgate/onnx'
import { labelsRead } from '../src/scoring.ts'

// The gates read a binary classifier's probabilities only; the drift gate compares other
// classifiers' own labels (which may differ from the most probable class).
describe('labelsRead', () => {
  it.each([
    ['binary', false],
    ['multiclass', true],
    ['regression', true],
  ] as const)('%s: labels %s', (task, read) => {
    expect(labelsRead({ task } as ModelInfo)).toEqual({ labels: read })
  })
})
