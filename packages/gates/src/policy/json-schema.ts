import * as z from 'zod'
import { policySchema } from './schema.ts'

/**
 * mlgate.yml's format as JSON Schema (draft 2020-12), for editors: the committed
 * schemas/mlgate.schema.json is this, and a test keeps the two equal.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' })
  return { ...schema, title: 'mlgate policy (mlgate.yml)' }
}
