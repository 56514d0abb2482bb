import * as z from 'zod'
import { dataSchemaSpec } from './spec.ts'

/**
 * The schema format as JSON Schema (draft 2020-12), for editors: the committed
 * schemas/data-schema.schema.json is this, and a test keeps the two equal. Defaults are applied
 * by mlgate, not by editors, so the input side of the zod schema is what is described.
 */
export function dataSchemaJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(dataSchemaSpec, { io: 'input', target: 'draft-2020-12' })
  return { ...schema, title: 'mlgate data schema' }
}
