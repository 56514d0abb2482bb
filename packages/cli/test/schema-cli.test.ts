import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runSchemaSubcommand } from '../src/commands/schema.ts'
import type { CliIo } from '../src/index.ts'
import { cliSandbox } from './_cli.ts'

const FRAUD = fileURLToPath(new URL('../../../examples/fraud/', import.meta.url))
const { dir, cli } = cliSandbox('mlgate-cli-schema-')

const schema = join(dir, 'schema.yml')

describe('mlgate schema', () => {
  it('infer writes a commented schema to --out', async () => {
    const r = await cli(
      'schema',
      'infer',
      '--data',
      join(FRAUD, 'train.csv'),
      '--label',
      'is_fraud',
      '--out',
      schema,
    )
    expect(r.code).toBe(0)
    expect(r.err).toContain(`Schema written to ${schema}`)
    expect(r.out).toMatch(/Inferred 12 columns from 6000 rows/)
    const text = readFileSync(schema, 'utf8')
    expect(text).toMatch(/^# mlgate data schema inferred from/)
    expect(text).toContain('environments: [training, serving]')
  })

  it('infer gives the schema text for stdout when no --out is given', async () => {
    const io: CliIo = { stdout: () => {}, stderr: () => {}, interactive: false, cwd: dir }
    const outcome = await runSchemaSubcommand(['infer', '--data', join(FRAUD, 'train.csv')], io)
    expect('text' in outcome && outcome.text).toMatch(/\ncolumns:\n {2}# observed/)
  })

  it('validate passes the holdout and prints the GateResult as JSON', async () => {
    const r = await cli(
      'schema',
      'validate',
      '--schema',
      schema,
      '--data',
      join(FRAUD, 'holdout.csv'),
      '--environment',
      'training',
      '--json',
    )
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out) as {
      gate: string
      status: string
      metrics: Record<string, number>
    }
    expect(result).toMatchObject({
      gate: 'schema',
      status: 'pass',
      metrics: { rows: 3000, violations: 0 },
    })
  })

  it('validate exits 1 and lists the violation for people', async () => {
    const bad = join(dir, 'bad.csv')
    const holdout = readFileSync(join(FRAUD, 'holdout.csv'), 'utf8')
    writeFileSync(bad, holdout.replace('\n145.84,', '\n-145.84,'))
    const r = await cli(
      'schema',
      'validate',
      '--schema',
      schema,
      '--data',
      bad,
      '--environment',
      'serving',
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/FAIL/)
    expect(r.out).toContain('amount · min')
    expect(r.out).toContain('is_fraud · environments')
  })

  it('diff exits 1 when a column is removed', async () => {
    const smaller = join(dir, 'smaller.yml')
    writeFileSync(
      smaller,
      readFileSync(schema, 'utf8').replace(/\n {2}# [^\n]*\n {2}region:\n(?: {4}[^\n]*\n)+/, '\n'),
    )
    const same = await cli('schema', 'diff', schema, schema)
    expect(same.code).toBe(0)
    const r = await cli('schema', 'diff', schema, smaller, '--json')
    expect(r.code).toBe(1)
    const result = JSON.parse(r.out) as { checks: { name: string; reason: string }[] }
    expect(result.checks[0]).toMatchObject({ name: 'removed', reason: 'Removed columns: region.' })
  })

  it.each([
    [['schema'], /needs a subcommand: infer, validate or diff/],
    [['schema', 'check'], /Unknown schema subcommand "check"/],
    [['schema', 'validate', '--data', 'x.csv'], /--schema is required/],
    [['schema', 'diff', 'a.yml'], /takes two schema files/],
    [
      ['schema', 'infer', '--data', join(FRAUD, 'train.csv'), '--label', 'nope'],
      /--label: label "nope" is not a column/,
    ],
    [
      ['schema', 'validate', '--schema', 'missing.yml', '--data', 'x.csv'],
      /missing\.yml: file not found/,
    ],
  ])('exits 2 on %j', async (argv, message) => {
    const r = await cli(...argv)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })
})
