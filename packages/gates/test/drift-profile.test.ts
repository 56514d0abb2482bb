import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { distinctValues, sortFloat64 } from '@mlgate/stats'
import {
  PROFILE_FORMAT,
  driftProfileConfigSchema,
  parseProfile,
  serializeProfile,
  writeDriftProfile,
} from '../src/index.ts'
import { decodeDistribution, encodeDistribution } from '../src/drift/_ecdf-codec.ts'
import { drift, driftFixture, driftRows } from './_drift.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-profile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reference = driftFixture('drift-bc-reference.csv')
const shifted = driftFixture('drift-bc-shifted.csv')

async function makeProfile(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = join(dir, name)
  await writeDriftProfile(
    driftProfileConfigSchema.parse({ reference, out, label: 'diagnosis', ...extra }),
  )
  return out
}

describe('reference profile', () => {
  it('is a small JSON file with the format version and the column list', async () => {
    const file = await makeProfile('bc.profile.json')
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    expect(json['format']).toBe(PROFILE_FORMAT)
    expect(json['version']).toBe(1)
    expect(json['columns']).toEqual(readFileSync(reference, 'utf8').split('\n')[0]!.split(','))
    const features = json['features'] as { name: string; kind: string; role: string }[]
    expect(features.map((f) => `${f.name}:${f.kind}:${f.role}`)).toContain(
      'size_band:categorical:feature',
    )
    expect(features.map((f) => `${f.name}:${f.role}`)).toContain('diagnosis:label')
    // 569 rows × 11 columns, every value kept exactly: under a fifth of the 42 KB CSV.
    expect(statSync(file).size).toBeLessThan(42_000 / 3)
  })

  it('gives the same drift as the reference data it was built from', async () => {
    const file = await makeProfile('same.profile.json')
    const cold = await drift({ reference, current: shifted, label: 'diagnosis' })
    const warm = await drift({ profile: file, current: shifted, label: 'diagnosis' })
    expect(warm.context['profile']).toBe(`read from ${file}`)
    expect(warm.checks).toEqual(cold.checks)
    expect(warm.tables).toEqual(cold.tables)
    expect(warm.metrics).toEqual(cold.metrics)
  })

  it('is reused while the reference is unchanged and rebuilt when it changes', async () => {
    const file = join(dir, 'cache.profile.json')
    const ref = join(dir, 'ref-copy.csv')
    copyFileSync(reference, ref)
    const first = await drift({ reference: ref, profile: file, current: shifted })
    expect(first.context['profile']).toBe(`built from ${ref} and written to ${file}`)
    const second = await drift({ reference: ref, profile: file, current: shifted })
    expect(second.context['profile']).toBe(`read from ${file}`)
    writeFileSync(ref, readFileSync(reference, 'utf8').replace('\n17.99,', '\n18.99,'))
    const third = await drift({ reference: ref, profile: file, current: shifted })
    expect(third.context['profile']).toMatch(/rebuilt from .* \(the reference data changed\)/)
  })
})

describe('a profile path that is not a file to read or write', () => {
  it('is a folder: refused, with what to give instead', async () => {
    await expect(drift({ reference, profile: dir, current: shifted })).rejects.toThrow(
      `The drift profile ${dir} is a folder, not a file: give the path of the profile's JSON file, for example ${join(dir, 'reference.profile.json')}.`,
    )
  })

  it('is in a folder that does not exist: the write says so', async () => {
    const out = join(dir, 'no-such-folder', 'p.profile.json')
    await expect(makeProfile(join('no-such-folder', 'p.profile.json'))).rejects.toThrow(
      `Cannot write the drift profile ${out}: ENOENT`,
    )
    await expect(drift({ reference, profile: out, current: shifted })).rejects.toThrow(
      /Give a file path in a folder that exists and can be written\.$/,
    )
  })
})

