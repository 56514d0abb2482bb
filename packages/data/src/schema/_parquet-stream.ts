import { withReadOptions } from '../_typed-options.ts'
import { scanParquet } from '../parquet.ts'
import type { Table } from '../table.ts'

/** What a streamed Parquet file gave: its rows, and the chunks they came in. */
export type ParquetStreamed = { readonly rows: number; readonly chunks: number }

/**
 * Streams a Parquet file for the schema steps as they stream CSV: whole row groups (at least
 * `minRows` rows a chunk, `scanParquet`'s default when omitted) decoded into reused arrays.
 * `select` chooses the columns from the file's names before anything is decoded; `each` gets
 * every chunk, with the missing option applied as a whole read applies it, and the index of its
 * first row. Undefined when mlgate's decoder does not read the file, or meets damage partway:
 * the caller then drops what `each` gathered and reads the file whole, which gives the table
 * (through DuckDB) or the error.
 */
export async function streamParquet(
  path: string,
  read: { readonly missing: readonly string[]; readonly minRows?: number | undefined },
  select: (header: readonly string[]) => readonly string[],
  each: (chunk: Table, firstRow: number) => void,
): Promise<ParquetStreamed | undefined> {
  const missing = read.missing.length > 0 ? { missing: [...read.missing] } : undefined
  let rows = 0
  let chunks = 0
  const scanned = await scanParquet(
    path,
    [],
    (chunk) => {
      const columns = missing ? withReadOptions(chunk.columns, missing, path) : chunk.columns
      each({ ...chunk, columns }, rows)
      rows += chunk.rowCount
      chunks++
      return Promise.resolve()
    },
    { select, ...(read.minRows === undefined ? {} : { minRows: read.minRows }) },
  )
  return scanned === undefined ? undefined : { rows, chunks }
}
