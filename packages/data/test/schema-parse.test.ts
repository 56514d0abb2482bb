import { describe, expect, it } from 'vitest'
import { DataError, parseSchema, schemaLine } from '../src/index.ts'

function errorOf(text: string): DataError {
  try {
    parseSchema(text, 'schema.yml')
  } catch (error) {
    if (error instanceof DataError) return error
    throw error
  }
  throw new Error('expected a DataError')
}

const VALID = `version: 1
rows:
  min: 10
forbidden: [ssn]
environments: [training, serving]
columns:
  amount:
    type: number
    min: 0
    max: 5000
  merchant:
    type: category
    categories: [grocery, fuel]
    max_unseen_share: 0.01
  label:
    type: integer
    environments: [training]
`

describe('parseSchema', () => {
  it('reads a valid schema and keeps the line of every key and list item', () => {
    const parsed = parseSchema(VALID, 'schema.yml')
    expect(parsed.schema.columns['amount']).toEqual({ type: 'number', min: 0, max: 5000 })
    expect(schemaLine(parsed, ['columns', 'amount'])).toBe(7)
    expect(schemaLine(parsed, ['columns', 'amount', 'max'])).toBe(10)
    expect(schemaLine(parsed, ['columns', 'merchant', 'max_unseen_share'])).toBe(14)
    expect(schemaLine(parsed, ['rows', 'min'])).toBe(3)
    // A list item on one line shares its line; a key without its own line falls back to its parent.
    expect(schemaLine(parsed, ['forbidden', 0])).toBe(4)
    expect(schemaLine(parsed, ['columns', 'amount', 'unique'])).toBe(7)
    expect(schemaLine(parsed, ['nothing'])).toBeUndefined()
  })

  it('reads JSON, which is YAML', () => {
    const parsed = parseSchema(
      JSON.stringify({ version: 1, columns: { a: { type: 'boolean' } } }, null, 2),
      'schema.json',
    )
    expect(parsed.schema.columns['a']).toEqual({ type: 'boolean' })
    expect(schemaLine(parsed, ['columns', 'a', 'type'])).toBe(5)
  })

  it.each([
    ['a YAML syntax error', 'version: 1\ncolumns:\n  a: [x\n', /is not valid YAML/, 4],
    ['a duplicate key', 'version: 1\nversion: 1\ncolumns: {}\n', /is not valid YAML.*unique/, 2],
    [
      'an unknown key (a typo)',
      'version: 1\ncolumns:\n  a:\n    type: number\n    maxx: 3\n',
      /line 5, columns\.a: Unrecognized key: "maxx"/,
      5,
    ],
    [
      'an unknown type',
      'version: 1\ncolumns:\n  a:\n    type: float\n',
      /line 4, columns\.a\.type: Invalid option/,
      4,
    ],
    [
      'a text bound on a number column',
      'version: 1\ncolumns:\n  a:\n    type: number\n    min: low\n',
      /line 5, columns\.a\.min: a number column needs a number here, got "low"/,
      5,
    ],
    [
      'min above max',
      'version: 1\ncolumns:\n  a:\n    type: integer\n    min: 5\n    max: 1\n',
      /columns\.a\.min: min is larger than max/,
      5,
    ],
    [
      'a category column without categories',
      'version: 1\ncolumns:\n  a:\n    type: category\n',
      /line 4, columns\.a\.type: a category column needs `categories:`/,
      4,
    ],
    [
      'numeric categories left unquoted',
      'version: 1\ncolumns:\n  a:\n    type: category\n    categories: [1, 2]\n',
      /columns\.a\.categories\.0: categories are text; quote values/,
      5,
    ],
    [
      'a share above 1',
      'version: 1\ncolumns:\n  a:\n    type: string\n    max_null_share: 5\n',
      /line 5, columns\.a\.max_null_share: Too big/,
      5,
    ],
    [
      'an invalid regex',
      'version: 1\ncolumns:\n  a:\n    type: string\n    regex: "[a-"\n',
      /line 5, columns\.a\.regex: not a valid regular expression/,
      5,
    ],
    [
      'an undeclared environment',
      'version: 1\ncolumns:\n  y:\n    type: integer\n    environments: [training]\n',
      /columns\.y\.environments: environment "training" is not declared/,
      5,
    ],
    [
      'a datetime bound that is not ISO 8601',
      'version: 1\ncolumns:\n  t:\n    type: datetime\n    min: 31/01/2024\n',
      /columns\.t\.min: a datetime column needs an ISO 8601 date/,
      5,
    ],
    [
      'a missing version',
      'columns: {}\n',
      /\(top level\).*version|version: Invalid input/,
      undefined,
    ],
    ['an empty file', '', /is empty; a schema has at least `version: 1`/, undefined],
  ])('rejects %s, naming the line', (_, text, message, line) => {
    const error = errorOf(text)
    expect(error.message).toMatch(/^schema\.yml/)
    expect(error.message).toMatch(message)
    expect(error.line).toBe(line)
  })

  it('lists every problem at once', () => {
    const error = errorOf(
      'version: 2\ncolumns:\n  a:\n    type: text\n  b:\n    type: number\n    unique: maybe\n',
    )
    expect(error.message.split('\n').filter((l) => l.startsWith('  line'))).toHaveLength(3)
  })
})
