import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DataError,
  parseSchema,
  validateFile,
  type SchemaReport,
  type Violation,
} from '../src/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-schema-validate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** The violations as `column rule count rows`, for compact expectations. */
function brief(report: SchemaReport): string[] {
  return report.violations.map(
    (v: Violation) =>
      `${v.column ?? '-'} ${v.rule} ${v.severity === 'error' ? '' : '(warning) '}${v.count} [${v.rows.join(',')}]`,
  )
}

const SCHEMA = parseSchema(
  `version: 1
rows:
  min: 3
  max: 100
forbidden: [ssn]
unknown_columns: fail
columns:
  id:
    type: string
    regex: 'A[0-9]+'
    unique: true
  amount:
    type: number
    min: 0
    max: 100
    max_null_share: 0.2
  count:
    type: integer
  flag:
    type: boolean
  when:
    type: datetime
    min: '2024-01-01'
    max: '2024-12-31'
  kind:
    type: category
    categories: [a, b]
    max_unseen_share: 0.1
`,
  'rules.yml',
)

// Every rule broken at least once, at rows counted by hand (1-based, header not counted).
const DATA = `id,amount,count,flag,when,kind,extra
A1,10,1,true,2024-01-05,a,x
A2,-5,2,false,2024-02-01,b,x
A3,,3,TRUE,2023-12-31,a,x
B4,200,4.5,yes,2024-03-01T10:00:00Z,c,x
A5,abc,5,0,not a date,a,x
A1,50,6,1,2025-01-01,d,x
A7,,x,false,,b,x
A8,30,8,true,2024-06-01,a,x
A9,40,9,false,2024-06-02,a,x
A10,60,10,true,2024-06-03,c,x
`

const EXPECTED = [
  'extra unknown_columns 1 []',
  'id regex 1 [4]',
  'id unique 1 [6]',
  'amount type 1 [5]',
  'amount min 1 [2]',
  'amount max 1 [4]',
  'count type 2 [4,7]',
  'flag type 1 [4]',
  'when type 1 [5]',
  'when max_null_share 1 [7]',
  'when min 1 [3]',
  'when max 1 [6]',
  'kind categories 3 [4,6,10]',
]

