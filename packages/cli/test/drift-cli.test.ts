import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from './_cli.ts'

const fixtures = fileURLToPath(new URL('../../gates/test/fixtures/', import.meta.url))
const reference = join(fixtures, 'drift-bc-reference.csv')
const shifted = join(fixtures, 'drift-bc-shifted.csv')
const nodrift = join(fixtures, 'drift-bc-nodrift.csv')
const { dir, cli } = cliSandbox('mlgate-drift-cli-')

describe('mlgate drift', () => {
  it('exits 1 on drift and prints the drifted columns first', async () => {
    const r = await cli(
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--label',
      'diagnosis',
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/Drift gate/)
    expect(r.out.indexOf('mean_radius')).toBeLessThan(r.out.indexOf('mean_smoothness'))
  })

  it('writes a profile, then checks from it alone with --json and exit 0', async () => {
    const profile = join(dir, 'bc.profile.json')
    const written = await cli(
      'drift',
      'profile',
      '--reference',
      reference,
      '--out',
      profile,
      '--label',
      'diagnosis',
    )
    expect(written.code).toBe(0)
    expect(written.out).toMatch(/Wrote .*bc\.profile\.json/)
    expect(JSON.parse(readFileSync(profile, 'utf8'))).toMatchObject({
      format: 'mlgate-drift-profile',
      version: 1,
    })
    const r = await cli('drift', '--profile', profile, '--current', nodrift, '--json')
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out) as { status: string; metrics: Record<string, number> }
    expect(result.status).toBe('pass')
    expect(result.metrics['drifted_features']).toBe(0)
  })

  it('takes per-column bands, the auto threshold and a feature list', async () => {
    const r = await cli(
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--features',
      'mean_radius,mean_area',
      '--feature-threshold',
      'mean_radius=0.5:3',
      '--threshold',
      'auto',
      '--json',
    )
    const result = JSON.parse(r.out) as { checks: { name: string; verdict: string }[] }
    expect(result.checks.map((c) => `${c.name}:${c.verdict}`)).toEqual([
      'drift_share:pass',
      'psi.feature.mean_radius:warn',
      'psi.feature.mean_area:pass',
    ])
    expect(r.code).toBe(0)
  })

  it('explains usage mistakes with exit 2', async () => {
    const none = await cli('drift', '--current', shifted)
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/Give --reference .* --profile/)
    const bad = await cli(
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--threshold',
      'high',
    )
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--threshold expects a number, got "high"/)
    const band = await cli(
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--feature-threshold',
      'x',
    )
    expect(band.err).toMatch(/--feature-threshold expects column=fail or column=warn:fail/)
    const profile = await cli('drift', 'profile', '--reference', reference)
    expect(profile.err).toMatch(/--out is required/)
  })
})
