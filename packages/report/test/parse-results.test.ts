import type { GateResult } from '@mlgate/gates'
import { describe, expect, it } from 'vitest'
import { ResultsJsonError, parseResultsJson, renderJson } from '../src/index.ts'
import { errorResult, failResult, passResult, warnResult } from './_results.ts'

/** A result with every optional field present, and numbers JSON cannot hold. */
const fullResult: GateResult = {
  ...failResult,
  gate: 'fairness',
  title: 'Fairness gate',
  checks: [
    ...failResult.checks,
    {
      name: 'dp.change',
      label: 'Change in demographic parity',
      value: null,
      bound: { op: '<=', value: 5, kind: 'change', relative: true },
      verdict: 'error',
      interval: { low: Number.NaN, high: Number.POSITIVE_INFINITY, level: 0.9, method: 'm' },
      reason: 'undefined',
    },
  ],
  metrics: { 'p 95': 1.5, roc_auc: null, worst: Number.NEGATIVE_INFINITY },
  tables: [
    { title: 'Groups', columns: ['group', 'n', 'rate'], rows: [['a "b"', 3, null]], priority: 2 },
  ],
  findings: [
    { severity: 'notice', message: 'note', file: 'x.csv', line: 3, row: 1, column: 'age' },
    { severity: 'error', message: 'bare' },
  ],
  context: { rows: 12, seed: Number.NaN, cached: false, data: 'x.csv' },
  details: { groups: { sex: [{ group: 'female', n: 3, rate: null }] }, note: 'kept as is' },
}

const all = [passResult, failResult, warnResult, errorResult, fullResult]

/** renderJson of `results`, changed by `edit` (which gets the parsed JSON to mutate). */
function edited(edit: (json: { status: unknown; results: Record<string, unknown>[] }) => void) {
  const json = JSON.parse(renderJson(all)) as {
    status: unknown
    results: Record<string, unknown>[]
  }
  edit(json)
  return JSON.stringify(json)
}

function problem(text: string): ResultsJsonError {
  try {
    parseResultsJson(text, 'mlgate-drift/drift.json')
  } catch (error) {
    if (error instanceof ResultsJsonError) return error
    throw error
  }
  throw new Error('parseResultsJson accepted the text')
}

describe('parseResultsJson', () => {
  it('reads back what renderJson wrote, byte for byte', () => {
    for (const results of [all, [fullResult], [passResult], []]) {
      const text = renderJson(results)
      expect(renderJson(parseResultsJson(text, 'results.json'))).toBe(text)
    }
  })

  it('gives back the same results, with non-finite numbers as NaN where null is not allowed', () => {
    const [full] = parseResultsJson(renderJson([fullResult]), 'results.json')
    expect(full?.checks[2]?.value).toBeNull()
    expect(full?.checks[2]?.interval?.low).toBeNaN()
    expect(full?.checks[2]?.interval?.high).toBeNaN()
    expect(full?.metrics['worst']).toBeNull()
    expect(full?.context['seed']).toBeNaN()
    expect(full?.findings).toEqual(fullResult.findings)
    expect(full?.details).toEqual(fullResult.details)
    expect(parseResultsJson(renderJson([failResult, warnResult]), 'r')).toEqual([
      failResult,
      warnResult,
    ])
  })

  it('skips fields it does not know, so a newer writer still reads', () => {
    const text = edited((json) => {
      json.results[0] = { ...json.results[0], coverage: { extra: 1 } }
    })
    const [first] = parseResultsJson(text, 'r')
    expect(first).toEqual(passResult)
  })

  it.each([
    ['status', (j: { status: unknown }) => void (j.status = 'passed'), 'status', /"pass", "warn"/],
    [
      'a missing field',
      (j: { results: Record<string, unknown>[] }) => void delete j.results[1]?.['summary'],
      'results[1].summary',
      /expected a string, found nothing \(the field is missing\)/,
    ],
    [
      'a verdict',
      (j: { results: Record<string, unknown>[] }) => {
        const checks = j.results[1]?.['checks'] as Record<string, unknown>[]
        checks[1] = { ...checks[1], verdict: 'FAIL' }
      },
      'results[1].checks[1].verdict',
      /found string "FAIL"/,
    ],
    [
      'a metric',
      (j: { results: Record<string, unknown>[] }) => {
        j.results[4] = { ...j.results[4], metrics: { 'p 95': '1.5' } }
      },
      'results[4].metrics["p 95"]',
      /expected a number or null, found string "1.5"/,
    ],
    [
      'a table cell',
      (j: { results: Record<string, unknown>[] }) => {
        const [t] = j.results[4]?.['tables'] as { rows: unknown[][] }[]
        if (t?.rows[0] != null) t.rows[0][1] = [3]
      },
      'results[4].tables[0].rows[0][1]',
      /found an array/,
    ],
    [
      'results',
      (j: { results: unknown }) => void (j.results = { accuracy: {} }),
      'results',
      /expected an array, found an object/,
    ],
  ])('names the field at fault: %s', (_name, edit, path, message) => {
    const error = problem(edited(edit as never))
    expect(error.source).toBe('mlgate-drift/drift.json')
    expect(error.path).toBe(path)
    expect(error.message).toMatch(message)
    expect(error.message.startsWith(`mlgate-drift/drift.json: ${path}: `)).toBe(true)
    expect(error.message).toMatch(/re-run the gate/)
  })

  it('refuses text that is not JSON or not an object, naming the source', () => {
    expect(problem('{"status": "pass", ').message).toMatch(
      /^mlgate-drift\/drift\.json: top level: not valid JSON/,
    )
    expect(problem('[]').message).toMatch(/top level: expected an object, found an array/)
  })
})

describe('parseResultsJson on one bare GateResult', () => {
  it('reads the file a gate action or `mlgate <gate> --json` writes', () => {
    const single = JSON.parse(renderJson([fullResult])) as { results: unknown[] }
    const parsed = parseResultsJson(JSON.stringify(single.results[0]), 'fairness.json')
    expect(renderJson(parsed)).toBe(renderJson([fullResult]))
  })

  it('names the field at fault without a results[] prefix', () => {
    const text = JSON.stringify({ gate: 'accuracy', title: 'Accuracy gate', status: 'great' })
    expect(() => parseResultsJson(text, 'a.json')).toThrow(/^a\.json: status: expected one of/)
  })
})
