import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { driftedFeatures } from '../src/index.ts'
import { drift, driftFixture, driftRows, expectNear, gateReference } from './_drift.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reference = driftFixture('drift-bc-reference.csv')
const base = { reference, label: 'diagnosis' }

describe('drift gate on breast-cancer data against numpy and scipy', () => {
  it('finds no drift in a bootstrap resample: every column below 0.1, values as numpy', async () => {
    const r = await drift({ ...base, current: driftFixture('drift-bc-nodrift.csv') })
    expect(r.status).toBe('pass')
    expect(r.metrics['drifted_features']).toBe(0)
    const rows = driftRows(r)
    for (const [name, ref] of Object.entries(gateReference.nodrift)) {
      const row = rows.get(name)
      if (row == null) return expect.fail(`no row for ${name}`)
      expect(row['PSI'] as number, name).toBeLessThan(0.1)
      expectNear(row['PSI'], ref.psi, 1e-9, `${name} PSI`)
      expectNear(row['JS distance'], ref.js, 1e-9, `${name} JS`)
      expect(row['bins'], name).toBe(ref.bins)
      expectNear(row['expected PSI (no drift)'], ref.expected, 1e-12, `${name} expected`)
      if (ref.kind === 'numeric') {
        expectNear(row['KS D'], ref.ksStatistic!, 1e-12, `${name} KS D`)
        // 569 rows a side: scipy's exact method, reproduced to rounding.
        expect(row['KS p method']).toBe('exact')
        expectNear(row['KS p'], ref.ksPValue!, 1e-9, `${name} KS p`)
      }
    }
  })

  it('fails exactly the two shifted features and the reweighted category', async () => {
    const r = await drift({ ...base, current: driftFixture('drift-bc-shifted.csv') })
    expect(r.status).toBe('fail')
    expect(driftedFeatures(r).sort()).toEqual(['mean_radius', 'mean_texture', 'size_band'])
    expect(r.metrics['drift_share']).toBeCloseTo(3 / 11, 15)
    const rows = driftRows(r)
    for (const [name, ref] of Object.entries(gateReference.shifted)) {
      expectNear(rows.get(name)?.['PSI'], ref.psi, 1e-9, `${name} PSI`)
      expect(rows.get(name)?.['verdict'], name).toBe(ref.psi >= 0.25 ? 'fail' : 'pass')
    }
    // Sorted by PSI, most drifted first; the top drifted columns get a bins table each.
    const psis = r.tables[0]!.rows.map((row) => row[1] as number)
    expect(psis).toEqual([...psis].sort((a, b) => b - a))
    expect(r.tables.filter((t) => t.title.startsWith('Bins of')).map((t) => t.title)).toEqual([
      expect.stringContaining('mean_radius'),
      expect.stringContaining('mean_texture'),
      expect.stringContaining('size_band'),
    ])
    expect(r.summary).toMatch(/3 of 11 features drifted significantly/)
    expect(r.checks[0]?.name).toBe('drift_share')
    expect(r.checks[0]?.verdict).toBe('fail')
  })

  it('shows reference and current shares per bin of a drifted category', async () => {
    const r = await drift({ ...base, current: driftFixture('drift-bc-shifted.csv') })
    const bins = r.tables.find((t) => t.title.startsWith('Bins of size_band'))
    const byBin = new Map(bins?.rows.map((row) => [row[0], row]))
    const ref = gateReference.shifted['size_band']!
    // The oracle's bins are reference categories in reference order, then missing.
    const names = ['S', 'M', 'L', 'XL']
    for (const name of names) expect(byBin.has(name), name).toBe(true)
    const total = (side: 'refCounts' | 'curCounts') =>
      (ref as unknown as Record<string, number[]>)[side]!.reduce((a, b) => a + b)
    const xl = (ref as unknown as { names: string[] }).names.indexOf('XL')
    expectNear(
      byBin.get('XL')?.[2],
      (ref as unknown as { curCounts: number[] }).curCounts[xl]! / total('curCounts'),
      1e-12,
      'XL share',
    )
  })

  it('judges the label and names the fixed bands in its policy', async () => {
    const r = await drift({ ...base, current: driftFixture('drift-bc-nodrift.csv') })
    expect(driftRows(r).has('label: diagnosis')).toBe(true)
    expect(r.metrics['label_psi']).toBeTypeOf('number')
    expect(r.policy).toMatch(
      /below 0\.1 stable, from 0\.1 moderate \(warn\), from 0\.25 significant/,
    )
    expect(r.context['epsilon']).toMatch(/0\.0001/)
  })
})

describe('PSI on a file computed by hand', () => {
  it('gives 0.4·ln 5 + 0.3996·ln 1000 for one value per decile vs a pile-up in the first', async () => {
    const ref = join(dir, 'hand-ref.csv')
    const cur = join(dir, 'hand-cur.csv')
    writeFileSync(ref, `x\n${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].join('\n')}\n`)
    writeFileSync(cur, `x\n${[1, 1, 1, 1, 1, 6, 7, 8, 9, 10].join('\n')}\n`)
    const r = await drift({ reference: ref, current: cur })
    expect(r.checks[1]?.value).toBeCloseTo(0.4 * Math.log(5) + 0.3996 * Math.log(1000), 12)
    expect(r.checks[1]?.verdict).toBe('fail')
  })
})

