import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTable, writeParquet } from '@mlgate/data'
import { driftConfigSchema, runDriftGate } from '../src/index.ts'
import type { DriftConfigInput, GateResult } from '../src/index.ts'
import { driftFixture } from './_drift.ts'
import { fixture } from './_fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-stream-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Timings, the thread count and how the file was read differ between runs; nothing else may. */
function comparable(r: GateResult): GateResult {
  const context = Object.fromEntries(
    Object.entries(r.context).filter(
      ([k]) => !k.endsWith('_ms') && k !== 'threads' && k !== 'current_read',
    ),
  )
  return { ...r, context }
}

/** The whole file at once, on the main thread: the simple path every other run must match. */
function whole(input: DriftConfigInput): Promise<GateResult> {
  return runDriftGate(driftConfigSchema.parse(input), {
    threads: 1,
    streamAboveBytes: Number.POSITIVE_INFINITY,
  })
}

/** The current file in chunks of `blockBytes` (a few rows each), on `threads` threads. */
function streamed(input: DriftConfigInput, threads: number, blockBytes = 256): Promise<GateResult> {
  return runDriftGate(driftConfigSchema.parse(input), { threads, streamAboveBytes: 0, blockBytes })
}

/**
 * Runs `input` in chunks of several sizes on 1 and 2 threads. With `fallsBack`, a file in more
 * than one chunk must be read whole instead (one chunk is the whole file and streams).
 */
async function expectSameAsWhole(input: DriftConfigInput, fallsBack = false): Promise<void> {
  const want = await whole(input)
  expect(want.context['current_read']).toBeUndefined()
  const size = readFileSync(input.current, 'utf8').length
  for (const threads of [1, 2]) {
    for (const blockBytes of [64, 700, 1 << 20]) {
      const got = await streamed(input, threads, blockBytes)
      expect(got.context['current_read'], `${threads} threads, ${blockBytes} B chunks`).toBe(
        fallsBack && blockBytes < size ? undefined : 'in chunks',
      )
      expect(comparable(got)).toEqual(comparable(want))
      // toEqual takes -0 for +0: the numbers must be the same doubles.
      got.checks.forEach((c, i) => expect(Object.is(c.value, want.checks[i]!.value)).toBe(true))
    }
  }
}

/** A current Parquet file read in chunks of `minRows` rows or more (whole row groups). */
function parquetStreamed(
  input: DriftConfigInput,
  threads: number,
  minRows: number,
): Promise<GateResult> {
  return runDriftGate(driftConfigSchema.parse(input), { threads, streamAboveBytes: 0, minRows })
}

/** `input` with its current Parquet file read row group by row group, against the whole read. */
async function expectParquetSameAsWhole(input: DriftConfigInput): Promise<void> {
  const want = await whole(input)
  expect(want.context['current_read']).toBeUndefined()
  for (const threads of [1, 2]) {
    for (const minRows of [1, 150, 1_000_000]) {
      const got = await parquetStreamed(input, threads, minRows)
      expect(got.context['current_read'], `${threads} threads, ${minRows} rows`).toBe('in chunks')
      expect(comparable(got)).toEqual(comparable(want))
      got.checks.forEach((c, i) => expect(Object.is(c.value, want.checks[i]!.value)).toBe(true))
    }
  }
}

/** A copy of a CSV file as Parquet, in row groups of `group` rows. */
async function asParquet(csvPath: string, group: number): Promise<string> {
  const path = join(dir, basename(csvPath).replace(/\.csv$/, `.${group}.parquet`))
  await writeParquet(await readTable(csvPath), path, { rowGroupSize: group })
  return path
}

