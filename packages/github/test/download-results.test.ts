import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GateResult, GateStatus } from '@mlgate/gates'
import {
  collectResultsFromInputs,
  combineResults,
  findResultFiles,
  globRegExp,
  InputError,
  type ResultFile,
} from '@mlgate/github'
import { fakeRunner } from '@mlgate/github/testing'
import { renderJson } from '@mlgate/report'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const reportYml = fileURLToPath(new URL('../../../actions/report/action.yml', import.meta.url))

function gate(id: string, status: GateStatus, summary = `${id} says ${status}.`): GateResult {
  return {
    gate: id,
    title: `${id[0]?.toUpperCase()}${id.slice(1)} gate`,
    status,
    summary,
    checks: [],
    metrics: { x: 1 },
    tables: [],
    findings: [],
    context: { rows: 10 },
    policy: 'Point estimates decide.',
  }
}

function file(source: string, results: GateResult[], newness: [number, number]): ResultFile {
  return { source, fallbackGate: source, newness, text: renderJson(results) }
}

const log = () => {
  const infos: string[] = []
  const warnings: string[] = []
  return {
    infos,
    warnings,
    info: (m: string) => void infos.push(m),
    warn: (m: string) => void warnings.push(m),
  }
}

describe('combineResults', () => {
  it('orders the expected gates as listed, then the others by id', () => {
    const files = [
      file('a', [gate('schema', 'pass'), gate('accuracy', 'fail')], [1, 1]),
      file('b', [gate('drift', 'warn')], [1, 2]),
      file('c', [gate('fairness', 'pass')], [1, 3]),
    ]
    const combined = combineResults(files, ['fairness', 'accuracy'], log(), 'why')
    expect(combined.map((r) => r.gate)).toEqual(['fairness', 'accuracy', 'drift', 'schema'])
    expect(combineResults(files, [], log(), 'why').map((r) => r.gate)).toEqual([
      'accuracy',
      'drift',
      'fairness',
      'schema',
    ])
  })

  it('gives a missing expected gate an error section saying no result was uploaded', () => {
    const [accuracy, drift] = combineResults(
      [file('a', [gate('accuracy', 'pass')], [1, 1])],
      ['accuracy', 'drift'],
      log(),
      'no mlgate-* artifact in this run holds one',
    )
    expect(accuracy?.status).toBe('pass')
    expect(drift).toMatchObject({ gate: 'drift', title: 'Drift gate', status: 'error' })
    expect(drift?.summary).toBe(
      'No result: the job did not upload one (no mlgate-* artifact in this run holds one).',
    )
  })

  it('keeps the newer of two results for one gate, by upload time and then id, and says so', () => {
    const older = file('artifact old', [gate('drift', 'fail', 'old')], [1000, 9])
    const newer = file('artifact new', [gate('drift', 'pass', 'new')], [2000, 1])
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const l = log()
      const [only, ...rest] = combineResults(order, [], l, 'why')
      expect(rest).toEqual([])
      expect(only?.summary).toBe('new')
      expect(l.warnings).toEqual([
        'Two results for gate "drift": kept the newer one from artifact new, dropped artifact old.',
      ])
    }
    const sameTime = combineResults(
      [
        file('x', [gate('drift', 'pass', 'id 7')], [5, 7]),
        file('y', [gate('drift', 'pass', 'id 3')], [5, 3]),
      ],
      [],
      log(),
      'why',
    )
    expect(sameTime.map((r) => r.summary)).toEqual(['id 7'])
  })

  it('turns an unreadable file into an error section naming the file and the field', () => {
    const bad = JSON.parse(renderJson([gate('drift', 'pass')])) as { results: { status: string }[] }
    if (bad.results[0]) bad.results[0].status = 'green'
    const [drift, missingText] = combineResults(
      [
        {
          source: 'artifact mlgate-drift (drift.json)',
          fallbackGate: 'drift',
          newness: [1, 1],
          text: JSON.stringify(bad),
        },
        {
          source: 'artifact mlgate-x',
          fallbackGate: 'x',
          newness: [1, 2],
          text: '',
          problem: 'it holds no .json file',
        },
      ],
      [],
      log(),
      'why',
    )
    expect(drift?.status).toBe('error')
    expect(drift?.summary).toMatch(
      /^Its result could not be read: artifact mlgate-drift \(drift\.json\): results\[0\]\.status: expected one of/,
    )
    expect(missingText?.summary).toBe(
      'Its result could not be read: artifact mlgate-x: it holds no .json file.',
    )
  })

  it('refuses to report nothing', () => {
    expect(() => combineResults([], [], log(), 'no mlgate-* artifact')).toThrow(InputError)
    expect(() => combineResults([], [], log(), 'no mlgate-* artifact')).toThrow(
      /No gate results found \(no mlgate-\* artifact\)\. Make the report job `needs:`/,
    )
  })
})

