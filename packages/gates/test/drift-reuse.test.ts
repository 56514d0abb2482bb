import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, relative as relativeTo } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { freeCores, readTable } from '@mlgate/data'
import type { GateResult } from '../src/index.ts'
import {
  driftConfigSchema,
  fileSha256,
  parsePolicy,
  policyConfigs,
  runDriftGate,
  runPolicy,
} from '../src/index.ts'
import type { PreparedReference } from '../src/drift/run.ts'
import type { CompareTask } from '../src/drift/_task.ts'
import { runTask } from '../src/drift/_task.ts'
import { decodeProfile } from '../src/drift/_profile-tasks.ts'
import { BREAK_EVEN_VALUES } from '../src/drift/_threads.ts'
import { driftWorkers } from '../src/drift/_workers.ts'
import { profileColumn } from '../src/drift/profile.ts'
import { readProfile, readStoredProfile } from '../src/drift/profile-file.ts'
import { featureTable, scoreModel } from '../src/scoring.ts'
import { fixture } from './_fixtures.ts'
import { driftFixture } from './_drift.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-reuse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reference = driftFixture('drift-bc-reference.csv')
const shifted = driftFixture('drift-bc-shifted.csv')

/** What a run's result says apart from its timings and thread count. */
function measures(r: GateResult) {
  return { status: r.status, checks: r.checks, metrics: r.metrics, tables: r.tables }
}

type StoredReference = { file: string; sha256: string; size?: number; mtimeMs?: number }

function storedReference(profile: string): StoredReference {
  return (JSON.parse(readFileSync(profile, 'utf8')) as { reference: StoredReference }).reference
}

/** Rewrites the profile's record of its reference file. */
function editReference(profile: string, edit: (r: StoredReference) => void): void {
  const json = JSON.parse(readFileSync(profile, 'utf8')) as { reference: StoredReference }
  edit(json.reference)
  writeFileSync(profile, JSON.stringify(json))
}

const FAKE_SHA = 'f'.repeat(64)

