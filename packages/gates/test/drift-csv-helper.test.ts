import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CsvRangeHelper, Table } from '@mlgate/data'
import { DataError, readTable } from '@mlgate/data'
import { driftWorkers } from '../src/drift/_workers.ts'
import type { DriftConfigInput, GateResult } from '../src/index.ts'
import {
  driftConfigSchema,
  driftProfileConfigSchema,
  runDriftGate,
  writeDriftProfile,
} from '../src/index.ts'
import { fixture } from './_fixtures.ts'
import { driftFixture } from './_drift.ts'

/**
 * The worker that loads a stored profile reads the last part of the current CSV file once it is
 * free (`csvHelper`), while the main thread reads the rest: the table, and the drift gate's
 * result, must be those of the main thread reading alone.
 */
const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-helper-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reference = driftFixture('drift-bc-reference.csv')
const shifted = driftFixture('drift-bc-shifted.csv')
const profile = join(dir, 'bc.profile.json')
await writeDriftProfile(
  driftProfileConfigSchema.parse({ reference, out: profile, label: 'diagnosis' }),
)

/** The columns as plain values (decimal keys as their scale), to compare two reads. */
function plain(table: Table) {
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((c) =>
      c.type === 'string'
        ? { name: c.name, type: c.type, codes: [...c.codes], dictionary: [...c.dictionary] }
        : {
            name: c.name,
            type: c.type,
            values: [...c.values].map((v) => (Object.is(v, -0) ? '-0' : v)),
            scale: c.decimal?.scale ?? null,
          },
    ),
  }
}

/** A drift pool whose first worker has loaded the profile and is free again, and its helper. */
async function freeHelper() {
  const workers = driftWorkers(2)
  await workers.run([{ kind: 'load', path: profile, bytes: statSync(profile).size }], {
    offMainThread: true,
  })
  const helper = workers.csvHelper() as CsvRangeHelper
  const asked: number[] = []
  const counting: CsvRangeHelper = {
    ...helper,
    read: (job) => {
      asked.push(job.start)
      return helper.read(job)
    },
  }
  return { workers, helper: counting, asked }
}

describe('a drift worker as the CSV reader helper', () => {
  it('reads the last part of the file once free, into the table read alone', async () => {
    // Quoted fields, text, missing cells and decimals of several scales, over many blocks.
    const lines = ['id,price,rate,city,note']
    for (let i = 0; i < 4000; i++) {
      const price = i % 17 === 0 ? '' : (i * 1.25 - 900).toFixed(2)
      const note = i % 301 === 0 ? '"a, ""quoted"" note"' : `n${i % 5}`
      lines.push(`${i},${price},${(i % 13) / 8},c${(i * 7) % 11},${note}`)
    }
    const path = join(dir, 'many.csv')
    writeFileSync(path, `${lines.join('\n')}\n`)
    const { workers, helper, asked } = await freeHelper()
    try {
      expect(helper.ready()).toBe(true)
      const helped = await readTable(path, undefined, {
        helper,
        blockBytes: 2048,
        parallelAboveBytes: 0,
      })
      expect(asked).toHaveLength(1)
      // The worker took 40% of what was left, from the end of the file.
      expect(asked[0]).toBeGreaterThan(statSync(path).size * 0.5)
      expect(plain(helped)).toEqual(plain(await readTable(path)))
      expect(plain(helped).columns.map((c) => ('scale' in c ? c.scale : null))).toEqual([
        0,
        2,
        3,
        null,
        null,
      ])
    } finally {
      await workers.close()
    }
  })

  it('leaves a bad row in its part to the main thread, which names its line', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => (i === 2900 ? '7' : `${i},${i % 9}.5`))
    const path = join(dir, 'ragged.csv')
    writeFileSync(path, `a,b\n${rows.join('\n')}\n`)
    const alone = await readTable(path).catch((error: unknown) => error)
    expect(alone).toBeInstanceOf(DataError)
    const { workers, helper, asked } = await freeHelper()
    try {
      const helped = readTable(path, undefined, { helper, blockBytes: 1024, parallelAboveBytes: 0 })
      await expect(helped).rejects.toEqual(alone)
      expect(asked).toHaveLength(1)
    } finally {
      await workers.close()
    }
  })
})

