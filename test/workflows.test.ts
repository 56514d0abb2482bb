import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { readActionMetadata } from '@mlgate/github/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from './support/repo-paths.ts'
import { actionFolders, checkUses, usesTarget } from './support/workflow-check.ts'
import { loadWorkflowParser, type WorkflowParser } from './support/workflow-parser.ts'

/** Folders whose every .yml/.yaml file is a complete workflow. */
const WORKFLOW_DIRS = ['workflows-examples', '.github/workflows']

const workflowFiles = WORKFLOW_DIRS.flatMap((dir) => {
  const abs = join(REPO_ROOT, dir)
  return existsSync(abs)
    ? readdirSync(abs)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => `${dir}/${f}`)
    : []
})

/** ```yaml blocks of the action READMEs, each with the line its text starts on. */
const readmeBlocks = actionFolders().flatMap((name) => {
  const file = `actions/${name}/README.md`
  const path = join(REPO_ROOT, file)
  if (!existsSync(path)) return []
  const text = readFileSync(path, 'utf8')
  const blocks: { file: string; line: number; yaml: string }[] = []
  for (const m of text.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)) {
    const line = text.slice(0, m.index).split('\n').length + 1
    blocks.push({ file, line, yaml: m[1] ?? '' })
  }
  return blocks
})

let parser: WorkflowParser
let scratch: string