describe("the reference file's SHA-256 in a stored profile", () => {
  it('is trusted while the file keeps the size and modification time the profile records', async () => {
    const ref = join(dir, 'stamped.csv')
    const profile = join(dir, 'stamped.profile.json')
    copyFileSync(reference, ref)
    const run = () =>
      runDriftGate(driftConfigSchema.parse({ reference: ref, profile, current: shifted }))
    await run()
    const stat = statSync(ref)
    expect(storedReference(profile)).toMatchObject({ size: stat.size, mtimeMs: stat.mtimeMs })
    // A recorded hash the file does not have: only a run that trusts the record keeps it.
    editReference(profile, (r) => (r.sha256 = FAKE_SHA))
    const trusted = await run()
    expect(trusted.context['profile']).toBe(`read from ${profile}`)
    expect(trusted.context['reference_sha256']).toBe(FAKE_SHA)
    expect(trusted.context['reference_sha256_from']).toMatch(/size and modification time/)
    // The same file named by a path relative to the working directory: trusted too.
    const relative = await runDriftGate(
      driftConfigSchema.parse({
        reference: relativeTo(process.cwd(), ref),
        profile,
        current: shifted,
      }),
    )
    expect(relative.context['reference_sha256_from']).toMatch(/size and modification time/)
    // Another modification time: the file is hashed, the hash differs, the profile is rebuilt.
    utimesSync(ref, stat.atime, new Date(stat.mtimeMs + 5000))
    const touched = await run()
    expect(touched.context['profile']).toMatch(/^rebuilt from .* \(the reference data changed\)/)
    expect(touched.context['reference_sha256_from']).toBeUndefined()
    expect(storedReference(profile).sha256).toBe(await fileSha256(ref))
    expect(storedReference(profile).mtimeMs).toBe(statSync(ref).mtimeMs)
    expect(measures(touched)).toEqual(measures(trusted))
  })

  it('is checked when the profile records no stamp (older profiles) or another file', async () => {
    const ref = join(dir, 'unstamped.csv')
    const profile = join(dir, 'unstamped.profile.json')
    copyFileSync(reference, ref)
    const run = (file: string) =>
      runDriftGate(driftConfigSchema.parse({ reference: file, profile, current: shifted }))
    await run(ref)
    editReference(profile, (r) => {
      r.sha256 = FAKE_SHA
      delete r.size
      delete r.mtimeMs
    })
    expect((await run(ref)).context['profile']).toMatch(/\(the reference data changed\)/)
    // The same size and modification time, but under another name.
    const twin = join(dir, 'twin.csv')
    copyFileSync(ref, twin)
    const { atime, mtime } = statSync(ref)
    utimesSync(twin, atime, mtime)
    editReference(profile, (r) => (r.sha256 = FAKE_SHA))
    expect((await run(twin)).context['profile']).toMatch(/\(the reference data changed\)/)
  })

  it('is the SHA-256 of every byte, for files larger than one read and for empty files', async () => {
    const big = join(dir, 'big.bin')
    const bytes = Buffer.alloc(9 * 1024 * 1024 + 17)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24
    writeFileSync(big, bytes)
    expect(await fileSha256(big)).toBe(createHash('sha256').update(bytes).digest('hex'))
    const empty = join(dir, 'empty.bin')
    writeFileSync(empty, '')
    expect(await fileSha256(empty)).toBe(createHash('sha256').digest('hex'))
  })

  it('that is missing is named, with what to do, as the readers name it', async () => {
    const profile = join(dir, 'missing-reference.profile.json')
    await runDriftGate(driftConfigSchema.parse({ reference, profile, current: shifted }))
    const absent = join(dir, 'absent.csv')
    const notFound = `${absent}: file not found; check the path`
    await expect(fileSha256(absent)).rejects.toThrow(notFound)
    await expect(
      runDriftGate(driftConfigSchema.parse({ reference: absent, profile, current: shifted })),
    ).rejects.toThrow(notFound)
  })
})

describe('a reference lent by another gate of the run', () => {
  it('is profiled instead of the file, and its columns stay readable (copies go to workers)', async () => {
    // The lent table is the shifted data itself: compared with it, nothing drifts.
    const lentTable = await readTable(shifted)
    const before = lentTable.columns.map((c) => (c.type === 'string' ? c.codes : c.values).slice())
    let asked = 0
    const lent: PreparedReference = {
      table: () => {
        asked++
        return Promise.resolve(lentTable)
      },
    }
    const config = driftConfigSchema.parse({ reference, current: shifted })
    const r = await runDriftGate(config, { threads: 2 }, { reference: lent })
    expect(asked).toBe(1)
    expect(r.context['threads']).toBe(2)
    expect(r.metrics['max_psi']).toBe(0)
    lentTable.columns.forEach((c, i) => {
      expect([...(c.type === 'string' ? c.codes : c.values)]).toEqual([...before[i]!])
    })
  })

  it("is not read at all when a stored profile fits, and the model's scores on it are reused", async () => {
    const input = {
      reference: driftFixture('drift-holdout-first.csv'),
      current: driftFixture('drift-holdout-second.csv'),
      model: fixture('breast-cancer.logistic.onnx'),
      label: 'target',
      profile: join(dir, 'lent-scores.profile.json'),
    }
    const config = driftConfigSchema.parse(input)
    const alone = await runDriftGate(config, { threads: 2 })
    rmSync(input.profile)
    const table = await readTable(input.reference)
    const asked: string[] = []
    const lent: PreparedReference = {
      table: () => (asked.push('table'), Promise.resolve(table)),
      scored: () => {
        asked.push('scored')
        return scoreModel(input.model, featureTable(table, ['target']), { batchSize: 1024 })
      },
    }
    const cold = await runDriftGate(config, { threads: 2 }, { reference: lent })
    expect(asked).toEqual(['table', 'scored'])
    expect(measures(cold)).toEqual(measures(alone))
    const warm = await runDriftGate(config, { threads: 2 }, { reference: lent })
    expect(warm.context['profile']).toBe(`read from ${input.profile}`)
    expect(asked).toEqual(['table', 'scored'])
    expect(measures(warm)).toEqual(measures(alone))
  })
})