describe('validateFile', () => {
  const path = file('rules.csv', DATA)

  it('finds every broken rule with its column, count and example rows', async () => {
    const report = await validateFile(SCHEMA, path)
    expect(report.rows).toBe(10)
    expect(brief(report)).toEqual(EXPECTED)
    const at = (column: string, rule: string) =>
      report.violations.find((v) => v.column === column && v.rule === rule)
    // 2 of 10 amount cells are missing: exactly the allowance, so no violation.
    expect(at('amount', 'max_null_share')).toBeUndefined()
    expect(at('kind', 'categories')).toMatchObject({
      value: 0.3,
      bound: { op: '<=', value: 0.1 },
      line: 28,
    })
    expect(at('kind', 'categories')?.found).toContain('"c" (2), "d" (1)')
    expect(at('amount', 'max')).toMatchObject({
      value: 200,
      bound: { op: '<=', value: 100 },
      line: 15,
    })
    expect(at('amount', 'type')?.found).toContain('"abc" (row 5)')
    expect(at('id', 'unique')?.found).toContain('"A1" (row 6, first at row 1)')
    expect(at('when', 'max')?.found).toContain('largest 2025-01-01')
    expect(at('extra', 'unknown_columns')?.line).toBe(6)
    expect(report.columns.find((c) => c.name === 'amount')).toMatchObject({
      nulls: 2,
      invalid: 1,
      min: -5,
      max: 200,
      violations: 3,
    })
  })

  it('finds the same in a stream of tiny blocks as in one read', async () => {
    const whole = await validateFile(SCHEMA, path)
    const streamed = await validateFile(SCHEMA, path, { blockBytes: 16 })
    expect(streamed.reading).toMatch(/^streamed in \d\d chunks$/)
    expect({ ...streamed, reading: '' }).toEqual({ ...whole, reading: '' })
  })

  it('counts rules checked: 5 dataset rules, 6 required columns, and each column rule', async () => {
    // rows.min, rows.max, forbidden ssn, unknown_columns = 4; required x6; id: null, regex,
    // unique = 3; amount: type, null, min, max = 4; count: type, null = 2; flag: 2; when: 4;
    // kind: null, categories = 2.
    expect((await validateFile(SCHEMA, path)).rulesChecked).toBe(4 + 6 + 3 + 4 + 2 + 2 + 4 + 2)
  })

  it('keeps as many example rows as asked', async () => {
    const report = await validateFile(SCHEMA, path, { examples: 1 })
    expect(report.violations.find((v) => v.rule === 'categories')?.rows).toEqual([4])
  })

  it('reports too few and too many rows', async () => {
    const short = file('short.csv', 'id,amount,count,flag,when,kind\nA1,1,1,true,2024-01-01,a\n')
    expect(brief(await validateFile(SCHEMA, short))).toEqual(['- rows.min 2 []'])
    const schema = parseSchema(
      'version: 1\nrows: {max: 2}\ncolumns: {}\nunknown_columns: allow\n',
      'r.yml',
    )
    const report = await validateFile(schema, path)
    expect(report.violations[0]).toMatchObject({ rule: 'rows.max', value: 10, count: 8, line: 2 })
  })

  it('names a missing required column and the unknown one that looks like its rename', async () => {
    const renamed = file('renamed.csv', DATA.replace('amount', 'amount_usd'))
    const report = await validateFile(SCHEMA, renamed)
    const missing = report.violations.find((v) => v.rule === 'required')
    expect(missing).toMatchObject({ column: 'amount', line: 12 })
    expect(missing?.found).toMatch(/no column "amount"; the data has "amount_usd".*renamed\?/)
    expect(brief(report)).toContain('amount_usd unknown_columns 1 []')
  })

  it('reports a forbidden column that is present', async () => {
    const leaky = file('leaky.csv', DATA.replace('extra', 'ssn'))
    const report = await validateFile(SCHEMA, leaky)
    expect(report.violations[0]).toMatchObject({ column: 'ssn', rule: 'forbidden', line: 5 })
    expect(report.unknownColumns).toEqual([])
  })

  it('warns about unknown columns by default', async () => {
    const schema = parseSchema('version: 1\ncolumns:\n  a: {type: integer}\n', 'w.yml')
    const report = await validateFile(schema, file('w.csv', 'a,b\n1,2\n'))
    expect(brief(report)).toEqual(['b unknown_columns (warning) 1 []'])
  })

  it('counts the texts listed under missing_values as missing', async () => {
    const schema = parseSchema(
      'version: 1\nmissing_values: [NA]\ncolumns:\n  a: {type: integer, max_null_share: 0.5}\n',
      'm.yml',
    )
    const report = await validateFile(schema, file('m.csv', 'a\n1\nNA\n3\n'))
    expect(report.violations).toEqual([])
    expect(report.columns[0]?.nulls).toBe(1)
  })

  it('gives the first repeated texts as examples, in row order, whole or in chunks', async () => {
    const schema = parseSchema(
      'version: 1\ncolumns:\n  id: {type: string, unique: true}\n',
      't.yml',
    )
    // Rows 1-based: "b" repeats at 3 and 6, "a" at 4, 5 and 8, "c" at 9.
    const data = file('t.csv', 'id\na\nb\nb\na\na\nb\nc\na\nc\nd\n')
    for (const blockBytes of [undefined, 4, 6]) {
      const report = await validateFile(schema, data, blockBytes ? { blockBytes } : {})
      expect(brief(report), `block ${blockBytes}`).toEqual(['id unique 6 [3,4,5,6,8]'])
      expect(report.violations[0]?.found).toContain(
        '"b" (row 3, first at row 2), "a" (row 4, first at row 1), "a" (row 5, first at row 1)',
      )
    }
  })

  it('finds a repeat across chunks and names the row it repeats', async () => {
    const schema = parseSchema(
      'version: 1\ncolumns:\n  n: {type: integer, unique: true}\n',
      'u.yml',
    )
    const values = Array.from({ length: 60 }, (_, i) => (i === 49 ? 3 : i + 1))
    const data = file('u.csv', `n\n${values.join('\n')}\n`)
    const report = await validateFile(schema, data, { blockBytes: 8 })
    expect(brief(report)).toEqual(['n unique 1 [50]'])
    expect(report.violations[0]?.found).toContain('"3" (row 50, first at row 3)')
  })

  it('treats a null burst as a missing share above its allowance', async () => {
    const schema = parseSchema(
      'version: 1\ncolumns:\n  i: {type: integer}\n  x: {type: number, max_null_share: 0.05}\n',
      'n.yml',
    )
    // Two columns: in a one-column CSV an empty cell is a blank line, which readers skip.
    const cells = Array.from({ length: 100 }, (_, i) => `${i},${i >= 40 && i < 60 ? '' : i / 10}`)
    const report = await validateFile(schema, file('n.csv', `i,x\n${cells.join('\n')}\n`))
    expect(report.violations).toHaveLength(1)
    expect(report.violations[0]).toMatchObject({
      rule: 'max_null_share',
      count: 20,
      value: 0.2,
      rows: [41, 42, 43, 44, 45],
    })
    expect(report.violations[0]?.found).toBe(
      '20% missing (20 of 100 rows), first at rows 41, 42, 43, 44, 45',
    )
  })

  it('reads JSONL whole, with the same rules', async () => {
    const data = file(
      'j.jsonl',
      '{"amount": 5, "kind": "a"}\n{"amount": "five", "kind": "z"}\n{"amount": null, "kind": "b"}\n',
    )
    const schema = parseSchema(
      'version: 1\ncolumns:\n  amount: {type: number}\n  kind: {type: category, categories: [a, b]}\n',
      'j.yml',
    )
    const report = await validateFile(schema, data)
    expect(report.reading).toBe('read whole')
    expect(brief(report)).toEqual([
      'amount type 1 [2]',
      'amount max_null_share 1 [3]',
      'kind categories 1 [2]',
    ])
  })

  it('reports no rows when the file has only a header', async () => {
    const report = await validateFile(SCHEMA, file('empty.csv', 'id,amount,count,flag,when,kind\n'))
    expect(report.rows).toBe(0)
    expect(brief(report)).toEqual(['- rows.min 3 []'])
  })
})

