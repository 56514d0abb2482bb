import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Column, NumberColumn } from '@mlgate/data'
import { ConfigError, driftConfigSchema, runDriftGate } from '../src/index.ts'
import type { DriftConfigInput, GateResult } from '../src/index.ts'
import type { CompareTask, DriftTask } from '../src/drift/_task.ts'
import { runTask } from '../src/drift/_task.ts'
import {
  BREAK_EVEN_VALUES,
  holdsCores,
  threadsFor,
  threadsFromEnvironment,
} from '../src/drift/_threads.ts'
import { driftWorkers } from '../src/drift/_workers.ts'
import type { ProfileTask } from '../src/drift/profile.ts'
import { distinctCount } from '../src/drift/profile.ts'
import { fixture } from './_fixtures.ts'
import { driftFixture } from './_drift.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-threads-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Walks two values in step and fails at the first place they differ: numbers by `Object.is` (so
 * -0 ≠ +0 and NaN = NaN), typed arrays element by element and by type, objects key by key.
 */
function expectIdentical(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected !== 'object' || expected == null) {
    if (!Object.is(actual, expected)) {
      expect.fail(`${path}: ${String(actual)} is not identical to ${String(expected)}`)
    }
    return
  }
  if (typeof actual !== 'object' || actual == null) {
    return expect.fail(`${path}: ${String(actual)} where an object was expected`)
  }
  if (ArrayBuffer.isView(expected)) {
    const a = actual as Float64Array
    const e = expected as Float64Array
    expect(a.constructor, `${path}: array type`).toBe(e.constructor)
    expect(a.length, `${path}: length`).toBe(e.length)
    for (let i = 0; i < e.length; i++) expectIdentical(a[i], e[i], `${path}[${i}]`)
    return
  }
  const keys = Object.keys(expected)
  expect(Object.keys(actual).sort(), `${path}: keys`).toEqual([...keys].sort())
  for (const k of keys) {
    expectIdentical(
      (actual as Record<string, unknown>)[k],
      (expected as Record<string, unknown>)[k],
      `${path}.${k}`,
    )
  }
}

/** A result without what may differ between runs: timings and the thread count. */
function comparable(r: GateResult): GateResult {
  const context = Object.fromEntries(
    Object.entries(r.context).filter(([k]) => !k.endsWith('_ms') && k !== 'threads'),
  )
  return { ...r, context }
}

function run(input: DriftConfigInput, threads: number): Promise<GateResult> {
  return runDriftGate(driftConfigSchema.parse(input), { threads })
}

function numberColumn(name: string, list: readonly (number | null)[]): NumberColumn {
  const values = Float64Array.from(list, (v) => (v == null ? NaN : v))
  const missing = Uint8Array.from(list, (v) => (v == null ? 1 : 0))
  const nullCount = missing.reduce((a, b) => a + b, 0)
  return { name, type: 'number', values, missing: nullCount > 0 ? missing : null, nullCount }
}

function stringColumn(name: string, list: readonly (string | null)[]): Column {
  const dictionary: string[] = []
  const codes = Int32Array.from(list, (v) => {
    if (v == null) return -1
    const at = dictionary.indexOf(v)
    return at >= 0 ? at : dictionary.push(v) - 1
  })
  return { name, type: 'string', codes, dictionary, nullCount: codes.filter((c) => c < 0).length }
}

type PsiCase = { name: string; ref: (number | null)[]; cur: (number | null)[] }
type CategoricalCase = { name: string; ref: (string | null)[]; cur: (string | null)[] }
type SampleSpec = { seed: number; n: number; shift: number; scale: number; decimals: number | null }

/** The statistics' own oracle cases (packages/stats/test/fixtures/drift-reference.json). */
const statsReference = JSON.parse(
  readFileSync(new URL('../../stats/test/fixtures/drift-reference.json', import.meta.url), 'utf8'),
) as {
  psi: PsiCase[]
  categorical: CategoricalCase[]
  ks: { name: string; ref: SampleSpec; cur: SampleSpec }[]
}

/** The Park-Miller samples of the KS cases, as the stats tests generate them. */
function sample(spec: SampleSpec): number[] {
  const out: number[] = []
  let x = spec.seed
  const f = spec.decimals == null ? 1 : 10 ** spec.decimals
  for (let i = 0; i < spec.n; i++) {
    x = (48271 * x) % 2147483647
    const v = (x / 2147483647) * spec.scale + spec.shift
    out.push(spec.decimals == null ? v : Math.floor(v * f) / f)
  }
  return out
}

/** Reference/current pairs covering ties, missing values, empty bins, unseen categories. */
function cases(): { name: string; ref: Column; cur: Column }[] {
  return [
    ...statsReference.psi.map((c) => ({
      name: c.name,
      ref: numberColumn(c.name, c.ref),
      cur: numberColumn(c.name, c.cur),
    })),
    ...statsReference.categorical.map((c) => ({
      name: c.name,
      ref: stringColumn(c.name, c.ref),
      cur: stringColumn(c.name, c.cur),
    })),
    ...statsReference.ks.map((c) => ({
      name: c.name,
      ref: numberColumn(c.name, sample(c.ref)),
      cur: numberColumn(c.name, sample(c.cur)),
    })),
    {
      name: 'negative zero, infinities and a missing-only current',
      ref: numberColumn('z', [-0, 0, -0, 1, Infinity, -Infinity, 2.5, null, 3, 3, 3]),
      cur: numberColumn('z', [null, null, null]),
    },
    {
      name: 'numeric codes profiled as categories, with a code the reference never saw',
      ref: numberColumn('code', [7, 7, 8, 9, null, 9, 9]),
      cur: numberColumn('code', [7, 10, 10, 8, null, null]),
    },
  ]
}