function csv(name: string, header: string, rows: readonly string[]): string {
  const file = join(dir, name)
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`)
  return file
}

/** Rows whose later chunks bring what the first ones lack: new categories, zeros, ties, gaps. */
function rows(n: number, shift: number, newTiers = true): string[] {
  return Array.from({ length: n }, (_, i) => {
    const x = ((i * 7919) % 1000) / 100 + shift
    const zero = i % 11 === 0 ? '-0.0' : i % 13 === 0 ? '0' : String(((i * 31) % 17) / 4)
    const missing = i % 9 === 0 ? '' : String(Math.round(x * 3) / 3)
    const tier = i < n / 2 || !newTiers ? ['a', 'b', 'c'][i % 3] : ['a', 'b', 'c', 'd', 'e'][i % 5]
    const code = i % 4 === 0 ? '' : String(100 + (i % (i < n / 2 ? 3 : 6)))
    const flag = i % 2 === 0 ? 'true' : 'false'
    return `${x.toFixed(2)},${zero},${missing},${tier},${code},${flag}`
  })
}
const HEADER = 'x,zeroes,gappy,tier,code,flag'

describe('the current data read in chunks', () => {
  const reference = driftFixture('drift-bc-reference.csv')
  const shifted = driftFixture('drift-bc-shifted.csv')
  const nodrift = driftFixture('drift-bc-nodrift.csv')

  it('gives the whole read’s result on the breast-cancer files', async () => {
    await expectSameAsWhole({ reference, current: shifted, label: 'diagnosis' })
    await expectSameAsWhole({ reference, current: nodrift, threshold: 'auto' })
  })

  it('gives the whole read’s result from a stored profile, numeric columns read as categories', async () => {
    const profile = join(dir, 'bc.json')
    const input = { reference, current: shifted, categorical: ['mean_radius'] }
    await whole({ ...input, profile })
    await expectSameAsWhole({ ...input, reference: undefined, profile })
  })

  it('merges ties, signed zeros, missing values and categories first seen in later chunks', async () => {
    const ref = csv('ref.csv', HEADER, rows(600, 0, false))
    const cur = csv('cur.csv', HEADER, rows(900, 0.5))
    await expectSameAsWhole({ reference: ref, current: cur, categorical: ['code'] })
    const unseen = (await whole({ reference: ref, current: cur, categorical: ['code'] })).findings
    expect(unseen.map((f) => f.message).join('\n')).toMatch(/"tier" has 2 categories .*d, e/)
  })

  it('falls back to the whole read when a column turns to text in a later chunk', async () => {
    const ref = csv('ref2.csv', HEADER, rows(300, 0))
    const body = rows(300, 0.2)
    // `code` holds numbers for most of the file, then text: read whole, it is a text column.
    const late = body.map((r, i) => (i === 280 ? r.replace(/,[^,]*,(true|false)$/, ',n/a,$1') : r))
    const cur = csv('cur2.csv', HEADER, late)
    await expectSameAsWhole({ reference: ref, current: cur, categorical: ['code'] }, true)
    // A numeric column with text: the whole read's error, quoting the column's first texts.
    const bad = body.map((r, i) => (i === 250 ? r.replace(/^[^,]*/, 'oops') : r))
    const file = csv('cur3.csv', HEADER, bad)
    const input = { reference: ref, current: file, categorical: ['code'] }
    const errors = await Promise.all([
      whole(input).catch((e: unknown) => e),
      streamed(input, 2).catch((e: unknown) => e),
    ])
    expect((errors[0] as Error).message).toMatch(
      /Column "x" is numeric in the reference but holds text/,
    )
    expect((errors[1] as Error).message).toBe((errors[0] as Error).message)
  })

  it('reports a file without rows, and columns the profile lacks, as the whole read does', async () => {
    const ref = csv('ref4.csv', HEADER, rows(50, 0))
    const empty = csv('empty.csv', HEADER, [])
    const a = await whole({ reference: ref, current: empty })
    const b = await streamed({ reference: ref, current: empty }, 2)
    expect(b.status).toBe('error')
    expect(comparable(b)).toEqual(comparable(a))
    const other = csv(
      'other.csv',
      'x,zeroes,gappy,tier,code,flag,extra',
      rows(50, 0).map((r) => `${r},1`),
    )
    const errors = await Promise.all([
      whole({ reference: ref, current: other }).catch((e: unknown) => e),
      streamed({ reference: ref, current: other }, 2).catch((e: unknown) => e),
    ])
    expect((errors[0] as Error).message).toMatch(/does not cover "extra"/)
    expect((errors[1] as Error).message).toBe((errors[0] as Error).message)
  })

  it('is not used with a coverage audit, which reads rows across columns', async () => {
    const r = await streamed(
      { reference, current: shifted, label: 'diagnosis', labelledColumn: 'diagnosis' },
      2,
    )
    expect(r.context['current_read']).toBeUndefined()
    expect(readFileSync(shifted, 'utf8').length).toBeGreaterThan(256)
  })
})

/** The first `from` data rows of a CSV file (`to` rows on), as a file of their own. */
function rowsOf(path: string, name: string, from: number, to?: number): string {
  const [header, ...body] = readFileSync(path, 'utf8').trimEnd().split('\n')
  return csv(name, header!, body.slice(from, to))
}

describe('the current data read in chunks and scored by the run’s model', () => {
  const model = fixture('breast-cancer.logistic.onnx')
  const first = driftFixture('drift-holdout-first.csv')
  const second = driftFixture('drift-holdout-second.csv')

  it('gives the whole read’s prediction drift, from data and from a profile', async () => {
    const input = { reference: first, current: second, model, label: 'target' }
    const want = await whole(input)
    expect(want.metrics['prediction_psi']).toBeGreaterThan(0)
    await expectSameAsWhole(input)
    // The label the profile names stays out of the model's inputs when the run omits it.
    const profile = join(dir, 'scored.json')
    await whole({ ...input, profile })
    await expectSameAsWhole({ current: second, model, profile })
    await expectParquetSameAsWhole({ current: await asParquet(second, 16), model, profile })
  })

  it('compares a multiclass model’s predicted labels, classes first predicted in later chunks', async () => {
    const wine = fixture('wine.holdout.csv')
    const input = {
      reference: rowsOf(wine, 'wine-ref.csv', 0, 22),
      current: rowsOf(wine, 'wine-cur.csv', 22),
      model: fixture('wine.random-forest.onnx'),
      label: 'target',
    }
    const want = await whole(input)
    expect(want.summary).toMatch(/prediction drift \(predicted label\)/)
    await expectSameAsWhole(input)
  })

  it('feeds text columns to a model that takes one input per column', async () => {
    const customers = fixture('customers.holdout.csv')
    await expectSameAsWhole({
      reference: rowsOf(customers, 'customers-ref.csv', 0, 100),
      current: rowsOf(customers, 'customers-cur.csv', 100),
      model: fixture('customers.logistic.onnx'),
      label: 'target',
    })
  })

  it('reads the file whole when a column the drift does not check changes type in a later chunk', async () => {
    // `note` is empty in the first rows and text later: read whole, it is a text column, and a
    // chunk of empty cells would read it as numbers.
    const withNote = (path: string, name: string) => {
      const [header, ...body] = readFileSync(path, 'utf8').trimEnd().split('\n')
      return csv(
        name,
        `${header},note`,
        body.map((r, i) => `${r},${i < 40 ? '' : 'seen'}`),
      )
    }
    const input = {
      reference: withNote(first, 'noted-ref.csv'),
      current: withNote(second, 'noted-cur.csv'),
      model,
      label: 'target',
      exclude: ['note'],
    }
    // The model takes one tensor of "the numeric columns": 30 in the file, 31 in a chunk whose
    // notes are all empty, which it refuses. Read whole, it scores every row.
    await expectSameAsWhole(input, true)
    const columns = readFileSync(first, 'utf8').split('\n')[0]!.split(',')
    await expectSameAsWhole({ ...input, columns: columns.filter((c) => c !== 'target') }, true)
  })

  it('refuses a profile of another model before reading, as the whole read does', async () => {
    const profile = join(dir, 'other-model.json')
    await whole({ reference: first, current: second, model, label: 'target', profile })
    const input = {
      current: second,
      profile,
      model: fixture('breast-cancer.gradient-boosting.onnx'),
    }
    const errors = await Promise.all([
      whole(input).catch((e: unknown) => e),
      streamed(input, 2).catch((e: unknown) => e),
    ])
    expect((errors[0] as Error).message).toMatch(/The profile's scores come from a model/)
    expect((errors[1] as Error).message).toBe((errors[0] as Error).message)
  })
})

describe('a current Parquet file read by row group', () => {
  const reference = driftFixture('drift-bc-reference.csv')

  it('gives the whole read’s result on the breast-cancer files, from data and from a profile', async () => {
    const shifted = await asParquet(driftFixture('drift-bc-shifted.csv'), 64)
    await expectParquetSameAsWhole({ reference, current: shifted, label: 'diagnosis' })
    const profile = join(dir, 'bc-parquet.json')
    await whole({ reference, current: shifted, profile })
    await expectParquetSameAsWhole({ current: shifted, profile, categorical: [] })
  })

  it('merges ties, signed zeros, missing values and categories first seen in later row groups', async () => {
    const ref = csv('ref-p.csv', HEADER, rows(600, 0, false))
    const cur = await asParquet(csv('cur-p.csv', HEADER, rows(900, 0.5)), 100)
    await expectParquetSameAsWhole({ reference: ref, current: cur, categorical: ['code'] })
  })

  it('gives the whole read’s error for text in a numeric column', async () => {
    const ref = csv('ref-p2.csv', HEADER, rows(300, 0))
    const body = rows(300, 0.2).map((r, i) => (i === 250 ? r.replace(/^[^,]*/, 'oops') : r))
    const cur = await asParquet(csv('cur-p2.csv', HEADER, body), 100)
    const input = { reference: ref, current: cur }
    const errors = await Promise.all([
      whole(input).catch((e: unknown) => e),
      parquetStreamed(input, 2, 1).catch((e: unknown) => e),
    ])
    expect((errors[0] as Error).message).toMatch(/Column "x" is numeric in the reference/)
    expect((errors[1] as Error).message).toBe((errors[0] as Error).message)
  })
})