describe('environments', () => {
  const schema = parseSchema(
    `version: 1
environments: [training, serving]
columns:
  x: {type: number}
  label:
    type: integer
    environments: [training]
`,
    'env.yml',
  )
  const withLabel = file('with-label.csv', 'x,label\n1.5,0\n2.5,1\n')
  const without = file('without-label.csv', 'x\n1.5\n2.5\n')

  it.each([
    ['training', 'with-label', []],
    ['serving', 'with-label', ['label environments 1 []']],
    ['training', 'without-label', ['label required 1 []']],
    ['serving', 'without-label', []],
    [undefined, 'with-label', []],
    [undefined, 'without-label', []],
  ])('in %s, data %s', async (environment, which, expected) => {
    const report = await validateFile(schema, which === 'with-label' ? withLabel : without, {
      ...(environment ? { environment } : {}),
    })
    expect(brief(report)).toEqual(expected)
    expect(report.environment).toBe(environment ?? null)
  })

  it('points the environment violation at the column’s environments line', async () => {
    const report = await validateFile(schema, withLabel, { environment: 'serving' })
    expect(report.violations[0]?.line).toBe(7)
  })

  it('refuses an environment the schema does not declare', async () => {
    await expect(validateFile(schema, withLabel, { environment: 'prod' })).rejects.toThrow(
      DataError,
    )
    await expect(validateFile(schema, withLabel, { environment: 'prod' })).rejects.toThrow(
      /env\.yml, line 2: declares the environments "training", "serving", not "prod"/,
    )
  })
})
