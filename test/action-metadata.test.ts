import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PUBLISH_OUTPUTS } from '@mlgate/github'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { actionInputUse, inputReadsIn } from './support/input-reads.ts'
import { REPO_ROOT } from './support/repo-paths.ts'
import { sourceFiles } from './support/source-imports.ts'
import { actionFolders } from './support/workflow-check.ts'
import { loadWorkflowParser, type WorkflowParser } from './support/workflow-parser.ts'

type ActionDocs = {
  renderApiTables(actionYml: string): string
  withApiTables(readme: string, actionYml: string, where: string): string
}

type ActionYml = {
  name?: unknown
  description?: unknown
  branding?: { icon?: unknown; color?: unknown }
  inputs?: Record<string, { default?: unknown; required?: unknown } | null>
  outputs?: Record<string, unknown>
  runs?: { using?: unknown; main?: unknown }
}

/** Outputs every gate action writes: `status` from runAction, the URLs from publish. */
const REQUIRED_OUTPUTS = [
  ...new Set(['status', 'comment-url', 'check-run-url', ...PUBLISH_OUTPUTS]),
]

/** The colours GitHub Marketplace accepts for `branding.color` (metadata syntax reference). */
const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark',
]

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

const folders = actionFolders()
/** Inputs `@mlgate/github` reads for every action (the `token` of publish). */
const githubReads = inputReadsIn(sourceFiles(join(REPO_ROOT, 'packages/github/src')))

let parser: WorkflowParser
let docs: ActionDocs

beforeAll(async () => {
  parser = await loadWorkflowParser()
  // A plain .mjs script without type declarations: imported by URL and typed here.
  docs = (await import(
    pathToFileURL(join(REPO_ROOT, 'scripts/action-docs.mjs')).href
  )) as ActionDocs
})

it('the accuracy gate is among the actions found', () => {
  expect(folders).toContain('accuracy-gate')
})

