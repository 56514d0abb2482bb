import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './support/repo-paths.ts'
import { importsOf, parseSource, sourceFiles, type ImportSite } from './support/source-imports.ts'

/**
 * Which internal packages each layer may import (ARCHITECTURE.md, "Packages"): data flows one way,
 * from statistics to publishing. `types` allows `import type` only, which the build erases: the
 * renderers and the GitHub layer know the shape of a GateResult, never the gates' code. `actions`
 * stands for every actions/<name>/src.
 */
const ALLOWED: Readonly<Record<string, Readonly<Record<string, 'any' | 'types'>>>> = {
  stats: {},
  data: { stats: 'any' },
  onnx: { data: 'any' },
  scan: { data: 'any' },
  registry: {},
  gates: { stats: 'any', data: 'any', onnx: 'any', scan: 'any', registry: 'any' },
  report: { gates: 'types' },
  github: { report: 'any', gates: 'types' },
  cli: {
    stats: 'any',
    data: 'any',
    onnx: 'any',
    gates: 'any',
    report: 'any',
    scan: 'any',
    registry: 'any',
  },
  // An action is glue: read inputs, call a gate, publish. Anything else belongs in a package.
  actions: { gates: 'any', github: 'any' },
}

/** npm packages that belong to one layer, so that I/O stays behind one door each. */
const OWNED_EXTERNALS: readonly {
  readonly match: (name: string) => boolean
  readonly what: string
  readonly owner: string
}[] = [
  { match: (n) => n.startsWith('@actions/'), what: '@actions/*', owner: 'github' },
  {
    match: (n) => n === 'onnxruntime-node' || n === 'onnxruntime-common',
    what: 'onnxruntime-node',
    owner: 'onnx',
  },
]

/** Node built-ins that touch files, processes, the network or the host: none of them in stats. */
const IO_BUILTINS = new Set([
  'fs',
  'fs/promises',
  'child_process',
  'cluster',
  'dgram',
  'dns',
  'dns/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'process',
  'readline',
  'readline/promises',
  'repl',
  'tls',
  'worker_threads',
])

/** Globals that reach outside the process (or into its environment): none of them in stats. */
const IO_GLOBALS = new Set(['process', 'fetch', 'require', 'XMLHttpRequest', 'WebSocket'])

/** A source file's layer: `packages/<name>/src/…` → name, `actions/<name>/src/…` → `actions`. */
type Unit = { readonly role: string; readonly dir: string }

function unitOf(file: string, root: string): Unit | undefined {
  const [top, name, src] = relative(root, file).split(sep)
  if (src !== 'src' || name === undefined) return undefined
  if (top === 'packages') return { role: name, dir: join(root, top, name) }
  if (top === 'actions') return { role: 'actions', dir: join(root, top, name) }
  return undefined
}

/**
 * Violations of the direction table in one file, each `file:line: what; why`. `root` is the
 * repository the file belongs to (a temp copy in this file's own tests).
 */
function violationsIn(file: string, root: string = REPO_ROOT): string[] {
  const unit = unitOf(file, root)
  if (!unit) return [`${file}: not under packages/<name>/src or actions/<name>/src`]
  const source = parseSource(file)
  const at = (line: number) => `${relative(root, file)}:${line}`
  const out: string[] = []
  for (const site of importsOf(source)) {
    const problem = checkImport(site, file, unit, root)
    if (problem) out.push(`${at(site.line)}: ${site.kind} '${site.specifier}': ${problem}`)
  }
  if (unit.role === 'stats') {
    for (const g of ioGlobals(source)) {
      out.push(
        `${at(g.line)}: uses the global \`${g.name}\`: stats does no I/O; take the value as a parameter instead`,
      )
    }
  }
  return out
}

// --- internal ---

