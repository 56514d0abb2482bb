import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { readTable } from '@mlgate/data'
import type { FairnessConfigInput, GateResult } from '../src/index.ts'
import {
  accuracyConfigSchema,
  columnsRead,
  evaluateAccuracy,
  evaluateFairness,
  fairnessConfigFromInputs,
  fairnessConfigSchema,
  featureTable,
  parseConfig,
  runFairnessGate,
  scoreModel,
} from '../src/index.ts'

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
const model = join(FIXTURES, 'fairness-loans.onnx')
const data = join(FIXTURES, 'fairness-loans.csv')
const dir = mkdtempSync(join(tmpdir(), 'mlgate-fairness-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Values the oracle wrote for the loan fixture (scripts/oracle/fairness_reference.py). */
const loans = (
  JSON.parse(readFileSync(join(FIXTURES, 'fairness-reference.json'), 'utf8')) as {
    cases: {
      loans: { attributes: Record<string, { groups: Record<string, Record<string, number>> }> }
    }
  }
).cases.loans.attributes

const base = {
  model,
  data,
  label: 'approved',
  sensitive: ['sex', 'region', 'age'],
  buckets: { age: [0, 25, 40, 65] },
  resamples: 300,
} satisfies FairnessConfigInput

const gate = async (over: Partial<FairnessConfigInput> = {}) =>
  runFairnessGate(parseConfig(fairnessConfigSchema, { ...base, ...over }, (p) => p.join('.')))

type GroupJson = {
  group: string
  n: number
  gated: boolean
  tpr: number | null
  undefined?: Record<string, string>
}
type DisparityJson = { value: number | null; left_out: { group: string; reason: string }[] }
const groupsOf = (r: GateResult, key: string) =>
  (r.details as { groups: Record<string, GroupJson[]> }).groups[key] ?? []
const disparityOf = (r: GateResult, key: string, name: string) =>
  (r.details as { disparities: Record<string, Record<string, DisparityJson>> }).disparities[key]?.[
    name
  ]

/** The loan fixture with cells changed: row numbers are 1-based data rows. */
function variant(name: string, edit: (cells: string[], row: number) => void): string {
  const [header, ...rows] = readFileSync(data, 'utf8').trimEnd().split('\n')
  const out = rows.map((line, i) => {
    const cells = line.split(',')
    edit(cells, i + 1)
    return cells.join(',')
  })
  const path = join(dir, name)
  writeFileSync(path, `${[header, ...out].join('\n')}\n`)
  return path
}
const SEX = 3
const REGION = 4
const LABEL = 5

describe('fairness gate verdicts', () => {
  it('fails a bound the whole interval misses and says plainly what failed', async () => {
    const r = await gate({
      bounds: [{ metric: 'demographic_parity_difference', op: '<=', value: 0.1 }],
      intersections: 'shown',
    })
    expect(r.status).toBe('fail')
    const sex = r.checks.find((c) => c.name === 'demographic_parity_difference[sex].max')!
    expect(sex.verdict).toBe('fail')
    expect(sex.interval!.low).toBeGreaterThan(0.1)
    // 0.3553 = 70/197 and 0.5813 = 118/203, the selection rates of the reference.
    expect(sex.reason).toBe(
      `Selection rate for sex female is 0.3553 against 0.5813 for sex male: difference 0.226, bound ≤ 0.1: the whole 95% interval [${fmt4(sex.interval!.low)}, ${fmt4(sex.interval!.high)}] misses it.`,
    )
    expect(r.summary).toMatch(/^1 of 3 fairness bound\(s\) failed on 400 rows; first: /)
    // region's gap is as large, but with four smaller groups the evidence is not conclusive.
    const region = r.checks.find((c) => c.name === 'demographic_parity_difference[region].max')!
    expect(region.verdict).toBe('warn')
    expect(region.reason).toMatch(/still reaches it: not conclusive/)
    expect(r.policy).toMatch(/A bound fails when the whole interval misses it/)
    expect(r.checks.map((c) => c.name)).not.toContain(
      'demographic_parity_difference[sex&region&age].max',
    )
  })

  it('lets the point estimate decide with uncertainty: point', async () => {
    const r = await gate({
      bounds: [{ metric: 'demographic_parity_difference', op: '<=', value: 0.1 }],
      intersections: 'off',
      uncertainty: 'point',
    })
    expect(r.checks.map((c) => c.verdict)).toEqual(['fail', 'fail', 'fail'])
    expect(r.policy).toMatch(/Point estimates decide/)
  })

  it('applies no rule unless one is named; four-fifths is one to name', async () => {
    const none = await gate()
    expect(none.status).toBe('warn')
    expect(none.checks).toEqual([])
    expect(none.summary).toMatch(/No bounds were given/)
    expect(none.policy).toMatch(/no rule applies by default/)
    const ruled = await gate({ rules: ['four-fifths'], intersections: 'off' })
    expect(ruled.checks.map((c) => c.name)).toEqual([
      'disparate_impact[sex].min',
      'disparate_impact[region].min',
      'disparate_impact[age].min',
    ])
    expect(ruled.checks[0]!.bound).toEqual({ op: '>=', value: 0.8, kind: 'value' })
    expect(ruled.checks[0]!.reason).toMatch(
      /^Selection rate for sex female is 0\.3553 against 0\.5813 for the reference sex male: ratio 0\.6113, bound ≥ 0\.8 \(four-fifths rule\)/,
    )
  })

  it('holds an upper bound on disparate impact against the largest ratio', async () => {
    const r = await gate({
      reference: { region: 'south' },
      intersections: 'off',
      bounds: [{ metric: 'disparate_impact', op: '<=', value: 1.25 }],
    })
    const c = r.checks.find((x) => x.name === 'disparate_impact[region].max')!
    const sel = loans['region']!.groups
    expectClose(c.value!, sel['north']!['selection_rate']! / sel['south']!['selection_rate']!)
    expect(c.label).toBe('Disparate impact (largest) · region')
  })

  it('gates the intersection like an attribute by default, small cells shown but not gated', async () => {
    const r = await gate({
      bounds: [{ metric: 'demographic_parity_ratio', op: '>=', value: 0.5 }],
      minGroupSize: 10,
    })
    const inter = r.checks.find((c) => c.name === 'demographic_parity_ratio[sex&region&age].min')!
    expect(inter).toBeDefined()
    const cells = groupsOf(r, 'sex&region&age')
    expect(cells.length).toBe(32)
    expect(cells.filter((g) => !g.gated).every((g) => g.n < 10)).toBe(true)
    expect(
      r.findings.some((f) => /sex&region&age: \d+ groups of 32 below the minimum/.test(f.message)),
    ).toBe(true)
  })

  it('returns error when no bound can be evaluated, warn when some cannot', async () => {
    const r = await gate({
      minGroupSize: 1000,
      bounds: [{ metric: 'demographic_parity_difference', op: '<=', value: 0.1 }],
    })
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/None of the 4 fairness bound\(s\) could be evaluated/)
    expect(r.checks[0]!.reason).toMatch(/^Not gated: .*no group with at least 1000 rows/)
  })

  it('reports a file without rows as an error', async () => {
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, `${readFileSync(data, 'utf8').split('\n')[0]}\n`)
    const r = await gate({ data: empty })
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/no data rows/)
  })
})