describe('onComparing', () => {
  it.each([1, 2])('is called once, before the result, on %i thread(s)', async (threads) => {
    const events: string[] = []
    const config = driftConfigSchema.parse({ reference, current: shifted, label: 'diagnosis' })
    const r = await runDriftGate(config, { threads, onComparing: () => events.push('comparing') })
    events.push('result')
    expect(events).toEqual(['comparing', 'result'])
    expect(r.context['threads']).toBe(threads)
  })
})

describe('sparesCore', () => {
  it.each([true, false])(
    'decides, when the comparisons are handed out, whether they hold a core apart (%s)',
    async (spare) => {
      const config = driftConfigSchema.parse({ reference, current: shifted, label: 'diagnosis' })
      const free = freeCores({})
      let asked = 0
      let freeMeanwhile = -1
      await runDriftGate(config, {
        threads: 2,
        onComparing: () => (freeMeanwhile = freeCores({})),
        sparesCore: () => (asked++, spare),
      })
      expect(asked).toBe(1)
      // Sparing a core, the comparisons' workers hold theirs while the caller works (a CSV read
      // then stays on one thread); taking every core, this small run holds none.
      expect(freeMeanwhile).toBe(spare ? free - 2 : free)
    },
  )
})

describe('comparisons that spare the main thread a core', () => {
  it('go to one worker fewer than the cores, with the same outputs', async () => {
    const ref = await readTable(reference)
    const cur = await readTable(shifted)
    const tasks: CompareTask[] = ref.columns.map((c, i) => ({
      kind: 'compare',
      entry: profileColumn(c, 'feature', new Set()),
      column: cur.columns[i]!,
      source: shifted,
      noiseLevel: 0.99,
    }))
    const workers = driftWorkers()
    try {
      // Planned work beyond the break-even: the workers are worth starting.
      const free = freeCores({})
      let freeMeanwhile = 0
      const outputs = await workers.run(tasks, {
        planned: BREAK_EVEN_VALUES,
        spareCore: true,
        meanwhile: () => (freeMeanwhile = freeCores({})),
      })
      const used = Math.max(1, Math.min(tasks.length, availableParallelism() - 1))
      expect(workers.threads).toBe(used)
      // While they compare, their cores are held (a CSV read then stays on one thread).
      expect(freeMeanwhile).toBe(free - used)
      expect(freeCores({})).toBe(free)
      outputs.forEach((o, i) => expect(o).toEqual(runTask(tasks[i]!)))
    } finally {
      await workers.close()
    }
  })
})

describe('a stored profile decoded while the current data is read', () => {
  it('goes to one worker fewer than the cores, which hold theirs, with the same distributions', async () => {
    const profile = join(dir, 'decoded.profile.json')
    await runDriftGate(driftConfigSchema.parse({ reference, profile, current: shifted }))
    const stored = await readStoredProfile(profile)
    const workers = driftWorkers()
    try {
      const free = freeCores({})
      let freeMeanwhile = 0
      // Planned work beyond the break-even: the workers are worth starting.
      const decoded = await decodeProfile(
        stored,
        workers,
        () => (freeMeanwhile = freeCores({})),
        BREAK_EVEN_VALUES,
      )
      const numeric = stored.features.filter((f) => f.kind === 'numeric').length
      const used = Math.max(1, Math.min(numeric, availableParallelism() - 1))
      expect(workers.threads).toBe(used)
      // The read meanwhile finds no core free for a second thread of its own.
      expect(freeMeanwhile).toBe(free - used)
      expect(freeCores({})).toBe(free)
      expect(decoded).toEqual(await readProfile(profile))
    } finally {
      await workers.close()
    }
  })
})