describe('drift on worker threads', () => {
  it('profiles and compares every oracle case to the same bits as the main thread', async () => {
    const pairs = cases()
    const profileTasks: ProfileTask[] = pairs.map((p) => ({
      kind: 'profile',
      column: p.ref,
      role: 'feature',
      categorical: ['code'],
    }))
    const workers = driftWorkers(2)
    try {
      const profiles = await workers.run(profileTasks)
      expect(workers.threads).toBe(2)
      profiles.forEach((p, i) =>
        expectIdentical(p, runTask(profileTasks[i]!), `profile of ${pairs[i]!.name}`),
      )
      const compareTasks: CompareTask[] = pairs.map((p, i) => ({
        kind: 'compare',
        entry: profiles[i]!,
        column: p.cur,
        source: 'current.csv',
        noiseLevel: 0.99,
      }))
      const drifts = await workers.run(compareTasks)
      drifts.forEach((d, i) =>
        expectIdentical(d, runTask(compareTasks[i]!), `drift of ${pairs[i]!.name}`),
      )
      // The cases reach the paths they are named for.
      const byName = new Map(drifts.map((d, i) => [pairs[i]!.name, d]))
      expect(byName.get('an unseen category and a vanished one')?.unseen.length).toBeGreaterThan(0)
      expect(
        byName.get('numeric codes profiled as categories, with a code the reference never saw')
          ?.unseen,
      ).toEqual(['10'])
      expect(drifts.some((d) => d.psi.epsilonUsed)).toBe(true)
      expect(drifts.some((d) => d.curMissing > 0)).toBe(true)
      expect(drifts.some((d) => d.ks?.method === 'exact')).toBe(true)
    } finally {
      await workers.close()
    }
  })

  it("leaves the caller's columns and profiles intact (the worker gets copies)", async () => {
    const ref = numberColumn('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null])
    // A view into a larger buffer, as a reader's column can be.
    const wide = new Float64Array(64).fill(42)
    wide.set([1, 2, 2, 9], 8)
    const cur: NumberColumn = { ...ref, values: wide.subarray(8, 12), missing: null, nullCount: 0 }
    const workers = driftWorkers(2)
    try {
      const task: ProfileTask = { kind: 'profile', column: ref, role: 'feature', categorical: [] }
      const [profile] = await workers.run([task, task])
      const compare: CompareTask = {
        kind: 'compare',
        entry: profile!,
        column: cur,
        source: 'cur',
        noiseLevel: 0.99,
      }
      const [d] = await workers.run([compare, compare])
      expectIdentical(d, runTask(compare))
      expect(ref.values.length).toBe(11)
      expect([...wide.subarray(8, 12)]).toEqual([1, 2, 2, 9])
      expect(profile!.kind === 'numeric' && distinctCount(profile!.distribution)).toBe(10)
    } finally {
      await workers.close()
    }
  })

  it('throws the error the main thread would meet first, with its class', async () => {
    const entry = runTask({
      kind: 'profile',
      column: numberColumn('a', [1, 2, 3]),
      role: 'feature',
      categorical: [],
    })
    const good: CompareTask = {
      kind: 'compare',
      entry,
      column: numberColumn('a', [1, 2]),
      source: 'cur.csv',
      noiseLevel: 0.99,
    }
    const text = (name: string): CompareTask => ({
      ...good,
      column: stringColumn(name, ['x', 'y']),
    })
    const tasks: DriftTask[] = [good, good, text('first'), good, text('second'), good]
    let expected: unknown
    try {
      tasks.map((t) => runTask(t))
    } catch (error) {
      expected = error
    }
    expect(expected).toBeInstanceOf(ConfigError)
    const workers = driftWorkers(2)
    try {
      const error = await workers.run(tasks).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as Error).message).toBe((expected as Error).message)
      expect((error as Error).message).toMatch(/Column "first" is numeric in the reference/)
      // The pool still serves after a task failed.
      expectIdentical(await workers.run([good, good]), [runTask(good), runTask(good)])
    } finally {
      await workers.close()
    }
  })
})

