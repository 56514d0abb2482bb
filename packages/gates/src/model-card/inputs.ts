import type { InputReader } from '../accuracy/inputs.ts'
import { kebab, parseConfig } from '../parse-config.ts'
import type { ModelCardConfig } from './config.ts'
import { modelCardConfigSchema, parseDatasetFlag, parseOwner } from './config.ts'
import type { DatasetInput } from './data-facts.ts'

/**
 * The card's settings from action inputs (kebab-case names, as in action.yml). Owners, tags,
 * languages and references come one per line.
 */
export function modelCardConfigFromInputs(read: InputReader): ModelCardConfig {
  const input = {
    name: read.text('name'),
    version: read.text('version'),
    versionDate: read.text('version-date'),
    overview: read.text('overview'),
    license: read.text('license'),
    owners: read.lines('owners').map((o) => parseOwner(o, 'Input "owners"')),
    tags: read.lines('tags'),
    language: read.lines('language'),
    references: read.lines('references'),
    template: read.text('template'),
    out: read.text('out'),
  }
  return parseConfig(
    modelCardConfigSchema,
    input,
    (path) => `Input "${kebab(String(path[0] ?? ''))}"`,
  )
}

/** The `data` input: one `role=path` per line. */
export function datasetsFromInputs(read: InputReader): DatasetInput[] {
  return read.lines('data').map((line) => parseDatasetFlag(line, 'Input "data"'))
}
