import type { GateResult } from '@mlgate/gates'
import { describe, expect, it } from 'vitest'
import { renderJson } from '../src/index.ts'
import { errorResult, failResult, warnResult } from './_results.ts'

/** The same object with its keys inserted in reverse order, at every depth. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T
  if (value != null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    ) as T
  }
  return value
}

describe('renderJson', () => {
  it('gives the same bytes whatever order the objects were built in', () => {
    const results = [failResult, warnResult, errorResult]
    expect(renderJson(results.map(reversed))).toBe(renderJson(results))
  })

  it('holds the overall status and the results, with 2-space indent and a final newline', () => {
    const out = renderJson([failResult, warnResult])
    expect(
      out.startsWith('{\n  "status": "fail",\n  "results": [\n    {\n      "gate": "accuracy",'),
    ).toBe(true)
    expect(out.endsWith('}\n')).toBe(true)
    const parsed = JSON.parse(out) as { status: string; results: GateResult[] }
    expect(parsed.results).toEqual([failResult, warnResult])
  })

  it('sorts metrics and context by key and writes non-finite numbers as null', () => {
    const out = JSON.parse(
      renderJson([
        { ...warnResult, metrics: { b: 1, a: Number.NaN, c: null }, context: { z: 1, m: 'x' } },
      ]),
    ) as { results: GateResult[] }
    const [r] = out.results
    expect(Object.keys(r?.metrics ?? {})).toEqual(['a', 'b', 'c'])
    expect(r?.metrics['a']).toBeNull()
    expect(Object.keys(r?.context ?? {})).toEqual(['m', 'z'])
  })

  it('keeps gate-specific details for later steps', () => {
    const details = { groups: { sex: [{ group: 'female', n: 3 }] } }
    const parsed = JSON.parse(renderJson([{ ...failResult, details }])) as {
      results: { details?: unknown }[]
    }
    expect(parsed.results[0]?.details).toEqual(details)
    expect(JSON.parse(renderJson([failResult])).results[0]).not.toHaveProperty('details')
  })
})