describe('the drift gate on 1 and 2 threads', () => {
  const reference = driftFixture('drift-bc-reference.csv')
  const shifted = driftFixture('drift-bc-shifted.csv')
  const nodrift = driftFixture('drift-bc-nodrift.csv')

  it.each([
    ['shifted, with the label', { reference, current: shifted, label: 'diagnosis' }],
    ['no drift, auto threshold', { reference, current: nodrift, threshold: 'auto' as const }],
    [
      'size_band and mean_radius as categories',
      { reference, current: shifted, categorical: ['mean_radius'], exclude: ['diagnosis'] },
    ],
    [
      'label coverage audit',
      { reference, current: shifted, label: 'diagnosis', labelledColumn: 'diagnosis' },
    ],
  ])('%s: identical results, cold and from a profile', async (_name, input) => {
    const profile = join(dir, `${_name.replace(/\W+/g, '-')}.json`)
    const one = await run({ ...input, profile }, 1)
    const written = readFileSync(profile, 'utf8')
    rmSync(profile)
    const two = await run({ ...input, profile }, 2)
    expect(one.context['threads']).toBe(1)
    expect(two.context['threads']).toBe(2)
    // Both runs write the same profile, byte for byte.
    expect(readFileSync(profile, 'utf8')).toBe(written)
    const fromProfile = { ...input, reference: undefined, profile }
    const warmOne = await run(fromProfile, 1)
    const warmTwo = await run(fromProfile, 2)
    expect(warmTwo.context['threads']).toBe(2)
    expectIdentical(comparable(two), comparable(one))
    expectIdentical(comparable(warmTwo), comparable(warmOne))
    // From the profile, the measures are the cold run's too.
    expectIdentical(warmTwo.checks, one.checks)
    expectIdentical(warmTwo.tables, one.tables)
  })

  it('scores the model on both sides and gives the same prediction drift', async () => {
    const input = {
      reference: driftFixture('drift-holdout-first.csv'),
      current: driftFixture('drift-holdout-second.csv'),
      model: fixture('breast-cancer.logistic.onnx'),
      label: 'target',
    }
    const one = await run(input, 1)
    const two = await run(input, 2)
    expect(one.metrics['prediction_psi']).toBeGreaterThan(0)
    expectIdentical(comparable(two), comparable(one))
  })

  it('reports a column that changed type the same way', async () => {
    const input = { reference, current: driftFixture('drift-bc-reference.csv') }
    const profile = join(dir, 'types.json')
    await run({ ...input, profile }, 1)
    const broken = join(dir, 'text.csv')
    const lines = readFileSync(shifted, 'utf8').trimEnd().split('\n')
    const text = lines.map((l, i) => (i === 0 ? l : l.replace(/^[^,]*/, 'n/a')))
    writeFileSync(broken, `${text.join('\n')}\n`)
    const errors = await Promise.all(
      [1, 2].map((t) => run({ profile, current: broken }, t).catch((e: unknown) => e)),
    )
    expect(errors[0]).toBeInstanceOf(ConfigError)
    expect(errors[1]).toBeInstanceOf(ConfigError)
    expect((errors[1] as Error).message).toBe((errors[0] as Error).message)
    expect((errors[0] as Error).message).toMatch(/"mean_radius" is numeric in the reference/)
  })
})

describe('how many threads', () => {
  const task = (rows: number): DriftTask => ({
    kind: 'profile',
    column: {
      name: 'x',
      type: 'number',
      values: new Float64Array(rows),
      missing: null,
      nullCount: 0,
    },
    role: 'feature',
    categorical: [],
  })

  it('keeps small runs on the main thread and splits large ones over the cores', () => {
    const small = Array.from({ length: 32 }, () => task(Math.floor(BREAK_EVEN_VALUES / 64)))
    expect(threadsFor(small, undefined)).toBe(1)
    const large = Array.from({ length: 4 }, () => task(BREAK_EVEN_VALUES / 2))
    expect(threadsFor(large, undefined)).toBe(Math.min(availableParallelism(), 4))
    expect(threadsFor([task(BREAK_EVEN_VALUES * 2)], undefined)).toBe(1)
  })

  it('holds the cores for comparisons beside other gates and for long work beside a read', () => {
    const meanwhile = () => undefined
    const long = Array.from({ length: 4 }, () => task(BREAK_EVEN_VALUES / 2))
    const short = Array.from({ length: 4 }, () => task(BREAK_EVEN_VALUES / 4))
    expect(holdsCores(long, { meanwhile })).toBe(true)
    expect(holdsCores(short, { meanwhile })).toBe(false)
    expect(holdsCores(long, {})).toBe(false)
    expect(holdsCores(short, { spareCore: true })).toBe(true)
  })

  it('takes a requested count, never more threads than tasks', () => {
    expect(threadsFor([task(10), task(10), task(10)], 2)).toBe(2)
    expect(threadsFor([task(10)], 4)).toBe(1)
    expect(threadsFor([], 4)).toBe(1)
    expect(threadsFor([task(10), task(10)], 1)).toBe(1)
  })

  it('reads MLGATE_THREADS and refuses what is not a thread count', () => {
    expect(threadsFromEnvironment({})).toBeUndefined()
    expect(threadsFromEnvironment({ MLGATE_THREADS: '' })).toBeUndefined()
    expect(threadsFromEnvironment({ MLGATE_THREADS: ' 3 ' })).toBe(3)
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(() => threadsFromEnvironment({ MLGATE_THREADS: bad })).toThrow(
        new RegExp(`MLGATE_THREADS must be a whole number of threads .*got "${bad}"`),
      )
    }
  })
})