function checkImport(site: ImportSite, file: string, unit: Unit, root: string): string | undefined {
  const spec = site.specifier
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = resolve(dirname(file), spec)
    if (!target.startsWith(join(unit.dir, 'src') + sep)) {
      const other = unitOf(target, root) ?? unitOf(join(target, 'src', 'x.ts'), root)
      return other && other.dir !== unit.dir
        ? `reaches into ${relative(root, other.dir)} by path; import it by its package name`
        : `leaves ${relative(root, join(unit.dir, 'src'))}; source may only import its own src/ by path`
    }
    return undefined
  }
  const internal = /^@mlgate\/([^/]+)/.exec(spec)?.[1]
  if (internal !== undefined) {
    if (unit.role !== 'actions' && internal === unit.role) {
      return `a package imports its own files by relative path, not through its public entry`
    }
    if (internal === 'cli') return 'nothing imports the CLI; move what is shared into a package'
    const rule = ALLOWED[unit.role]?.[internal]
    const allowed = Object.entries(ALLOWED[unit.role] ?? {})
      .map(([p, how]) => (how === 'types' ? `${p} (types only)` : p))
      .join(', ')
    if (rule === undefined) {
      return `${label(unit)} may import ${allowed || 'no other mlgate package'} (ARCHITECTURE.md)`
    }
    if (rule === 'types' && !site.typeOnly) {
      return `${label(unit)} may import only types from @mlgate/${internal}; use \`import type\``
    }
    return undefined
  }
  const builtin = spec.startsWith('node:')
    ? spec.slice(5)
    : builtinModules.includes(spec)
      ? spec
      : undefined
  if (unit.role === 'actions') {
    return `an action imports @mlgate/gates and @mlgate/github only; do this in a package (${builtin === undefined ? 'npm package' : 'Node built-in'})`
  }
  if (builtin !== undefined) {
    return unit.role === 'stats' && IO_BUILTINS.has(builtin)
      ? 'stats does no I/O; move it to data, onnx or the caller'
      : undefined
  }
  const name = spec.startsWith('@')
    ? spec.split('/').slice(0, 2).join('/')
    : (spec.split('/')[0] ?? spec)
  for (const owned of OWNED_EXTERNALS) {
    if (owned.match(name) && owned.owner !== unit.role) {
      return `only packages/${owned.owner} imports ${owned.what}`
    }
  }
  return undefined
}

function label(unit: Unit): string {
  return unit.role === 'actions' ? 'an action' : `packages/${unit.role}`
}

