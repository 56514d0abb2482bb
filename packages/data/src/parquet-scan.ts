import { closeSync, openSync } from 'node:fs'
import { ChunkDecoder, decodeColumns, finishColumn } from './_parquet-file.ts'
import type { ParquetLeaf, RowGroup } from './_parquet-layout.ts'
import { createDecodedColumn } from './_parquet-pages.ts'
import type { ScanProgress } from './csv-scan.ts'
import { planDecode } from './parquet-decode.ts'
import type { Table } from './table.ts'

/** Rows a scan's chunk holds at least: whole row groups are added until it does. */
export const SCAN_ROWS = 65_536

export type ScanParquetOptions = {
  /** Rows a chunk holds at least: whole row groups are added until it does. Default SCAN_ROWS. */
  readonly minRows?: number
  /**
   * Chooses the columns to decode once the file's column names are known; default every column.
   * A name the file lacks, or an error thrown here, makes the scan undefined (a whole read then
   * meets the same problem and says what it is).
   */
  readonly select?: (header: readonly string[]) => readonly string[]
  /**
   * Whether each chunk's number arrays are those of the chunk before (default true). False gives
   * every chunk arrays of its own, for a consumer that keeps them or moves them to a thread.
   */
  readonly reuse?: boolean
}

/**
 * Reads a Parquet file chunk by chunk without holding it, as `scanCsv` does a CSV file: `each`
 * gets whole row groups (at least `minRows` rows together) as a table of the selected columns, and
 * must be done with it when it resolves, since the next chunk is decoded into the same number
 * arrays (unless `reuse` is false); it may resolve to false to stop the scan there. The `keep`
 * columns come back whole, exactly as `readTable` gives them. Undefined when mlgate's decoder
 * does not read the file (`decodeParquet`: it is then read through DuckDB, whole) or a `keep`
 * column is absent; decoding stops there, and what `each` was given before is to be dropped.
 * Errors thrown by `each` are the caller's.
 */
export async function scanParquet(
  path: string,
  keep: readonly string[],
  each: (chunk: Table, progress: ScanProgress) => Promise<void | false>,
  options: ScanParquetOptions = {},
): Promise<Table | undefined> {
  const { select } = options
  let plan: ReturnType<typeof planDecode>
  try {
    plan = planDecode(path, select && ((header) => ({ columns: [...select(header)] })))
  } catch {
    return undefined
  }
  if (typeof plan === 'string') return undefined
  const { layout, selected } = plan
  const names = layout.leaves.map((leaf) => leaf.name)
  const kept = keep.map((name) => names.indexOf(name))
  if (kept.some((index) => index < 0)) return undefined
  const size = layout.groups.reduce((sum, group) => sum + groupBytes(group), 0)
  const minRows = options.minRows ?? SCAN_ROWS
  const reuse: (Float64Array | undefined)[] = []
  let fd: number
  let keptTable: Table
  try {
    keptTable = {
      source: path,
      rowCount: layout.rowCount,
      columns: decodeColumns(path, layout, kept),
    }
    fd = openSync(path, 'r')
  } catch {
    return undefined
  }
  try {
    const decoder = new ChunkDecoder(fd)
    let bytesRead = 0
    for (let next = 0; next < layout.groups.length;) {
      const groups: RowGroup[] = []
      let rows = 0
      while (next < layout.groups.length && (groups.length === 0 || rows < minRows)) {
        const group = layout.groups[next++] as RowGroup
        groups.push(group)
        rows += group.rows
      }
      const columns = selected.map((index, c) => {
        const leaf = layout.leaves[index] as ParquetLeaf
        if (leaf.kind === 'text') return createDecodedColumn(leaf, rows)
        const held = options.reuse === false ? undefined : reuse[c]
        const values = held !== undefined && held.length >= rows ? held : new Float64Array(rows)
        reuse[c] = values
        return createDecodedColumn(leaf, rows, values.subarray(0, rows))
      })
      try {
        let row = 0
        for (const group of groups) {
          decoder.decodeGroup(group, selected, columns, row)
          row += group.rows
          bytesRead += groupBytes(group)
        }
      } catch {
        return undefined
      }
      const chunk = { source: path, rowCount: rows, columns: columns.map(finishColumn) }
      if ((await each(chunk, { bytesRead, size })) === false) break
    }
  } finally {
    closeSync(fd)
  }
  return keptTable
}

function groupBytes(group: RowGroup): number {
  return group.chunks.reduce((sum, chunk) => sum + chunk.length, 0)
}
