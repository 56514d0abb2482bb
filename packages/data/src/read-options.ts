import type { ColumnType } from './table.ts'

export type TableFormat = 'csv' | 'jsonl' | 'parquet'

export type ReadOptions = {
  /** Default: from the file extension (.csv .tsv .jsonl .ndjson .parquet). */
  format?: TableFormat
  /** CSV only: one ASCII character; default ',' (a tab for .tsv files). */
  delimiter?: string
  /** Column types that replace inference, by column name. */
  types?: Record<string, ColumnType>
  /** Read only these columns, in this order. */
  columns?: string[]
  /**
   * Extra cell texts that mean "missing". By default only empty cells and JSON null are
   * missing; texts such as "NA" or "none" are values.
   */
  missing?: string[]
}
