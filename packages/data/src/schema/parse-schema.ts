import { readBytes } from '../node.ts'
import { lineOf, parseYaml } from '../yaml-file.ts'
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
  const parsed = parseYaml(text, file, dataSchemaSpec, SCHEMA_KIND)
  return { schema: parsed.value, file, lines: parsed.lines }
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
  return lineOf(parsed.lines, path)
}

// --- internal ---

const SCHEMA_KIND = {
  name: 'mlgate data schema',
  whenEmpty:
    'a schema has at least `version: 1` and `columns:` (write one with `mlgate schema infer`)',
  formatHint: 'See schemas/data-schema.schema.json for the format.',
}