describe('result files', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-results-files-'))
    for (const [path, text] of [
      ['results/mlgate-accuracy/accuracy.json', renderJson([gate('accuracy', 'pass')])],
      ['results/mlgate-drift/drift.json', renderJson([gate('drift', 'warn')])],
      ['results/mlgate-drift/notes.txt', 'not a result'],
      ['other/schema.json', renderJson([gate('schema', 'fail')])],
    ] as const) {
      mkdirSync(join(dir, path, '..'), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('matches globs with *, ? and ** over whole path segments', () => {
    expect(globRegExp('mlgate-*').test('mlgate-accuracy')).toBe(true)
    expect(globRegExp('mlgate-*').test('other-accuracy')).toBe(false)
    expect(globRegExp('a/*.json').test('a/b/c.json')).toBe(false)
    expect(globRegExp('a/**/*.json').test('a/b/c.json')).toBe(true)
    expect(globRegExp('a/**/*.json').test('a/c.json')).toBe(true)
    expect(globRegExp('r?.json').test('r1.json')).toBe(true)
    expect(globRegExp('r.json').test('rxjson')).toBe(false)
  })

  it('expands folders to their JSON files and globs to the files they match', async () => {
    const rel = async (patterns: string[]) =>
      (await findResultFiles(patterns, dir)).map((f) => f.slice(dir.length + 1))
    expect(await rel(['results'])).toEqual([
      'results/mlgate-accuracy/accuracy.json',
      'results/mlgate-drift/drift.json',
    ])
    expect(
      await rel(['results/*/drift.json', 'other/schema.json', 'results/**/drift.json']),
    ).toEqual(['other/schema.json', 'results/mlgate-drift/drift.json'])
  })

  it('refuses a line that matches nothing, naming the input and the line', async () => {
    await expect(findResultFiles(['results', 'reslts/*.json'], dir)).rejects.toThrow(
      /^Input "results": "reslts\/\*\.json" matches no JSON file/,
    )
  })

  it('the report action reads the listed files instead of artifacts', async () => {
    const runner = fakeRunner(reportYml, {
      results: 'results\nother/*.json',
      expect: 'accuracy, drift, fairness',
    })
    const results = await collectResultsFromInputs(runner, { GITHUB_WORKSPACE: dir })
    expect(results.map((r) => [r.gate, r.status])).toEqual([
      ['accuracy', 'pass'],
      ['drift', 'warn'],
      ['fairness', 'error'],
      ['schema', 'fail'],
    ])
    expect(results[2]?.summary).toBe(
      'No result: the job did not upload one (none of the `results` files holds one).',
    )
  })

  it('says what to do when there is nothing to read or no artifact service', async () => {
    await expect(
      collectResultsFromInputs(fakeRunner(reportYml, { pattern: '' }), { GITHUB_WORKSPACE: dir }),
    ).rejects.toThrow(/Inputs "pattern" and "results" are both empty/)
    await expect(
      collectResultsFromInputs(fakeRunner(reportYml), { RUNNER_TEMP: dir }),
    ).rejects.toThrow(
      /Cannot list this run's artifacts: no artifact service.*actions\/download-artifact/,
    )
  })
})