describe('a profile that does not fit is refused', () => {
  it('from another format version', async () => {
    const file = await makeProfile('v2.profile.json')
    const text = readFileSync(file, 'utf8').replace('"version":1', '"version":2')
    expect(() => parseProfile(text, 'v2.profile.json')).toThrow(
      /v2\.profile\.json is a drift profile of format version 2, but this mlgate reads version 1\. Rebuild it: mlgate drift profile/,
    )
    expect(() => parseProfile('{"format":"other"}', 'x.json')).toThrow(
      /x\.json is not an mlgate drift profile: expected "format": "mlgate-drift-profile", found "other"/,
    )
    expect(() => parseProfile('not json', 'x.json')).toThrow(/not valid JSON/)
  })

  it('when its stored distribution is damaged', async () => {
    const file = await makeProfile('damaged.profile.json')
    const profile = JSON.parse(readFileSync(file, 'utf8')) as {
      features: { distribution?: { distinct: number } }[]
    }
    profile.features[0]!.distribution!.distinct += 1
    expect(() => parseProfile(JSON.stringify(profile), 'damaged.json')).toThrow(
      /damaged\.json, feature "mean_radius": the stored distribution is damaged/,
    )
  })

  it('when the current data has other columns', async () => {
    const file = await makeProfile('columns.profile.json', { exclude: ['mean_area'] })
    await expect(drift({ profile: file, current: shifted, label: 'diagnosis' })).rejects.toThrow(
      /does not cover "mean_area" of .*drift-bc-shifted\.csv; it covers "mean_radius", .* leave the others out with exclude/,
    )
    const cur = join(dir, 'fewer.csv')
    const lines = readFileSync(shifted, 'utf8').trimEnd().split('\n')
    writeFileSync(cur, `${lines.map((l) => l.split(',').slice(1).join(',')).join('\n')}\n`)
    await expect(
      drift({ profile: file, current: cur, label: 'diagnosis', exclude: ['mean_area'] }),
    ).rejects.toThrow(/fewer\.csv has no column "mean_radius", which the reference profile covers/)
    await expect(
      drift({ profile: file, current: shifted, label: 'diagnosis', features: ['mean_area'] }),
    ).rejects.toThrow(/does not cover "mean_area".*Rebuild the profile/)
  })

  it('when it is missing and there is no reference to build it from', async () => {
    await expect(drift({ profile: join(dir, 'nope.json'), current: shifted })).rejects.toThrow(
      /nope\.json does not exist and no reference data was given/,
    )
  })

  it('when it lacks the label or a column asked to be categorical', async () => {
    const file = await makeProfile('nolabel.profile.json', {
      label: undefined,
      exclude: ['diagnosis'],
    })
    await expect(drift({ profile: file, current: shifted, label: 'diagnosis' })).rejects.toThrow(
      /built without label "diagnosis"/,
    )
    await expect(
      drift({
        profile: file,
        current: shifted,
        exclude: ['diagnosis'],
        categorical: ['mean_area'],
      }),
    ).rejects.toThrow(/"mean_area" is asked to be categorical but the profile holds it as numeric/)
  })
})

describe('the stored distribution', () => {
  const roundTrip = (values: number[]) => {
    const d = distinctValues(sortFloat64(Float64Array.from(values)))
    const encoded = encodeDistribution(d)
    const back = decodeDistribution(JSON.parse(JSON.stringify(encoded)) as typeof encoded, 'test')
    expect([...back.values].map((v) => (Object.is(v, -0) ? 0 : v))).toEqual([...d.values])
    expect([...back.counts]).toEqual([...d.counts])
    return encoded
  }

  it('keeps decimal data exactly as scaled integers', () => {
    const e = roundTrip([12.3456, -0.0001, 7, 7, 7, 1e-4, 3.1416, -12.5, 0])
    expect(e.scale).toBe(4)
  })

  it('keeps any double exactly when no decimal scale fits', () => {
    const e = roundTrip([Math.PI, Math.E, 1 / 3, -1 / 7, 1e-300, 1.7976931348623157e308, Math.PI])
    expect(e.scale).toBeNull()
  })

  it('keeps gaps and counts of every varint length', () => {
    // Gaps of 1, 2, 3, 5 and 8 bytes (past 2^31, where the writer leaves 32-bit shifts), and
    // counts of 1, 2 and 3 bytes.
    const values = [0, 1, 129, 129 + 2 ** 14, 2 ** 31 + 2 ** 14 + 200, 2 ** 33, 2 ** 52]
    const repeated = values.flatMap((v, i) =>
      Array<number>(i === 1 ? 300 : i === 2 ? 20_000 : 1).fill(v),
    )
    const e = roundTrip(repeated)
    expect([e.scale, e.distinct]).toEqual([0, values.length])
  })

  it('keeps large integers and a single value', () => {
    expect(roundTrip([2 ** 52, 2 ** 52 + 2, -(2 ** 50)]).scale).toBe(0)
    expect(roundTrip([5, 5, 5]).distinct).toBe(1)
  })

  it('serialises and parses back to the same profile', async () => {
    const file = await makeProfile('round.profile.json')
    const text = readFileSync(file, 'utf8')
    expect(serializeProfile(parseProfile(text, file))).toBe(text)
  })
})

describe('label drift from a profile', () => {
  it('reads the label from the profile when the run does not name it', async () => {
    const file = await makeProfile('label.profile.json')
    const r = await drift({ profile: file, current: shifted })
    expect(driftRows(r).has('label: diagnosis')).toBe(true)
  })
})
