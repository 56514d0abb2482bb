import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

/** One module reference in a source file. */
export type ImportSite = {
  readonly specifier: string
  /** 1-based line of the specifier. */
  readonly line: number
  /** Erased at build time: `import type`, `export type`, every named binding `type`, or `import('x').T`. */
  readonly typeOnly: boolean
  readonly kind: 'import' | 'export' | 'dynamic import' | 'require' | 'import type'
  /** Named bindings (`import { a as b }` → `{ imported: 'a', local: 'b' }`); `*` for namespaces. */
  readonly names: readonly { readonly imported: string; readonly local: string }[]
}

const parsed = new Map<string, { text: string; source: ts.SourceFile }>()

export const SOURCE_EXTENSIONS = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/

/** Source files under a folder, recursively, sorted; declaration files are left out. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (SOURCE_EXTENSIONS.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name))
        out.push(path)
    }
  }
  walk(dir)
  return out.sort()
}

/** Parses a file; `importsOf` and the other readers take the result. Cached per path and text. */
export function parseSource(path: string): ts.SourceFile {
  const text = readFileSync(path, 'utf8')
  const cached = parsed.get(path)
  if (cached?.text === text) return cached.source
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)
  parsed.set(path, { text, source })
  return source
}

/** Every static import/export, dynamic `import()`, `require()` and `import('x')` type of a file. */
export function importsOf(source: ts.SourceFile): ImportSite[] {
  const out: ImportSite[] = []
  const lineOf = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const names: { imported: string; local: string }[] = []
      let allTypes = clause != null
      if (clause?.name) {
        names.push({ imported: 'default', local: clause.name.text })
        allTypes = false
      }
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.push({ imported: '*', local: bindings.name.text })
        allTypes = false
      } else if (bindings) {
        for (const el of bindings.elements) {
          names.push({ imported: (el.propertyName ?? el.name).text, local: el.name.text })
          if (!el.isTypeOnly) allTypes = false
        }
        if (bindings.elements.length === 0) allTypes = false
      }
      out.push({
        specifier: node.moduleSpecifier.text,
        line: lineOf(node.moduleSpecifier),
        typeOnly: clause?.isTypeOnly === true || allTypes,
        kind: 'import',
        names,
      })
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause
      const names =
        clause && ts.isNamedExports(clause)
          ? clause.elements.map((el) => ({
              imported: (el.propertyName ?? el.name).text,
              local: el.name.text,
            }))
          : [{ imported: '*', local: clause ? clause.name.getText(source) : '*' }]
      const allTypes =
        clause != null &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((el) => el.isTypeOnly)
      out.push({
        specifier: node.moduleSpecifier.text,
        line: lineOf(node.moduleSpecifier),
        typeOnly: node.isTypeOnly || allTypes,
        kind: 'export',
        names,
      })
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      out.push({
        specifier: node.moduleReference.expression.text,
        line: lineOf(node.moduleReference.expression),
        typeOnly: node.isTypeOnly,
        kind: 'require',
        names: [{ imported: '*', local: node.name.text }],
      })
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments
      const literal = arg && ts.isStringLiteralLike(arg) ? arg : undefined
      if (literal && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        out.push({
          specifier: literal.text,
          line: lineOf(literal),
          typeOnly: false,
          kind: 'dynamic import',
          names: [],
        })
      } else if (
        literal &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'require'
      ) {
        out.push({
          specifier: literal.text,
          line: lineOf(literal),
          typeOnly: false,
          kind: 'require',
          names: [],
        })
      }
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      out.push({
        specifier: node.argument.literal.text,
        line: lineOf(node.argument.literal),
        typeOnly: true,
        kind: 'import type',
        names: [],
      })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}
