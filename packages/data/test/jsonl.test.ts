import { describe, expect, it } from 'vitest'
import { DataError, parseJsonl, type ReadOptions } from '../src/index.ts'
import { bytesOf, view } from './_view.ts'

const jsonl = (text: string, options?: ReadOptions) =>
  parseJsonl(bytesOf(text), 'test.jsonl', options)

function errorOf(run: () => unknown): DataError {
  try {
    run()
  } catch (error) {
    if (error instanceof DataError) return error
    throw error
  }
  throw new Error('expected a DataError')
}

describe('parseJsonl', () => {
  it('takes the union of keys in first-seen order; absent keys and null are missing', () => {
    const table = jsonl(
      '{"a":1,"b":"x"}\n\n{"c":true,"a":2.5}\r\n   \n{"b":null,"a":null,"c":false}',
    )
    expect(table.rowCount).toBe(3)
    expect(view(table)).toEqual({
      a: { type: 'number', cells: [1, 2.5, null] },
      b: { type: 'string', cells: ['x', null, null] },
      c: { type: 'boolean', cells: [null, true, false] },
    })
  })

  it('infers integer columns and turns mixed columns into text', () => {
    expect(view(jsonl('{"n":1,"m":1}\n{"n":-3,"m":"two"}\n{"n":4,"m":true}\n'))).toEqual({
      n: { type: 'integer', cells: [1, -3, 4] },
      m: { type: 'string', cells: ['1', 'two', 'true'] },
    })
  })

  it('applies the missing, types and columns options', () => {
    const table = jsonl('{"a":"1","b":-999,"c":"NA"}\n{"a":"2.5","b":4,"c":"x"}\n', {
      missing: ['NA', '-999'],
      types: { a: 'number' },
      columns: ['c', 'a', 'b'],
    })
    expect(view(table)).toEqual({
      c: { type: 'string', cells: [null, 'x'] },
      a: { type: 'number', cells: [1, 2.5] },
      b: { type: 'integer', cells: [null, 4] },
    })
  })

  it('names file, line and key for nested values', () => {
    const error = errorOf(() => jsonl('{"a":1}\n{"a":2,"tags":["x"]}\n'))
    expect(error.message).toMatch(
      /^test\.jsonl, line 2, column "tags": the value of key "tags" is an array/,
    )
    expect(errorOf(() => jsonl('{"a":{"b":1}}\n')).message).toMatch(
      /line 1, column "a": the value of key "a" is an object/,
    )
  })

  it('names file and line for invalid JSON and for lines that are not objects', () => {
    const error = errorOf(() => jsonl('{"a":1}\n\n{"a":2,}\n'))
    expect(error.message).toMatch(/^test\.jsonl, line 3: the line is not valid JSON/)
    expect(error.line).toBe(3)
    expect(errorOf(() => jsonl('{"a":1}\n[1,2]\n')).message).toMatch(
      /line 2: expected a JSON object .* found an array/,
    )
    expect(errorOf(() => jsonl('"text"\n')).message).toMatch(
      /line 1: expected a JSON object .* found a string/,
    )
  })

  it('names the line of a value that does not fit the types option', () => {
    const error = errorOf(() => jsonl('{"a":"1"}\n\n{"a":"x"}\n', { types: { a: 'number' } }))
    expect(error.message).toMatch(
      /^test\.jsonl, line 3, column "a": expected a number .* found "x"/,
    )
  })

  it('refuses a file without objects', () => {
    expect(errorOf(() => jsonl('\n\n')).message).toMatch(
      /^test\.jsonl: the file has no JSON objects/,
    )
  })
})
