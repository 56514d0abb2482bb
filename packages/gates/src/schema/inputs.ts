import { isAbsolute, relative, sep } from 'node:path'
import type { InputReader } from '../accuracy/inputs.ts'
import { ConfigError } from '../errors.ts'
import { kebab, parseConfig } from '../parse-config.ts'
import type { SchemaConfig } from './config.ts'
import { schemaConfigSchema } from './config.ts'

/**
 * The schema gate's settings from action inputs (kebab-case names, as in action.yml). A schema
 * path under the workspace (`${{ github.workspace }}/schema.yml`) is made relative to it, because
 * check-run annotations name files by their path in the repository.
 */
export function schemaConfigFromInputs(
  read: InputReader,
  workspace: string | undefined = process.env['GITHUB_WORKSPACE'],
): SchemaConfig {
  const examples = read.text('examples')
  const count = examples == null ? undefined : Number(examples)
  if (examples != null && !Number.isFinite(count)) {
    throw new ConfigError(`Input "examples" must be a number, got "${examples}".`)
  }
  const input = {
    schema: repositoryPath(read.text('schema'), workspace),
    data: read.text('data'),
    environment: read.text('environment'),
    model: read.text('model'),
    columns: read
      .text('columns')
      ?.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
    examples: count,
  }
  return parseConfig(schemaConfigSchema, input, (path) => `Input "${kebab(String(path[0] ?? ''))}"`)
}

// --- internal ---

function repositoryPath(
  path: string | undefined,
  workspace: string | undefined,
): string | undefined {
  if (path == null || workspace == null || workspace === '' || !isAbsolute(path)) return path
  const inside = relative(workspace, path)
  return inside === '' || inside.startsWith('..') || isAbsolute(inside)
    ? path
    : inside.split(sep).join('/')
}