/** Free references to I/O globals (not property names, declarations or type positions). */
function ioGlobals(source: ts.SourceFile): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && IO_GLOBALS.has(node.text)) {
      const p = node.parent
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isPropertyAssignment(p) && p.name === node) ||
        (ts.isVariableDeclaration(p) && p.name === node) ||
        (ts.isParameter(p) && p.name === node) ||
        (ts.isFunctionDeclaration(p) && p.name === node) ||
        ts.isImportSpecifier(p) ||
        ts.isTypeReferenceNode(p) ||
        ts.isQualifiedName(p)
      if (!isName) {
        out.push({
          name: node.text,
          line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

// --- tests ---

const packages = existsSync(join(REPO_ROOT, 'packages'))
  ? readdirSync(join(REPO_ROOT, 'packages'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(REPO_ROOT, 'packages', d.name, 'src')))
      .map((d) => d.name)
      .sort()
  : []
const actions = existsSync(join(REPO_ROOT, 'actions'))
  ? readdirSync(join(REPO_ROOT, 'actions'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(REPO_ROOT, 'actions', d.name, 'src')))
      .map((d) => d.name)
      .sort()
  : []

describe('dependency direction', () => {
  it('knows every package', () => {
    expect(packages).toEqual(
      expect.arrayContaining(['stats', 'data', 'onnx', 'gates', 'report', 'github', 'cli']),
    )
    const unknown = packages.filter((p) => !(p in ALLOWED))
    expect(
      unknown,
      'packages missing from the direction table in test/dependency-direction.test.ts',
    ).toEqual([])
  })

  it.each(packages)('packages/%s/src imports only what its layer allows', (name) => {
    const files = sourceFiles(join(REPO_ROOT, 'packages', name, 'src'))
    expect(files.length).toBeGreaterThan(0)
    expect(files.flatMap((f) => violationsIn(f))).toEqual([])
  })

  it.each(actions)('actions/%s/src imports only @mlgate/gates and @mlgate/github', (name) => {
    const files = sourceFiles(join(REPO_ROOT, 'actions', name, 'src'))
    expect(files.length).toBeGreaterThan(0)
    expect(files.flatMap((f) => violationsIn(f))).toEqual([])
  })

  it('nothing imports the CLI', () => {
    const importers = [
      ...packages.map((p) => `packages/${p}`),
      ...actions.map((a) => `actions/${a}`),
    ]
      .flatMap((dir) => sourceFiles(join(REPO_ROOT, dir, 'src')))
      .flatMap((f) =>
        importsOf(parseSource(f))
          .filter((s) => /^@mlgate\/cli(\/|$)/.test(s.specifier))
          .map((s) => `${relative(REPO_ROOT, f)}:${s.line}`),
      )
    expect(importers).toEqual([])
  })
})

describe('the direction check', () => {
  let root: string
  const file = (path: string, text: string) => {
    const abs = join(root, path)
    mkdirSync(dirname(abs), { recursive: true })
    writeFileSync(abs, text)
    return abs
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mlgate-deps-'))
  })
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it('reports each wrong import with its file, line and the rule', () => {
    const path = file(
      'packages/report/src/render.ts',
      [
        "import type { GateResult } from '@mlgate/gates'", // 1: allowed
        "import { worstStatus } from '@mlgate/gates'", // 2: value import of a types-only layer
        "import { publish } from '@mlgate/github'", // 3: upstream may not know downstream
        "import * as core from '@actions/core'", // 4: owned by github
        "export { run } from '@mlgate/cli'", // 5: nothing imports cli
        "import { x } from '../../data/src/x.ts'", // 6: deep path into another package
        "const ort = await import('onnxruntime-node')", // 7: owned by onnx
        "import { y } from './y.ts'", // 8: allowed
        "import { type A, type B } from '@mlgate/gates'", // 9: allowed, every binding is a type
        '',
      ].join('\n'),
    )
    expect(violationsIn(path, root)).toEqual([
      "packages/report/src/render.ts:2: import '@mlgate/gates': packages/report may import only types from @mlgate/gates; use `import type`",
      "packages/report/src/render.ts:3: import '@mlgate/github': packages/report may import gates (types only) (ARCHITECTURE.md)",
      "packages/report/src/render.ts:4: import '@actions/core': only packages/github imports @actions/*",
      "packages/report/src/render.ts:5: export '@mlgate/cli': nothing imports the CLI; move what is shared into a package",
      "packages/report/src/render.ts:6: import '../../data/src/x.ts': reaches into packages/data by path; import it by its package name",
      "packages/report/src/render.ts:7: dynamic import 'onnxruntime-node': only packages/onnx imports onnxruntime-node",
    ])
  })

  it('keeps stats free of I/O', () => {
    const path = file(
      'packages/stats/src/io.ts',
      [
        "import { readFileSync } from 'node:fs'", // 1
        "import { join } from 'node:path'", // 2: pure, allowed
        'export const home = process.env.HOME', // 3
        "export const get = () => fetch('https://example.com')", // 4
        'export const o = { process: 1 }', // 5: a property name, allowed
        '',
      ].join('\n'),
    )
    expect(violationsIn(path, root)).toEqual([
      "packages/stats/src/io.ts:1: import 'node:fs': stats does no I/O; move it to data, onnx or the caller",
      'packages/stats/src/io.ts:3: uses the global `process`: stats does no I/O; take the value as a parameter instead',
      'packages/stats/src/io.ts:4: uses the global `fetch`: stats does no I/O; take the value as a parameter instead',
    ])
  })

  it('keeps actions to gates and github', () => {
    const path = file(
      'actions/x-check/src/main.ts',
      [
        "import { runXGate } from '@mlgate/gates'",
        "import { publish } from '@mlgate/github'",
        "import { readTable } from '@mlgate/data'",
        "import { writeFile } from 'node:fs/promises'",
        "import * as core from '@actions/core'",
        '',
      ].join('\n'),
    )
    expect(violationsIn(path, root)).toEqual([
      "actions/x-check/src/main.ts:3: import '@mlgate/data': an action may import gates, github (ARCHITECTURE.md)",
      "actions/x-check/src/main.ts:4: import 'node:fs/promises': an action imports @mlgate/gates and @mlgate/github only; do this in a package (Node built-in)",
      "actions/x-check/src/main.ts:5: import '@actions/core': an action imports @mlgate/gates and @mlgate/github only; do this in a package (npm package)",
    ])
  })
})