describe('the drift gate with a stored profile', () => {
  /** The result without timings and without the fact of how the current data was read. */
  async function judged(input: DriftConfigInput, hooks: Parameters<typeof runDriftGate>[1]) {
    const r: GateResult = await runDriftGate(driftConfigSchema.parse(input), hooks)
    const context = Object.fromEntries(
      Object.entries(r.context).filter(
        ([k]) => !k.endsWith('_ms') && k !== 'threads' && k !== 'current_read',
      ),
    )
    const read = r.context['current_read']
    return { outcome: { status: r.status, checks: r.checks, tables: r.tables, context }, read }
  }

  it('judges alike whether its worker reads part of the current data or not', async () => {
    const input = { profile, current: shifted, label: 'diagnosis' }
    const helped = await judged(input, {
      threads: 2,
      loadOnWorkerAboveBytes: 0,
      helpAboveBytes: 0,
      blockBytes: 1024,
    })
    const alone = await judged(input, { threads: 1 })
    expect(helped.outcome).toEqual(alone.outcome)
    expect(alone.read).toBeUndefined()
    // Its worker reads its part first, at the main thread's first block, then loads the profile.
    expect(helped.read).toBe('in part by a worker')
  })

  it('gives the errors of a run without workers, those of the profile first', async () => {
    const lines = readFileSync(shifted, 'utf8').trimEnd().split('\n')
    // A short row deep in the file, in the worker's part.
    lines[Math.floor(lines.length * 0.9)] = '7'
    const ragged = join(dir, 'ragged-current.csv')
    writeFileSync(ragged, `${lines.join('\n')}\n`)
    const damaged = join(dir, 'damaged.profile.json')
    writeFileSync(damaged, readFileSync(profile, 'utf8').slice(0, 5000))
    const hooks = { loadOnWorkerAboveBytes: 0, helpAboveBytes: 0, blockBytes: 1024 }
    for (const input of [
      { profile, current: ragged, label: 'diagnosis' },
      { profile: damaged, current: ragged, label: 'diagnosis' },
    ]) {
      const failure = (h: Parameters<typeof runDriftGate>[1]) =>
        runDriftGate(driftConfigSchema.parse(input), h).then(
          () => expect.fail('expected the run to fail'),
          (error: unknown) => error,
        )
      const alone = await failure({ threads: 1 })
      expect((alone as Error).message).toMatch(
        input.profile === damaged ? /is not a drift profile/ : /line \d+: expected 12 fields/,
      )
      expect(await failure({ threads: 2, ...hooks })).toEqual(alone)
    }
  })

  it('judges alike with a model scoring the current data, its runtime started before the load', async () => {
    const withModel = join(dir, 'model.profile.json')
    const first = driftFixture('drift-holdout-first.csv')
    const model = fixture('breast-cancer.logistic.onnx')
    await writeDriftProfile(
      driftProfileConfigSchema.parse({ reference: first, out: withModel, model, label: 'target' }),
    )
    const input = {
      profile: withModel,
      current: driftFixture('drift-holdout-second.csv'),
      model,
      label: 'target',
    }
    const hooks = { loadOnWorkerAboveBytes: 0, helpAboveBytes: 0, blockBytes: 1024 }
    const helped = await judged(input, { threads: 2, ...hooks })
    const alone = await judged(input, { threads: 1 })
    expect(helped.outcome).toEqual(alone.outcome)
    expect(helped.read).toBe('in part by a worker')
    expect(helped.outcome.checks.map((c) => c.name)).toContain('psi.prediction.prediction')
  })
})