describe.each(folders)('actions/%s', (name) => {
  const dir = join(REPO_ROOT, 'actions', name)
  const ymlPath = join(dir, 'action.yml')
  const where = `actions/${name}/action.yml`
  const text = () => readFileSync(ymlPath, 'utf8')
  const meta = () => parse(text()) as ActionYml

  it('has an action.yml that passes GitHub’s action metadata parser', () => {
    expect(existsSync(ymlPath), `${where} is missing`).toBe(true)
    expect(parser.actionErrors(where, text())).toEqual([])
  })

  it('runs on node24 from its bundle in dist/, which the build produced', () => {
    const runs = meta().runs ?? {}
    expect(runs.using, `${where} runs.using`).toBe('node24')
    expect(runs.main, `${where} runs.main`).toBe(`../../dist/${name}.js`)
    const bundle = resolve(dir, String(runs.main))
    expect(existsSync(bundle), `${relative(REPO_ROOT, bundle)} was not built`).toBe(true)
    expect(existsSync(join(dir, 'src/main.ts')), `actions/${name}/src/main.ts is missing`).toBe(
      true,
    )
  })

  it('declares the token input and the publishing outputs', () => {
    const m = meta()
    expect(m.inputs?.['token']?.default, `${where} inputs.token.default`).toBe(
      '${{ github.token }}',
    )
    expect(Object.keys(m.outputs ?? {})).toEqual(expect.arrayContaining(REQUIRED_OUTPUTS))
  })

  it('has a name, a description and branding', () => {
    const m = meta()
    expect(typeof m.name === 'string' && m.name.trim() !== '', `${where} name`).toBe(true)
    expect(
      typeof m.description === 'string' && m.description.trim() !== '',
      `${where} description`,
    ).toBe(true)
    expect(
      typeof m.branding?.icon === 'string' && m.branding.icon !== '',
      `${where} branding.icon`,
    ).toBe(true)
    expect(BRANDING_COLORS, `${where} branding.color`).toContain(m.branding?.color)
  })

  it('names inputs and outputs in kebab-case', () => {
    const m = meta()
    const names = [...Object.keys(m.inputs ?? {}), ...Object.keys(m.outputs ?? {})]
    expect(names.filter((n) => !KEBAB.test(n))).toEqual([])
  })

  it('has a README whose generated tables match action.yml', () => {
    const readmePath = join(dir, 'README.md')
    expect(existsSync(readmePath), `actions/${name}/README.md is missing`).toBe(true)
    const readme = readFileSync(readmePath, 'utf8')
    const current = docs.withApiTables(readme, text(), `actions/${name}/README.md`)
    expect(readme, `actions/${name}/README.md is stale: run \`node scripts/action-docs.mjs\``).toBe(
      current,
    )
    expect(readme).toContain(docs.renderApiTables(text()))
  })

  it('shows in its README how to use it from another repository, pinned to a release', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8')
    expect(readme).toMatch(new RegExp(`uses:\\s*[\\w.-]+/mlgate/actions/${name}@v\\d`))
  })

  it('declares every input its code reads and every output it writes', () => {
    const use = actionInputUse(join(dir, 'src/main.ts'))
    const inputs = new Set(Object.keys(meta().inputs ?? {}))
    const outputs = new Set(Object.keys(meta().outputs ?? {}))
    // A scan that finds nothing means the action reads inputs in a way this test cannot see.
    expect(
      use.reads.length,
      `no input reads found in ${use.files.map((f) => relative(REPO_ROOT, f)).join(', ')}; read inputs with optionalInput/requiredInput/multilineInput/booleanInput or an InputReader's text()/lines()`,
    ).toBeGreaterThan(0)
    const undeclared = [
      ...use.reads.filter((r) => !inputs.has(r.name)).map((r) => ({ ...r, what: 'input' })),
      ...use.writes.filter((w) => !outputs.has(w.name)).map((w) => ({ ...w, what: 'output' })),
    ].map(
      (r) =>
        `${relative(REPO_ROOT, r.file)}:${r.line}: ${r.what} "${r.name}" is not declared in ${where}`,
    )
    expect(undeclared).toEqual([])
  })

  it('reads every input it declares', () => {
    const use = actionInputUse(join(dir, 'src/main.ts'))
    const read = new Set([...use.reads, ...githubReads].map((r) => r.name))
    const unread = Object.keys(meta().inputs ?? {}).filter(
      (n) => !read.has(n) && !use.literals.has(n),
    )
    expect(
      unread,
      `inputs declared in ${where} but named nowhere in ${use.files.map((f) => relative(REPO_ROOT, f)).join(', ')} or packages/github/src`,
    ).toEqual([])
  })
})

describe('the input scan', () => {
  let scratch: string
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'mlgate-input-scan-'))
  })
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  it('finds the accuracy gate’s inputs in main.ts and in the gate’s input reader', () => {
    const use = actionInputUse(join(REPO_ROOT, 'actions/accuracy-gate/src/main.ts'))
    const names = new Set(use.reads.map((r) => r.name))
    for (const n of ['model', 'data', 'label', 'min', 'min-change', 'comment', 'check-run'])
      expect(names).toContain(n)
    expect(use.files.map((f) => relative(REPO_ROOT, f))).toContain(
      'packages/gates/src/accuracy/inputs.ts',
    )
    expect(use.writes.map((w) => w.name)).toContain('report-path')
  })

  it('reports reads and writes with their file and line', () => {
    const main = join(scratch, 'main.ts')
    writeFileSync(
      main,
      [
        "import { optionalInput, runAction } from '@mlgate/github'",
        'await runAction(async (runner) => {',
        "  const x = optionalInput(runner, 'not-declared')",
        "  runner.output('made-up', String(x))",
        "  return read.lines('bounds')",
        '})',
        '',
      ].join('\n'),
    )
    const use = actionInputUse(main)
    // The @mlgate/github helpers it imports are scanned too (publish reads `token`).
    expect(use.reads).toEqual(
      expect.arrayContaining([
        { name: 'not-declared', file: main, line: 3 },
        { name: 'bounds', file: main, line: 5 },
      ]),
    )
    expect(use.writes).toContainEqual({ name: 'made-up', file: main, line: 4 })
  })

  it('sees the token that publish reads', () => {
    expect(githubReads.map((r) => r.name)).toContain('token')
  })
})