describe('edge groups', () => {
  // west: no positive labels; row 1 (east, label 0) moves to a region of its own; rows 2 and 3
  // (both male) lose their sex.
  const edge = variant('edge.csv', (cells, row) => {
    if (cells[REGION] === 'west') cells[LABEL] = '0'
    if (row === 1) cells[REGION] = 'islands'
    if (row === 2 || row === 3) cells[SEX] = ''
  })

  it('leaves a group without positive labels out of TPR comparisons, with the reason', async () => {
    const r = await gate({ data: edge, intersections: 'off' })
    const west = groupsOf(r, 'region').find((g) => g.group === 'west')!
    expect(west.tpr).toBeNull()
    expect(west.undefined).toMatchObject({ tpr: 'the group has no positive labels' })
    const eo = disparityOf(r, 'region', 'equal_opportunity_difference')!
    // The TPRs of the other regions are unchanged: north 61/81 against east 24/43.
    const tpr = loans['region']!.groups
    expectClose(eo.value!, tpr['north']!['tpr']! - tpr['east']!['tpr']!)
    expect(eo.left_out).toEqual([
      { group: 'islands', reason: '1 rows, below the minimum group size of 30' },
      { group: 'west', reason: 'TPR undefined: the group has no positive labels' },
    ])
    expect(r.findings.map((f) => f.message)).toContain(
      'region: TPR is undefined for "west" (no positive labels in the group), which is left out of the TPR comparisons (equal opportunity, equalized odds).',
    )
  })

  it('shows a group of one row but does not gate it', async () => {
    const r = await gate({
      data: edge,
      intersections: 'off',
      bounds: [{ metric: 'demographic_parity_ratio', op: '>=', value: 0.5 }],
    })
    const islands = groupsOf(r, 'region').find((g) => g.group === 'islands')!
    expect(islands).toMatchObject({ n: 1, gated: false })
    expect(r.findings.map((f) => f.message)).toContain(
      'region: 1 group of 5 below the minimum group size of 30, shown but not gated: "islands" (1 rows).',
    )
    const table = r.tables.find((t) => t.title === 'Groups by region')!
    expect(table.rows.find((row) => row[0] === 'islands')?.at(-1)).toBe('no: 1 rows < 30')
    expect(r.checks.find((c) => c.name === 'demographic_parity_ratio[region].min')!.verdict).toBe(
      'pass',
    )
  })

  it('puts rows without a value in a "(missing)" group, or leaves them out when asked', async () => {
    const grouped = await gate({ data: edge })
    expect(groupsOf(grouped, 'sex').map((g) => [g.group, g.n])).toEqual([
      ['female', 197],
      ['male', 201],
      ['(missing)', 2],
    ])
    const finding = grouped.findings.find((f) => f.column === 'sex')!
    expect(finding).toMatchObject({ severity: 'warning', row: 2 })
    expect(finding.message).toBe(
      '2 row(s) have no value for "sex" (the first at data row 2); they form the group "(missing)".',
    )
    const skipped = await gate({ data: edge, missing: 'skip' })
    expect(groupsOf(skipped, 'sex').map((g) => g.group)).toEqual(['female', 'male'])
    const inter = groupsOf(skipped, 'sex&region&age').reduce((s, g) => s + g.n, 0)
    expect(inter).toBe(398)
  })
})

