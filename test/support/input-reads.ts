import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import ts from 'typescript'
import { REPO_ROOT } from './repo-paths.ts'
import { importsOf, parseSource } from './source-imports.ts'

/** An input name an action's code reads, and where. */
export type InputRead = { readonly name: string; readonly file: string; readonly line: number }

export type ActionInputUse = {
  /** Names passed as string literals to an input reader (see READERS). */
  readonly reads: readonly InputRead[]
  /** Output names passed as string literals to `.output(name, value)`. */
  readonly writes: readonly InputRead[]
  /** Every string literal of the scanned files: an input named nowhere is read nowhere. */
  readonly literals: ReadonlySet<string>
  /** The files scanned: main.ts, its relative imports, and the defining files of what it imports from `@mlgate/*`. */
  readonly files: readonly string[]
}

/**
 * Calls whose string-literal argument is an input name: the `@mlgate/github` helpers
 * (`optionalInput(runner, 'x')`, …), `runner.input('x')`, and an `InputReader`'s `text('x')` /
 * `lines('x')` as the gates' `<gate>ConfigFromInputs(read)` functions call them.
 */
export const READERS: ReadonlySet<string> = new Set([
  'optionalInput',
  'requiredInput',
  'multilineInput',
  'booleanInput',
  'input',
  'text',
  'lines',
])

/**
 * The inputs an action reads and the outputs it writes, found statically. Input reading is
 * usually delegated (main.ts hands a reader to `accuracyConfigFromInputs` in `@mlgate/gates`),
 * so besides main.ts and its own relative imports this scans the file that defines each binding
 * main.ts imports from an `@mlgate/*` package.
 */
export function actionInputUse(mainPath: string): ActionInputUse {
  const files = new Set<string>([mainPath])
  const main = parseSource(mainPath)
  for (const site of importsOf(main)) {
    if (site.typeOnly) continue
    if (site.specifier.startsWith('.')) {
      files.add(resolve(dirname(mainPath), site.specifier))
      continue
    }
    const pkg = /^@mlgate\/([^/]+)$/.exec(site.specifier)?.[1]
    if (!pkg) continue
    for (const { imported } of site.names) {
      const defining = definingFile(packageEntry(pkg), imported)
      if (defining) files.add(defining)
    }
  }
  const reads: InputRead[] = []
  const writes: InputRead[] = []
  const literals = new Set<string>()
  for (const file of files) {
    if (!existsSync(file)) continue
    const source = parseSource(file)
    collect(source, reads, writes, literals)
  }
  return { reads, writes, literals, files: [...files] }
}

/** Input reads of every file under a folder, e.g. the `token` that `publish` reads. */
export function inputReadsIn(files: readonly string[]): InputRead[] {
  const reads: InputRead[] = []
  for (const file of files) collect(parseSource(file), reads, [], new Set())
  return reads
}

// --- internal ---

function packageEntry(pkg: string): string {
  const dir = join(REPO_ROOT, 'packages', pkg)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports?: Record<string, string>
  }
  return join(dir, manifest.exports?.['.'] ?? 'src/index.ts')
}

/** The file that declares `name`, following `export { … } from` and `export * from` chains. */
function definingFile(file: string, name: string, seen = new Set<string>()): string | undefined {
  if (seen.has(file) || !existsSync(file)) return undefined
  seen.add(file)
  const source = parseSource(file)
  for (const site of importsOf(source)) {
    if (site.kind !== 'export' || !site.specifier.startsWith('.')) continue
    const target = resolve(dirname(file), site.specifier)
    const named = site.names.find((n) => n.local === name)
    if (named) return definingFile(target, named.imported, seen) ?? target
    if (site.names.some((n) => n.imported === '*' && n.local === '*')) {
      const found = definingFile(target, name, seen)
      if (found) return found
    }
  }
  return declares(source, name) ? file : undefined
}

function declares(source: ts.SourceFile, name: string): boolean {
  return source.statements.some((s) => {
    if (
      (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) &&
      s.name?.text === name &&
      exported(s)
    ) {
      return true
    }
    if (ts.isVariableStatement(s) && exported(s)) {
      return s.declarationList.declarations.some(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      )
    }
    return false
  })
}

function exported(node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0
}

function collect(
  source: ts.SourceFile,
  reads: InputRead[],
  writes: InputRead[],
  literals: Set<string>,
): void {
  const at = (node: ts.Node) => ({
    file: source.fileName,
    line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
  })
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) literals.add(node.text)
    if (ts.isCallExpression(node)) {
      const callee = ts.isIdentifier(node.expression)
        ? node.expression.text
        : ts.isPropertyAccessExpression(node.expression)
          ? node.expression.name.text
          : undefined
      const literal = node.arguments.find((a) => ts.isStringLiteralLike(a))
      if (callee && literal && ts.isStringLiteralLike(literal)) {
        if (READERS.has(callee)) reads.push({ name: literal.text, ...at(literal) })
        else if (callee === 'output' && node.arguments[0] === literal)
          writes.push({ name: literal.text, ...at(literal) })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
}
