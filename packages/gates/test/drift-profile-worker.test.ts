import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DriftConfigInput, GateResult } from '../src/index.ts'
import {
  driftConfigSchema,
  driftProfileConfigSchema,
  runDriftGate,
  writeDriftProfile,
} from '../src/index.ts'
import { driftFixture } from './_drift.ts'
import { fixture } from './_fixtures.ts'

/**
 * A large profile file is read and decoded by a worker while the main thread reads the current
 * data (`loadProfile` in run.ts); a small one by the main thread. Both must judge alike, refuse
 * the same files with the same messages in the same order, and rebuild the same ones.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-worker-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reference = driftFixture('drift-bc-reference.csv')
const shifted = driftFixture('drift-bc-shifted.csv')

/** The two ways to read a profile: on a worker (every size qualifies) or on the main thread. */
const ways = {
  // A model of any size scores on that worker too (`SCORE_ON_WORKER_BYTES`).
  worker: { loadOnWorkerAboveBytes: 0, scoreOnWorkerAboveBytes: 0, threads: 2 },
  main: { loadOnWorkerAboveBytes: Number.POSITIVE_INFINITY, threads: 2 },
} as const

function run(input: DriftConfigInput, way: keyof typeof ways): Promise<GateResult> {
  return runDriftGate(driftConfigSchema.parse(input), ways[way])
}

/** The outcome either way: the result without timings, or the error's class and message. */
async function outcome(input: DriftConfigInput, way: keyof typeof ways) {
  try {
    const r = await run(input, way)
    const context = Object.fromEntries(
      Object.entries(r.context).filter(([k]) => !k.endsWith('_ms') && k !== 'threads'),
    )
    return { status: r.status, checks: r.checks, tables: r.tables, metrics: r.metrics, context }
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message }
  }
}

const good = join(dir, 'good.profile.json')
await writeDriftProfile(
  driftProfileConfigSchema.parse({ reference, out: good, label: 'diagnosis' }),
)
const json = () => JSON.parse(readFileSync(good, 'utf8')) as Record<string, unknown>
type Feature = { edges: number[]; distribution: { distinct: number; values: string } }
const features = (j: Record<string, unknown>) => j['features'] as Feature[]

/** Profiles as they can go wrong, each a file of its own. */
const variants: Record<string, string> = {
  'not JSON': 'not json',
  'another format': JSON.stringify({ ...json(), format: 'other' }),
  'another version': JSON.stringify({ ...json(), version: 2 }),
  'a field of the wrong type': (() => {
    const j = json()
    features(j)[2]!.edges = 'none' as unknown as number[]
    return JSON.stringify(j)
  })(),
  'edges that do not match the counts': (() => {
    const j = json()
    features(j)[1]!.edges.pop()
    return JSON.stringify(j)
  })(),
  'a damaged distribution': (() => {
    const j = json()
    features(j)[3]!.distribution.distinct += 1
    return JSON.stringify(j)
  })(),
  'a damaged stream in two features': (() => {
    const j = json()
    features(j)[4]!.distribution.values = 'AAAA'
    features(j)[1]!.distribution.distinct += 2
    return JSON.stringify(j)
  })(),
  'a damaged stream and a field of the wrong type': (() => {
    const j = json()
    features(j)[0]!.distribution.values = 'AAAA'
    features(j)[5]!.edges = 'none' as unknown as number[]
    return JSON.stringify(j)
  })(),
}
const files = Object.fromEntries(
  Object.entries(variants).map(([name, text], i) => {
    const path = join(dir, `variant-${i}.profile.json`)
    writeFileSync(path, text)
    return [name, path]
  }),
)
const unreadable = join(dir, 'a-folder.profile.json')
mkdirSync(unreadable)

describe('a profile read by a worker', () => {
  it('judges as one read on the main thread', async () => {
    const input = { profile: good, current: shifted, label: 'diagnosis' }
    const onWorker = await outcome(input, 'worker')
    expect(onWorker).not.toHaveProperty('error')
    expect(onWorker).toEqual(await outcome(input, 'main'))
    // Read whole by the worker, the profile needs no decoding step on its return.
    expect((await run(input, 'worker')).context).not.toHaveProperty('decode_profile_ms')
    expect((await run(input, 'main')).context).toHaveProperty('decode_profile_ms')
  })

  it('judges as one read on the main thread when a model scores the current data meanwhile', async () => {
    // The worker also starts ONNX Runtime after the load (where the runtime cannot load, as in a
    // worker bundled from source, it leaves that to the main thread).
    const scored = join(dir, 'scored.profile.json')
    const model = fixture('breast-cancer.logistic.onnx')
    const halves = { reference: driftFixture('drift-holdout-first.csv'), label: 'target', model }
    await writeDriftProfile(driftProfileConfigSchema.parse({ ...halves, out: scored }))
    const input = {
      profile: scored,
      current: driftFixture('drift-holdout-second.csv'),
      label: 'target',
      model,
    }
    const onWorker = await outcome(input, 'worker')
    expect(onWorker).not.toHaveProperty('error')
    expect(onWorker).toHaveProperty(['metrics', 'prediction_psi'])
    expect(onWorker).toEqual(await outcome(input, 'main'))
    // The worker says how far its scoring has come, as the main thread's scoring does.
    const heard: [number, number][] = []
    await runDriftGate(driftConfigSchema.parse(input), {
      ...ways.worker,
      onProgress: (what, done, total) => {
        if (what === 'current') heard.push([done, total])
      },
    })
    expect(heard.length).toBeGreaterThan(0)
    expect(heard.at(-1)![0]).toBe(heard.at(-1)![1])
    // The model scores on the worker then: a scoring that fails is the same error either way.
    const unscorable = { ...input, columns: ['no_such_column'] }
    const failed = await outcome(unscorable, 'worker')
    expect(failed).toHaveProperty('message', expect.stringMatching(/no_such_column/))
    expect(failed).toEqual(await outcome(unscorable, 'main'))
  })

  it('is refused with the same message as on the main thread, without reference data', async () => {
    for (const [name, path] of [...Object.entries(files), ['a folder', unreadable] as const]) {
      const input = { profile: path, current: shifted, label: 'diagnosis' }
      const onWorker = await outcome(input, 'worker')
      expect(onWorker, name).toHaveProperty('error', 'ConfigError')
      expect(onWorker, name).toEqual(await outcome(input, 'main'))
    }
  })

  it('is rebuilt for the same reason as on the main thread, with reference data', async () => {
    for (const [name, text] of Object.entries(variants)) {
      const outcomes = []
      for (const way of ['worker', 'main'] as const) {
        // Each run writes its rebuilt profile over the damaged one: a fresh copy for each.
        const path = join(dir, `rebuilt-${way}.profile.json`)
        writeFileSync(path, text)
        const input = { reference, profile: path, current: shifted, label: 'diagnosis' }
        const got = await outcome(input, way)
        const context: Record<string, unknown> = ('context' in got && got.context) || {}
        expect(String(context['profile']), name).toMatch(
          /^rebuilt from .* \(it could not be used\)/,
        )
        outcomes.push({ ...got, context: { ...context, profile: null } })
      }
      expect(outcomes[0], name).toEqual(outcomes[1])
    }
  })
})
