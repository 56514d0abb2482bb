import type { z } from 'zod'
import { LineCounter, parseDocument } from 'yaml'
import { DataError } from './errors.ts'
import { readBytes } from './node.ts'
import { collectLines, pathKey } from './_yaml-lines.ts'

/** A validated YAML (or JSON) document with the line of each of its keys, for messages. */
export type ParsedYaml<T> = {
  readonly value: T
  /** The path or name it was read from, as given. */
  readonly file: string
  /** Line of every key and list item; read it with `lineOf`. */
  readonly lines: ReadonlyMap<string, number>
}

/** How to speak of the document in errors. */
export type YamlKind = {
  /** e.g. "mlgate data schema": "is not a valid <name>". */
  readonly name: string
  /** What to do about an empty file. */
  readonly whenEmpty: string
  /** Appended to validation errors, e.g. where the format is documented. */
  readonly formatHint: string
}

/**
 * Parses YAML (JSON is YAML) and validates it against `spec`. Errors are DataErrors naming the
 * file and the line of the offending key, with every problem listed.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  spec: S,
  kind: YamlKind,
): ParsedYaml<z.infer<S>> {
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
  if (doc.contents == null) throw new DataError(`is empty; ${kind.whenEmpty}`, { file })
  const lines = collectLines(doc.contents, counter)
  const parsed = spec.safeParse(doc.toJS())
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      // An unknown key is pointed at where it is written, not at the map that holds it.
      const path =
        issue.code === 'unrecognized_keys' && issue.keys.length > 0
          ? [...issue.path, issue.keys[0]!]
          : issue.path
      const line = lineOf(lines, path)
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'
      return { line, text: `${line == null ? '' : `line ${line}, `}${where}: ${issue.message}` }
    })
    const first = issues.find((i) => i.line != null)?.line
    throw new DataError(
      `is not a valid ${kind.name}:\n  ${issues.map((i) => i.text).join('\n  ')}\n${kind.formatHint}`,
      first == null ? { file } : { file, line: first },
    )
  }
  return { value: parsed.data, file, lines }
}

/** Reads and parses a YAML or JSON file. */
export async function readYamlFile<S extends z.ZodType>(
  path: string,
  spec: S,
  kind: YamlKind,
): Promise<ParsedYaml<z.infer<S>>> {
  const bytes = await readBytes(path)
  return parseYaml(new TextDecoder().decode(bytes), path, spec, kind)
}

/**
 * The line of `path`, or of its nearest ancestor that has one (a setting left to its default
 * points at its section); undefined for a document built in code.
 */
export function lineOf(
  lines: ReadonlyMap<string, number>,
  path: readonly PropertyKey[],
): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = lines.get(pathKey(path.slice(0, n)))
    if (line != null) return line
  }
  return undefined
}