describe('thresholds', () => {
  it('takes per-feature bands and a share of drifted features that only warns', async () => {
    const r = await drift({
      ...base,
      current: driftFixture('drift-bc-shifted.csv'),
      featureThresholds: { mean_texture: { warn: 0.5, fail: 2 } },
      maxDriftShare: 0.2,
    })
    const rows = driftRows(r)
    expect(rows.get('mean_texture')?.['verdict']).toBe('warn')
    expect(rows.get('mean_texture')?.['fail at']).toBe(2)
    // 2 of 11 features fail, a share of 0.18: below 0.2, so the gate warns.
    expect(driftedFeatures(r).sort()).toEqual(['mean_radius', 'size_band'])
    expect(r.status).toBe('warn')
    expect(r.checks[0]?.reason).toMatch(/not exceeded/)
  })

  it('threshold auto does not flag sampling noise on small samples, and still fails real drift', async () => {
    // Rows of the bootstrap resample, which is in random order (the dataset file is not).
    const lines = readFileSync(driftFixture('drift-bc-nodrift.csv'), 'utf8').trimEnd().split('\n')
    const small = (from: number, to: number, name: string) => {
      const file = join(dir, name)
      writeFileSync(file, `${[lines[0], ...lines.slice(1 + from, 1 + to)].join('\n')}\n`)
      return file
    }
    const ref = small(0, 60, 'small-ref.csv')
    const cur = small(60, 120, 'small-cur.csv')
    const fixed = await drift({ reference: ref, current: cur, exclude: ['diagnosis'] })
    // 60 rows a side: noise alone averages (1/60 + 1/60)·9 = 0.3 for ten bins.
    expect(fixed.status).not.toBe('pass')
    expect(fixed.findings.some((f) => /Samples are small/.test(f.message))).toBe(true)
    const auto = await drift({
      reference: ref,
      current: cur,
      exclude: ['diagnosis'],
      threshold: 'auto',
    })
    expect(auto.checks.filter((c) => c.verdict !== 'pass').map((c) => c.reason)).toEqual([])
    expect(auto.status).toBe('pass')
    expect(auto.checks.some((c) => /sampling noise explains it/.test(c.reason))).toBe(true)
    expect(auto.policy).toMatch(/Benjamini-Hochberg/)
    const shifted = await drift({
      ...base,
      current: driftFixture('drift-bc-shifted.csv'),
      threshold: 'auto',
    })
    expect(driftedFeatures(shifted).sort()).toEqual(['mean_radius', 'mean_texture', 'size_band'])
  })

  it('refuses bands for a column it does not check and a warn band above the fail band', async () => {
    const current = driftFixture('drift-bc-nodrift.csv')
    await expect(
      drift({ ...base, current, featureThresholds: { nope: { fail: 1 } } }),
    ).rejects.toThrow(/Thresholds are set for "nope", which this run does not check/)
    await expect(
      drift({ ...base, current, featureThresholds: { mean_area: { warn: 0.5, fail: 0.3 } } }),
    ).rejects.toThrow(/warn 0\.5 is above fail 0\.3/)
    expect(() => drift({ ...base, current, warnThreshold: 0.4 })).toThrow(
      /above the fail threshold/,
    )
  })
})

describe('categories, missing values and empty data', () => {
  it('names an unseen category and counts missing cells as a bin', async () => {
    const text = readFileSync(driftFixture('drift-bc-nodrift.csv'), 'utf8').trimEnd().split('\n')
    const header = text[0]!.split(',')
    const band = header.indexOf('size_band')
    const area = header.indexOf('mean_area')
    const edited = text.slice(1).map((line, i) => {
      const cells = line.split(',')
      if (i % 10 === 0) cells[band] = 'XXL'
      if (i % 7 === 0) cells[area] = ''
      return cells.join(',')
    })
    const cur = join(dir, 'unseen.csv')
    writeFileSync(cur, `${[text[0], ...edited].join('\n')}\n`)
    const r = await drift({ ...base, current: cur })
    const unseen = r.findings.find((f) => f.column === 'size_band' && /never saw/.test(f.message))
    expect(unseen?.message).toContain('XXL')
    const bins = r.tables.find((t) => t.title.startsWith('Bins of size_band'))
    expect(bins?.rows.map((row) => row[0])).toContain('XXL (unseen in reference)')
    const area1 = driftRows(r).get('mean_area')
    expect(area1?.['missing ref → cur']).toBe('0% → 14.4%')
    expect(area1?.['verdict']).toBe('fail')
  })

  it('is an error, not a pass, when the current data has no rows', async () => {
    const cur = join(dir, 'empty.csv')
    writeFileSync(cur, `${readFileSync(reference, 'utf8').split('\n')[0]}\n`)
    const r = await drift({ ...base, current: cur })
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/no data rows/)
  })
})