describe('drift workers closed while the one that loaded a profile starts ONNX Runtime', () => {
  // A thread ended during one of ONNX Runtime's asynchronous calls aborts the whole process
  // (this test's too) when the call returns: closing waits for the runtime's start to finish.
  it('end once it has, and the process goes on', async () => {
    const profile = join(dir, 'warm.profile.json')
    await runDriftGate(driftConfigSchema.parse({ reference, profile, current: shifted }))
    // The start takes tens of milliseconds after the load's reply: closing at several points of
    // it meets the runtime's asynchronous session creation in one of them.
    // Started before the load instead, it is done by the load's reply.
    const starts = [0, 10, 20, 30, 45, 60, 80, 110].map((delay) => ({
      delay,
      warm: 'after' as const,
    }))
    for (const { delay, warm } of [...starts, { delay: 0, warm: 'first' as const }]) {
      const workers = driftWorkers(2)
      try {
        const bytes = statSync(profile).size
        const [read] = await workers.run([{ kind: 'load', path: profile, bytes, warm }], {
          offMainThread: true,
        })
        expect(read!.decoded.length).toBeGreaterThan(0)
        await new Promise((resolve) => setTimeout(resolve, delay))
      } finally {
        await workers.close()
      }
    }
    // The process is still alive and runs the gate.
    const again = await runDriftGate(driftConfigSchema.parse({ profile, current: shifted }))
    expect(again.context['profile']).toBe(`read from ${profile}`)
  })
})

describe('mlgate run with the training data as the holdout', () => {
  it('gives the drift gate the results of a run on its own, cold and from the stored profile', async () => {
    const example = fileURLToPath(new URL('../../../examples/fraud', import.meta.url))
    const profile = join(dir, 'policy.profile.json')
    const text = [
      `model: ${join(example, 'model.onnx')}`,
      'label: is_fraud',
      'positive: 1',
      'data:',
      `  training: ${join(example, 'holdout.csv')}`,
      `  holdout: ${join(example, 'holdout.csv')}`,
      `  current: ${join(example, 'train.csv')}`,
      'gates:',
      '  accuracy:',
      '    min: { roc_auc: 0.5 }',
      '  drift:',
      `    profile: ${profile}`,
    ].join('\n')
    const configs = policyConfigs(parsePolicy(text, join(dir, 'mlgate.yml')))
    let events: string[] = []
    const run = () => {
      events = []
      return runPolicy(configs, {
        onGate: (gate, result) => result ?? events.push(`start ${gate}`),
        onProgress: (what) => events.at(-1) !== what && events.push(what),
      })
    }
    const cold = await run()
    expect(cold.map((r) => r.gate)).toEqual(['accuracy', 'drift'])
    // The drift gate goes first: the accuracy gate starts once the drift gate has scored the
    // current data and handed its comparisons to the workers.
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start drift', 'start accuracy'])
    expect(events).toContain('drift current')
    expect(events.indexOf('start accuracy')).toBeGreaterThan(events.indexOf('drift current'))
    // The accuracy gate's bootstrap (1,000 resamples by default) reports its progress too.
    expect(events.indexOf('accuracy bootstrap')).toBeGreaterThan(events.indexOf('start accuracy'))
    const profileText = readFileSync(profile, 'utf8')
    rmSync(profile)
    const alone = await runDriftGate(configs.drift!)
    expect(readFileSync(profile, 'utf8')).toBe(profileText)
    expect(measures(cold[1]!)).toEqual(measures(alone))
    const warm = await run()
    expect(warm[1]!.context['profile']).toBe(`read from ${profile}`)
    expect(measures(warm[1]!)).toEqual(measures(alone))
    expect(warm[0]!.metrics).toEqual(cold[0]!.metrics)
  }, 60_000)
})
