import { describe, expect, it } from 'vitest'
import { formatFromPath, readTable } from '../src/index.ts'
import { errorOf, fixture } from './_view.ts'

describe('readTable', () => {
  it('chooses the reader from the extension, in any case', () => {
    expect(formatFromPath('a/b.CSV')).toBe('csv')
    expect(formatFromPath('b.tsv')).toBe('csv')
    expect(formatFromPath('b.ndjson')).toBe('jsonl')
    expect(formatFromPath('b.jsonl')).toBe('jsonl')
    expect(formatFromPath('dir.v2/b.parquet')).toBe('parquet')
  })

  it('names the file and the extensions it knows for an unknown extension', async () => {
    for (const path of ['data.txt', 'data', 'dir.csv/data']) {
      const error = await errorOf(() => readTable(path))
      expect(error.message).toMatch(
        new RegExp(
          `^${path.replace('.', '\\.')}: cannot tell the format .*\\.csv, \\.tsv, \\.jsonl, \\.ndjson or \\.parquet`,
        ),
      )
    }
  })

  it('names the path and says to check it when the file is not there', async () => {
    for (const path of ['/no/such/file.csv', '/no/such/file.jsonl', '/no/such/file.parquet']) {
      const error = await errorOf(() => readTable(path))
      expect(error.message).toBe(
        `${path}: file not found; check the path (it is resolved from the working directory)`,
      )
      expect(error.file).toBe(path)
    }
  })

  it('reads a file whose name does not tell the format when given the format option', async () => {
    const table = await readTable(fixture('semicolon.csv'), { format: 'csv', delimiter: ';' })
    expect(table.rowCount).toBe(3)
  })
})