beforeAll(async () => {
  parser = await loadWorkflowParser()
  scratch = mkdtempSync(join(tmpdir(), 'mlgate-workflows-'))
})

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('repository workflows', () => {
  it('include the pull-request example and the CI workflow', () => {
    expect(workflowFiles).toContain('workflows-examples/pull-request.yml')
    expect(workflowFiles).toContain('.github/workflows/ci.yml')
  })

  it.each(workflowFiles)('%s passes GitHub’s workflow parser', async (file) => {
    const errors = await parser.workflowErrors(file, readFileSync(join(REPO_ROOT, file), 'utf8'))
    expect(errors).toEqual([])
  })

  it.each(workflowFiles)(
    '%s uses only existing actions, declared inputs and the permissions they need',
    (file) => {
      expect(checkUses(join(REPO_ROOT, file), readFileSync(join(REPO_ROOT, file), 'utf8'))).toEqual(
        [],
      )
    },
  )

  it('CI dogfoods the built accuracy gate from its folder', () => {
    const ci = readFileSync(join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8')
    const local = [...ci.matchAll(/uses:\s*(\.\/actions\/[^\s#]+)/g)].map((m) => m[1])
    expect(local).toContain('./actions/accuracy-gate')
  })

  it('CI ends in one aggregator job that needs every other job', () => {
    const ci = parse(readFileSync(join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: Record<string, { needs?: string[]; if?: string }>
    }
    const others = Object.keys(ci.jobs).filter((j) => j !== 'ci-ok')
    expect(ci.jobs['ci-ok']?.if).toBe('always()')
    expect([...(ci.jobs['ci-ok']?.needs ?? [])].sort()).toEqual(others.sort())
  })
})

describe('README examples', () => {
  it('exist for every action', () => {
    const withExample = new Set(readmeBlocks.map((b) => b.file))
    for (const name of actionFolders()) expect(withExample).toContain(`actions/${name}/README.md`)
  })

  it.each(readmeBlocks.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s uses only existing actions and declared inputs',
    async (_where, block) => {
      const doc = parse(block.yaml) as unknown
      const whole = typeof doc === 'object' && doc != null && 'jobs' in doc && 'on' in doc
      if (whole) {
        const errors = await parser.workflowErrors(`${block.file}:${block.line}`, block.yaml)
        expect(errors).toEqual([])
      }
      // Line numbers in problems count from the block; shift them to the README's.
      const problems = checkUses(join(REPO_ROOT, block.file), block.yaml).map((p) =>
        p.replace(
          /^([^:]+):(\d+)/,
          (_all, f: string, n: string) => `${f}:${Number(n) + block.line - 1}`,
        ),
      )
      expect(problems).toEqual([])
    },
  )
})

describe('the checks reject broken workflows', () => {
  const write = (name: string, text: string) => {
    const path = join(scratch, name)
    writeFileSync(path, text)
    return { path, text: readFileSync(path, 'utf8') }
  }

  it('GitHub’s parser reports schema, expression and job-graph errors with their lines', async () => {
    const { path, text } = write(
      'broken.yml',
      [
        'on: pull_request',
        'permissions:',
        '  pull-request: write',
        'jobs:',
        '  gate:',
        '    runs-on: ubuntu-latest',
        '    needs: [nowhere]',
        '    stepz:',
        '      - run: echo',
        '    steps:',
        '      - run: echo ${{ github.event.pull_request.number ) }}',
        '      - uses: actions/checkout@v5',
        '        run: echo both',
        '',
      ].join('\n'),
    )
    const errors = await parser.workflowErrors('broken.yml', text)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Line: 3, Col: 3\): Unexpected value 'pull-request'/),
        expect.stringMatching(/Line: 8, Col: 5\): Unexpected value 'stepz'/),
        expect.stringMatching(/Line: 11, .*Unexpected symbol/),
        expect.stringMatching(/Line: 13, .*Unexpected value 'run'/),
      ]),
    )
    expect(existsSync(path)).toBe(true)
  })

  it('GitHub’s parser reports a job that depends on a job that does not exist', async () => {
    const { text } = write(
      'needs.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [b]\n    steps:\n      - run: echo\n',
    )
    const errors = await parser.workflowErrors('needs.yml', text)
    expect(errors.length).toBeGreaterThan(0)
  })

  it('GitHub’s parser reports invalid YAML', async () => {
    const { text } = write('yaml.yml', 'on: push\njobs:\n  a: [\n')
    expect(await parser.workflowErrors('yaml.yml', text)).not.toEqual([])
  })

  it('uses/with checks name the file, line and fix', () => {
    const { path, text } = write(
      'uses.yml',
      [
        'on: pull_request', // 1
        'permissions:', // 2
        '  contents: read', // 3
        'jobs:', // 4
        '  gate:', // 5
        '    runs-on: ubuntu-latest', // 6
        '    steps:', // 7
        '      - uses: ./actions/no-such-gate', // 8
        '      - uses: your-org/mlgate/actions/accuracy-gate@main', // 9
        '        with:', // 10
        '          modle: m.onnx', // 11
        '          data: d.csv', // 12
        '      - uses: your-org/mlgate@v1', // 13
        '      - uses: ./not/an/action', // 14
        '',
      ].join('\n'),
    )
    const problems = checkUses(path, text)
    const file = relative(REPO_ROOT, path).startsWith('..') ? path : relative(REPO_ROOT, path)
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${escape(file)}:8: .*actions/no-such-gate/action.yml does not exist`),
        ),
        expect.stringMatching(/:9: .*pinned to "main"/),
        expect.stringMatching(
          /:11: input "modle" is not declared in actions\/accuracy-gate\/action.yml/,
        ),
        expect.stringMatching(/:13: .*mlgate has no action at the repository root/),
        expect.stringMatching(/:14: .*local action that does not exist/),
        expect.stringMatching(
          /:9: job "gate" runs .* does not grant checks: write, pull-requests: write/,
        ),
      ]),
    )
    // No "needs input" problems: model and label may come from `config:` (mlgate.yml).
    expect(problems).toHaveLength(6)
  })

  it('a job without a permissions block is reported', () => {
    const { path, text } = write(
      'perms.yml',
      [
        'on: push',
        'jobs:',
        '  gate:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: ./actions/accuracy-gate',
        '        with: { model: m, data: d, label: y }',
        '',
      ].join('\n'),
    )
    expect(checkUses(path, text)).toEqual([
      expect.stringMatching(
        /:6: job "gate" runs .* without a permissions block; declare contents: read, checks: write/,
      ),
    ])
  })

  it.each(actionFolders())(
    'actions/%s: an undeclared input and every missing required input are reported',
    (name) => {
      const meta = readActionMetadata(join(REPO_ROOT, 'actions', name, 'action.yml'))
      const required = [...meta.inputs.values()].filter(
        (i) => i.required && i.default === undefined,
      )
      const { path, text } = write(
        `${name}.yml`,
        [
          'on: workflow_dispatch',
          'permissions: write-all',
          'jobs:',
          '  gate:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          `      - uses: ./actions/${name}`,
          '        with:',
          '          not-an-input: x',
          '',
        ].join('\n'),
      )
      const problems = checkUses(path, text)
      expect(problems).toContainEqual(
        expect.stringMatching(/:9: input "not-an-input" is not declared/),
      )
      for (const input of required) {
        expect(problems).toContainEqual(expect.stringContaining(`needs input "${input.name}"`))
      }
      expect(problems).toHaveLength(1 + required.length)
    },
  )
})

describe('usesTarget', () => {
  it.each([
    ['./actions/accuracy-gate', { kind: 'mlgate-action', name: 'accuracy-gate' }],
    ['./actions/accuracy-gate/', { kind: 'mlgate-action', name: 'accuracy-gate' }],
    [
      'acme/mlgate/actions/drift-check@v1',
      { kind: 'mlgate-action', name: 'drift-check', ref: 'v1' },
    ],
    ['acme/MLGate/actions/x@v1.2.3', { kind: 'mlgate-action', name: 'x', ref: 'v1.2.3' }],
    [
      'acme/mlgate@v1',
      { kind: 'mlgate-other', reason: 'mlgate has no action at the repository root' },
    ],
    ['./.github/actions/setup', { kind: 'local', path: './.github/actions/setup' }],
    ['actions/checkout@v5', { kind: 'external' }],
    ['acme/mlgate-fork/actions/x@v1', { kind: 'external' }],
    ['docker://alpine:3', { kind: 'external' }],
  ])('%s', (uses, expected) => {
    expect(usesTarget(uses)).toEqual(expected)
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
