import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { driftProfileConfigSchema, writeDriftProfile } from '../src/index.ts'
import { fixture } from './_fixtures.ts'
import { drift, driftFixture, driftRows, expectNear, gateReference } from './_drift.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-prediction-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const model = fixture('breast-cancer.logistic.onnx')
const first = driftFixture('drift-holdout-first.csv')
const second = driftFixture('drift-holdout-second.csv')

describe('prediction drift', () => {
  it('compares P(1) of both halves of the holdout as numpy does on scikit-learn probabilities', async () => {
    const r = await drift({ reference: first, current: second, model, label: 'target' })
    const row = driftRows(r).get('prediction: P(1)')
    // ONNX scores in float32 vs scikit-learn in float64: the bin counts agree, so PSI does too.
    expectNear(row?.['PSI'], gateReference.predictionHalves.psi, 1e-9, 'prediction PSI')
    expectNear(row?.['JS distance'], gateReference.predictionHalves.js, 1e-9, 'prediction JS')
    expect(r.metrics['prediction_psi']).toBe(row?.['PSI'])
    expect(r.summary).toMatch(/prediction drift \(P\(1\)\): PSI 0\.15/)
    expect(r.context['model_sha256']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('keeps the reference scores in the profile, so a run needs only the profile and the model', async () => {
    const out = join(dir, 'model.profile.json')
    await writeDriftProfile(
      driftProfileConfigSchema.parse({ reference: first, out, model, label: 'target' }),
    )
    const cold = await drift({ reference: first, current: second, model, label: 'target' })
    const warm = await drift({ profile: out, current: second, model })
    expect(warm.checks).toEqual(cold.checks)
    // With the label given, the current data is scored as soon as it is read, before the
    // profile is decoded: the same result, and a profile of another model is still refused.
    const early = await drift({ profile: out, current: second, model, label: 'target' })
    expect(early.checks).toEqual(cold.checks)
    for (const label of [undefined, 'target']) {
      await expect(
        drift({
          profile: out,
          current: second,
          model: fixture('breast-cancer.gradient-boosting.onnx'),
          label,
        }),
      ).rejects.toThrow(
        /The profile's scores come from a model with SHA-256 [0-9a-f]{12}… .*not .*gradient-boosting\.onnx/,
      )
    }
  })

  it('fails when the model sees shifted inputs', async () => {
    const lines = readFileSync(second, 'utf8').trimEnd().split('\n')
    const header = lines[0]!.split(',')
    const scaled = ['worst_radius', 'worst_perimeter', 'worst_area'].map((c) => header.indexOf(c))
    const cur = join(dir, 'shifted.csv')
    // Larger tumours: the model's P(benign) collapses towards 0.
    const shifted = lines.slice(1).map((l) => {
      const cells = l.split(',')
      for (const k of scaled) cells[k] = String(Number(cells[k]) * 2)
      return cells.join(',')
    })
    writeFileSync(cur, `${[lines[0], ...shifted].join('\n')}\n`)
    const r = await drift({ reference: first, current: cur, model, label: 'target' })
    expect(driftRows(r).get('prediction: P(1)')?.['verdict']).toBe('fail')
    expect(r.status).toBe('fail')
  })
})

describe('label-coverage audit', () => {
  const withMarker = (name: string, labelled: (row: string[], i: number) => string): string => {
    const lines = readFileSync(driftFixture('drift-bc-nodrift.csv'), 'utf8').trimEnd().split('\n')
    const body = lines.slice(1).map((l, i) => `${l},${labelled(l.split(','), i)}`)
    const file = join(dir, name)
    writeFileSync(file, `${[`${lines[0]},labelled`, ...body].join('\n')}\n`)
    return file
  }
  const base = { reference: driftFixture('drift-bc-reference.csv'), label: 'diagnosis' }

  it('warns when only small tumours got labels, naming the feature and the bins without labels', async () => {
    const current = withMarker('small-only.csv', (row) => (Number(row[0]) < 13 ? '1' : '0'))
    const r = await drift({ ...base, current, labelledColumn: 'labelled' })
    expect(r.status).toBe('warn')
    const radius = r.findings.find(
      (f) => f.column === 'mean_radius' && /Labelled rows cover only part/.test(f.message),
    )
    expect(radius?.message).toMatch(/No labelled rows in \(1[0-9.]+, /)
    const table = r.tables.find((t) => t.title.startsWith('Label coverage'))
    expect(table?.title).toMatch(/labelled where "labelled" is true/)
    const partial = table?.rows.filter((row) => row[3] === 'partial').map((row) => row[0])
    expect(partial).toEqual(expect.arrayContaining(['mean_radius', 'mean_area', 'size_band']))
    const covered = table?.rows.filter((row) => row[3] === 'covered').map((row) => row[0])
    expect(covered).toEqual(expect.arrayContaining(['mean_smoothness', 'mean_symmetry']))
    expect(r.metrics['label_coverage']).toBeGreaterThan(0.2)
  })

  it('passes when every other row is labelled, and reads missing cells as unlabelled', async () => {
    const current = withMarker('half.csv', (_row, i) => (i % 2 === 0 ? 'M' : ''))
    const r = await drift({ ...base, current, labelledColumn: 'labelled', exclude: ['labelled'] })
    expect(r.status).toBe('pass')
    const table = r.tables.find((t) => t.title.startsWith('Label coverage'))
    expect(table?.title).toMatch(
      /285 of 569 current rows labelled \(labelled where "labelled" is not missing\)/,
    )
    expect(table?.rows.every((row) => row[3] === 'covered')).toBe(true)
  })
})
