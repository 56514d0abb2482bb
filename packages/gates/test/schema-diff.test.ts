import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runSchemaDiff } from '../src/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-schema-diff-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const A = file(
  'a.yml',
  `version: 1
columns:
  amount:
    type: number
    max: 5000
  hour:
    type: integer
  old:
    type: string
`,
)

describe('schema diff gate', () => {
  it('fails on removed and retyped columns, pointing at their lines', async () => {
    const b = file(
      'b.yml',
      `version: 1
columns:
  amount:
    type: number
    max: 9000
  hour:
    type: string
  new:
    type: boolean
`,
    )
    const r = await runSchemaDiff(A, b)
    expect(r.status).toBe('fail')
    expect(r.checks.map((c) => `${c.name} ${c.value} ${c.verdict}`)).toEqual([
      'removed 1 fail',
      'retyped 1 fail',
      'added 1 warn',
      'changed 1 warn',
    ])
    expect(r.findings).toEqual([
      { severity: 'error', message: 'Column "old" is removed.', column: 'old', file: A, line: 8 },
      {
        severity: 'error',
        message: 'Column "hour" changes type from integer to string.',
        column: 'hour',
        file: b,
        line: 7,
      },
      { severity: 'warning', message: 'Column "new" is added.', column: 'new', file: b, line: 8 },
      {
        severity: 'warning',
        message: 'max changes from 5000 to 9000.',
        column: 'amount',
        file: b,
        line: 5,
      },
    ])
  })

  it('warns on rule changes only, and passes when nothing changed', async () => {
    const b = file(
      'c.yml',
      `version: 1\nrows: {min: 10}\ncolumns:\n  amount: {type: number, max: 5000}\n  hour: {type: integer}\n  old: {type: string}\n`,
    )
    const r = await runSchemaDiff(A, b)
    expect(r.status).toBe('warn')
    expect(r.findings[0]).toMatchObject({ message: 'rows.min changes from (none) to 10.', line: 2 })
    expect((await runSchemaDiff(A, A)).status).toBe('pass')
  })
})
