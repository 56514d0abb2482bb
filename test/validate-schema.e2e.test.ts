import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubStandIn, type GitHubStandIn } from './support/github-standin.ts'
import { actionYml, builtAction, REPO_ROOT } from './support/repo-paths.ts'
import {
  nodeRuntimes,
  runAction,
  type ActionRun,
  type RunActionOptions,
} from './support/run-action.ts'

const MARKER = '<!-- mlgate:schema -->'
const REPO = 'mlgate-test/demo'

let api: GitHubStandIn
let workspace: string
let schemaLines: string[] = []

/** The 1-based line of `key:` under `column:` in the committed schema. */
function lineOf(column: string, key: string): number {
  const at = schemaLines.indexOf(`  ${column}:`)
  return schemaLines.findIndex((l, i) => i > at && l.startsWith(`    ${key}:`)) + 1
}

/**
 * A checkout of a user's repository: the fraud example's model and holdout, a schema inferred from
 * its training split with the built CLI (as a user would commit it), and a broken copy of the
 * holdout: text in a numeric column, an amount far out of range and a burst of missing hours.
 */
beforeAll(async () => {
  api = await startGitHubStandIn()
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-schema-e2e-'))
  for (const sub of ['models', 'data', 'contracts']) mkdirSync(join(workspace, sub))
  copyFileSync(join(REPO_ROOT, 'examples/fraud/model.onnx'), join(workspace, 'models/model.onnx'))
  const holdout = readFileSync(join(REPO_ROOT, 'examples/fraud/holdout.csv'), 'utf8')
  writeFileSync(join(workspace, 'data/holdout.csv'), holdout)
  const lines = holdout.trimEnd().split('\n')
  const header = (lines[0] ?? '').split(',')
  const col = (name: string) => header.indexOf(name)
  const broken = lines.slice(1).map((line, row) => {
    const cells = line.split(',')
    if (row === 4 || row === 7) cells[col('distance_km')] = 'n/a'
    if (row === 11) cells[col('amount')] = '123456.78'
    if (row >= 100 && row < 400) cells[col('hour')] = ''
    return cells.join(',')
  })
  writeFileSync(join(workspace, 'data/broken.csv'), `${[lines[0], ...broken].join('\n')}\n`)
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'dist/mlgate.js'),
      'schema',
      'infer',
      '--data',
      join(REPO_ROOT, 'examples/fraud/train.csv'),
      '--label',
      'is_fraud',
      '--out',
      join(workspace, 'contracts/fraud.schema.yml'),
    ],
    { stdio: 'pipe' },
  )
  schemaLines = readFileSync(join(workspace, 'contracts/fraud.schema.yml'), 'utf8').split('\n')
})

afterAll(async () => {
  await api?.close()
  if (workspace) rmSync(workspace, { recursive: true, force: true })
})

afterEach(() => {
  const violations = api.violations()
  api.reset()
  // Every request the action made must conform to GitHub's OpenAPI description.
  expect(violations).toEqual([])
})

const passing = {
  schema: 'contracts/fraud.schema.yml',
  data: 'data/holdout.csv',
  environment: 'training',
  model: 'models/model.onnx',
}
const failing = { ...passing, data: 'data/broken.csv' }
const schemaComments = () => api.comments().filter((c) => c.body.includes(MARKER))

describe.each(nodeRuntimes())('validate-schema on $label', (runtime) => {
  const run = (o: Partial<RunActionOptions>): Promise<ActionRun> =>
    runAction({
      entry: builtAction('validate-schema'),
      node: runtime.path,
      actionYml: actionYml('validate-schema'),
      apiUrl: api.url,
      workspace,
      repository: REPO,
      ...o,
    })

  describe.skipIf(runtime.missing !== undefined)(
    runtime.missing ?? 'runs as the runner runs it',
    () => {
      it('passes the holdout, then lists the violations of a broken file by column and annotates the schema', async () => {
        const first = await run({ event: { name: 'pull_request', number: 21 }, inputs: passing })
        expect(first.stderr).toBe('')
        expect(first.exitCode).toBe(0)
        expect(first.outputs).toMatchObject({
          status: 'pass',
          passed: 'true',
          violations: '0',
          rows: '3000',
        })
        expect(first.summary).toContain('Schema gate')

        const second = await run({ event: { name: 'pull_request', number: 21 }, inputs: failing })
        expect(second.exitCode).toBe(1)
        expect(second.outputs).toMatchObject({ status: 'fail', violations: '3' })
        expect(second.errors.join('\n')).toMatch(/Schema gate failed/)

        const comments = schemaComments()
        expect(comments).toHaveLength(1)
        const body = comments[0]?.body ?? ''
        // The violations, grouped by column in schema order, each with what was expected and found.
        const order = ['amount · max', 'hour · max\\_null\\_share', 'distance\\_km · type'].map(
          (s) => body.indexOf(s),
        )
        expect(order.every((i) => i > 0)).toBe(true)
        expect(order).toEqual([...order].sort((a, b) => a - b))
        expect(body).toContain('n/a')
        expect(body).toContain('123456.78')
        // Markdown escapes the parentheses.
        expect(body).toContain('10% missing \\(300 of 3,000 rows\\)')

        const runs = api.checkRuns()
        expect(runs.map((r) => r.conclusion)).toEqual(['success', 'failure'])
        const annotations = runs[1]?.annotations ?? []
        expect(annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title])).toEqual(
          [
            [
              'contracts/fraud.schema.yml',
              lineOf('amount', 'max'),
              'failure',
              'Schema gate · row 12 · column amount',
            ],
            [
              'contracts/fraud.schema.yml',
              lineOf('hour', 'max_null_share'),
              'failure',
              'Schema gate · row 101 · column hour',
            ],
            [
              'contracts/fraud.schema.yml',
              lineOf('distance_km', 'type'),
              'failure',
              'Schema gate · row 5 · column distance_km',
            ],
          ],
        )
        expect(annotations[2]?.message).toContain('"n/a" (row 5), "n/a" (row 8)')
      })

      it('fails with status error and a clear message when the schema is not valid', async () => {
        writeFileSync(
          join(workspace, 'contracts/typo.yml'),
          'version: 1\ncolumns:\n  amount:\n    type: number\n    maximum: 10\n',
        )
        const r = await run({
          event: { name: 'pull_request', number: 22 },
          inputs: { ...passing, schema: 'contracts/typo.yml' },
        })
        expect(r.exitCode).toBe(1)
        expect(r.outputs.status).toBe('error')
        expect(r.errors.join('\n')).toMatch(
          /contracts\/typo\.yml, line 5.*Unrecognized key: "maximum"/s,
        )
        expect(r.stdout).not.toMatch(/^\s+at /m)
      })
    },
  )
})