describe('progress', () => {
  it('reports the bootstrap in resamples, every 25 and at the last', async () => {
    const heard: number[][] = []
    const config = parseConfig(fairnessConfigSchema, { ...base, resamples: 60 }, (p) => p.join('.'))
    await runFairnessGate(config, { onBootstrap: (done, total) => heard.push([done, total]) })
    expect(heard).toEqual([
      [25, 60],
      [50, 60],
      [60, 60],
    ])
  })
})

describe('scoring', () => {
  it('keeps a protected attribute the model reads and withholds the others', async () => {
    const r = await gate({ intersections: 'off' })
    // The model reads income, debt_ratio and age: age is protected and still fed to it.
    expect(r.context['withheld_from_model']).toBe('sex, region')
    expect(
      columnsRead(
        { inputs: [{ name: 'age', type: 'float', shape: [null, 1] }], columns: null },
        undefined,
      ),
    ).toEqual(new Set(['age']))
  })

  it('shares one scoring pass with the accuracy gate', async () => {
    const table = await readTable(data)
    const scored = await scoreModel(model, featureTable(table, ['approved']), {})
    const config = fairnessConfigSchema.parse({ ...base, resamples: 0 })
    const shared = evaluateFairness(config, { table, scored })
    const alone = await runFairnessGate(config)
    expect(shared.metrics).toEqual(alone.metrics)
    const accuracy = evaluateAccuracy(
      accuracyConfigSchema.parse({ model, data, label: 'approved', resamples: 0 }),
      { table, candidate: scored },
    )
    expect(accuracy.metrics['accuracy']).toBeGreaterThan(0.5)
  })
})

describe('settings', () => {
  it.each([
    [
      { bounds: [{ metric: 'roc_auc', op: '>=', value: 0.8 }] },
      /"roc_auc" is not a fairness disparity/,
    ],
    [{ buckets: { sex: [1, 2] } }, /holds text .* cannot be bucketed/],
    [
      { buckets: { income: [10] } },
      /bucket is given for "income", which is not a sensitive attribute/,
    ],
    [
      { reference: { region: 'mars' } },
      /Reference group "mars" does not occur in "region"; its groups are "east", "north", "south", "west"/,
    ],
    [
      { sensitive: ['approved'], buckets: {} },
      /label "approved" is also listed as a sensitive attribute/,
    ],
    [{ sensitive: ['income'], buckets: {} }, /more than 50 distinct values.*--bucket income=/],
    [{ sensitive: ['gender'], buckets: {} }, /no column "gender"/],
    [{ buckets: { age: [40, 25] } }, /edges must increase/],
  ] as const)('refuses %j', async (over, message) => {
    await expect(gate(over as Partial<FairnessConfigInput>)).rejects.toThrow(message)
  })

  it('reads action inputs: lists, bounds, buckets, references and rules', () => {
    const values: Record<string, string> = {
      model: 'm.onnx',
      data: 'd.csv',
      label: 'y',
      sensitive: 'sex, region\nage',
      bucket: 'age=25,40,65',
      reference: 'sex=male',
      max: 'demographic_parity_difference=0.1',
      min: 'equal_opportunity_difference=0',
      rule: 'four-fifths',
      'min-group-size': '50',
      intersections: 'shown',
    }
    const config = fairnessConfigFromInputs({
      text: (n) => values[n]?.trim() || undefined,
      lines: (n) =>
        (values[n] ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== ''),
    })
    expect(config).toMatchObject({
      sensitive: ['sex', 'region', 'age'],
      buckets: { age: [25, 40, 65] },
      reference: { sex: 'male' },
      rules: ['four-fifths'],
      minGroupSize: 50,
      intersections: 'shown',
      threshold: 0.5,
    })
    expect(config.bounds.map((b) => `${b.metric}${b.op}${b.value}`)).toEqual([
      'equal_opportunity_difference>=0',
      'demographic_parity_difference<=0.1',
    ])
    expect(() =>
      fairnessConfigFromInputs({
        text: (n) => ({ ...values, bucket: 'age=young' })[n],
        lines: (n) => (n === 'bucket' ? ['age=young'] : []),
      }),
    ).toThrow(/Input "bucket" "age=young": "young" is not a number/)
  })
})

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12)
}

/** As judge.ts prints numbers: at most four decimals. */
function fmt4(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(4)))
}
