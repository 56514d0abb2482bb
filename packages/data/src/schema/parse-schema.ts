import { LineCounter, parseDocument } from 'yaml'
import { DataError } from '../errors.ts'
import { readBytes } from '../node.ts'
import { collectLines, pathKey } from './_schema-lines.ts'
import { dataSchemaSpec, type DataSchema } from './spec.ts'

/** A schema with where it came from and where each of its keys sits, for findings. */
export type ParsedSchema = {
  readonly schema: DataSchema
  /** The path or name it was read from, as given. */
  readonly file: string
  /** Line of every key and list item; read it with `schemaLine`. */
  readonly lines: ReadonlyMap<string, number>
}

/**
 * Parses a schema from YAML or JSON text (JSON is YAML) and validates it. Errors are DataErrors
 * naming the file and the line of the offending key, with every problem listed.
 */
export function parseSchema(text: string, file: string): ParsedSchema {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true })
  const yamlError = doc.errors[0]
  if (yamlError != null) {
    const line = yamlError.linePos?.[0].line
    const first = yamlError.message.split('\n')[0] ?? yamlError.message
    throw new DataError(
      `is not valid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}; fix the syntax (indent with spaces, quote texts holding ": " or "#")`,
      line == null ? { file } : { file, line },
    )
  }
  if (doc.contents == null) {
    throw new DataError(
      'is empty; a schema has at least `version: 1` and `columns:` (write one with `mlgate schema infer`)',
      { file },
    )
  }
  const lines = collectLines(doc.contents, counter)
  const raw: unknown = doc.toJS()
  const parsed = dataSchemaSpec.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const line = nearestLine(lines, issue.path)
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'
      return { line, text: `${line == null ? '' : `line ${line}, `}${where}: ${issue.message}` }
    })
    const first = issues.find((i) => i.line != null)?.line
    throw new DataError(
      `is not a valid mlgate data schema:\n  ${issues.map((i) => i.text).join('\n  ')}\nSee schemas/data-schema.schema.json for the format.`,
      first == null ? { file } : { file, line: first },
    )
  }
  return { schema: parsed.data, file, lines }
}

/** Reads and parses a schema file. */
export async function readSchemaFile(path: string): Promise<ParsedSchema> {
  const bytes = await readBytes(path)
  return parseSchema(new TextDecoder().decode(bytes), path)
}

/**
 * The line of `path` in the schema file, or of its nearest ancestor that has one (a rule left to
 * its default points at its column); undefined for a schema built in code.
 */
export function schemaLine(
  parsed: ParsedSchema,
  path: readonly (string | number)[],
): number | undefined {
  return nearestLine(parsed.lines, path)
}

// --- internal ---

function nearestLine(
  lines: ReadonlyMap<string, number>,
  path: readonly PropertyKey[],
): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = lines.get(pathKey(path.slice(0, n)))
    if (line != null) return line
  }
  return undefined
}
