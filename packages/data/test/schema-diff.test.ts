import { describe, expect, it } from 'vitest'
import { diffSchemas, isEmptyDiff, parseSchema } from '../src/index.ts'

const before = parseSchema(
  `version: 1
rows: {min: 100}
columns:
  amount: {type: number, min: 0, max: 5000}
  hour: {type: integer, min: 0, max: 23}
  region: {type: category, categories: [north, south, east, west]}
  legacy_score: {type: number}
`,
  'before.yml',
).schema

const after = parseSchema(
  `version: 1
rows: {min: 50}
columns:
  amount: {type: number, min: 0, max: 9000, max_null_share: 0.01}
  hour: {type: category, categories: ['0', '1']}
  region: {type: category, categories: [west, north, south, central]}
  channel: {type: category, categories: [web, app]}
`,
  'after.yml',
).schema

describe('diffSchemas', () => {
  it('names added, removed and retyped columns, and each changed rule', () => {
    const diff = diffSchemas(before, after)
    expect(diff.added).toEqual(['channel'])
    expect(diff.removed).toEqual(['legacy_score'])
    expect(diff.retyped).toEqual([{ column: 'hour', from: 'integer', to: 'category' }])
    expect(diff.changed).toEqual([
      { column: null, rule: 'rows.min', from: '100', to: '50' },
      { column: 'amount', rule: 'max_null_share', from: '(none)', to: '0.01' },
      { column: 'amount', rule: 'max', from: '5000', to: '9000' },
      {
        column: 'region',
        rule: 'categories',
        from: '["north","south","east","west"]',
        to: '["west","north","south","central"]',
        detail: 'added "central"; removed "east"',
      },
    ])
  })

  it('finds nothing between a schema and itself, or a reordered list', () => {
    expect(isEmptyDiff(diffSchemas(before, before))).toBe(true)
    const reordered = {
      ...before,
      columns: {
        ...before.columns,
        region: { type: 'category' as const, categories: ['west', 'east', 'south', 'north'] },
      },
    }
    expect(isEmptyDiff(diffSchemas(before, reordered))).toBe(true)
  })
})
