import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { dataSchemaJsonSchema, inferSchema, parseCsv, schemaToYaml } from '../src/index.ts'

const COMMITTED = fileURLToPath(
  new URL('../../../schemas/data-schema.schema.json', import.meta.url),
)
const FRAUD = fileURLToPath(new URL('../../../examples/fraud/train.csv', import.meta.url))

describe('schemas/data-schema.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: vitest -u)', async () => {
    // Formatted as the repository's Prettier config formats it, so `prettier --check` agrees.
    const options = { ...(await resolveConfig(COMMITTED)), parser: 'json' }
    const text = await format(JSON.stringify(dataSchemaJsonSchema(), null, 2), options)
    await expect(text).toMatchFileSnapshot(COMMITTED)
  })

  it('accepts an inferred schema and rejects what the zod schema rejects', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    const validate = ajv.compile(JSON.parse(readFileSync(COMMITTED, 'utf8')) as object)
    const inferred = inferSchema(parseCsv(readFileSync(FRAUD), FRAUD), { label: 'is_fraud' })
    const yaml = parse(schemaToYaml(inferred.schema, inferred)) as unknown
    expect(validate(yaml), JSON.stringify(validate.errors)).toBe(true)
    for (const bad of [
      { version: 2, columns: {} },
      { version: 1, columns: { a: { type: 'float' } } },
      { version: 1, columns: { a: { type: 'number', maxx: 1 } } },
      { version: 1, columns: { a: { type: 'number', max_null_share: 2 } } },
      { version: 1, columns: {}, unknown_columns: 'ignore' },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false)
    }
  })
})
