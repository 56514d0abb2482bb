export type { Column, ColumnType, NumberColumn, StringColumn, Table } from './table.ts'
export type { ReadOptions, TableFormat } from './read-options.ts'
export { DataError, type DataPlace } from './errors.ts'
export { parseCsv } from './csv.ts'
export { parseJsonl } from './jsonl.ts'
export { readParquet } from './parquet-read.ts'
export { writeParquet, type WriteParquetOptions } from './parquet-write.ts'
export { formatFromPath, readTable } from './read-table.ts'
export {
  columnStrings,
  decodedByteLength,
  getColumn,
  makeTable,
  numericValues,
} from './table-access.ts'
