export type { Column, ColumnType, DecimalKeys, NumberColumn, StringColumn, Table } from './table.ts'
export {
  columnRows,
  decimalColumn,
  decimalValues,
  postedColumn,
  receivedColumn,
} from './decimal-column.ts'
export { useDecimalKeys } from './_csv-keys.ts'
export type { ReadOptions, TableFormat } from './read-options.ts'
export type { CsvRangeHelper, CsvRangeReply } from './csv-parallel.ts'
export type { CsvFileReading } from './csv-file.ts'
export type { CsvRangeJob, CsvRangePart } from './_csv-range.ts'
export { DataError, type DataPlace } from './errors.ts'
export { parseCsv } from './csv.ts'
export { useCsvKernel } from './_csv-kernel.ts'
export { parseJsonl } from './jsonl.ts'
export { readParquet, scanParquet, writeParquet } from './parquet.ts'
export type { WriteParquetOptions } from './parquet-write.ts'
export type { ScanParquetOptions } from './parquet-scan.ts'
export { formatFromPath, readsWithHelper, readTable } from './read-table.ts'
export {
  columnStrings,
  decodedByteLength,
  getColumn,
  makeTable,
  numericValues,
} from './table-access.ts'
export {
  DEFAULT_BLOCK_BYTES,
  csvChunks,
  type CsvChunkOptions,
  type TableChunk,
} from './csv-chunks.ts'
export { scanCsv, type ScanProgress } from './csv-scan.ts'
export {
  planCsvTail,
  type CsvScanTail,
  type CsvTailOptions,
  type CsvTailPlan,
} from './csv-scan-tail.ts'
export { joinChunks, type ChunkJoin } from './_chunk-join.ts'
export { bytesSource, type ByteSource } from './byte-source.ts'
export { fileError } from './node.ts'
export { openFileSource } from './node-source.ts'
export {
  SCHEMA_COLUMN_TYPES,
  UNKNOWN_COLUMN_POLICIES,
  boundValue,
  columnSchemaSpec,
  dataSchemaSpec,
  type ColumnSchema,
  type DataSchema,
  type SchemaColumnType,
  type UnknownColumnPolicy,
} from './schema/spec.ts'
export {
  parseSchema,
  readSchemaFile,
  schemaLine,
  type ParsedSchema,
} from './schema/parse-schema.ts'
export {
  SCHEMA_RULES,
  type ColumnSummary,
  type SchemaReport,
  type SchemaRule,
  type Violation,
} from './schema/report.ts'
export { validateFile, validateTable, type ValidateOptions } from './schema/validate.ts'
export { formatDatetime, parseDatetime } from './schema/datetime.ts'
export {
  inferSchema,
  inferSchemaFromFile,
  type InferOptions,
  type InferredSchema,
} from './schema/infer.ts'
export { schemaToYaml, type SchemaComments } from './schema/schema-yaml.ts'
export { diffSchemas, isEmptyDiff, type RuleChange, type SchemaDiff } from './schema/diff.ts'
export { dataSchemaJsonSchema } from './schema/json-schema.ts'
export {
  benchSchemaValidation,
  type SchemaBenchResult,
  type SchemaBenchStep,
} from './schema/bench.ts'
export { lineOf, parseYaml, readYamlFile } from './yaml-file.ts'
export type { ParsedYaml, YamlKind } from './yaml-file.ts'
export { workerScript } from './worker-script.ts'
export { freeCores, occupyCores, threadsSetting } from './busy-cores.ts'
