import { FILE_META_DATA } from './_parquet-thrift.ts'
import { ThriftReader, text, type ThriftStruct } from './_thrift-compact.ts'
import type { Column } from './table.ts'

/**
 * The parts of a Parquet footer (Parquet format, parquet.thrift) that reading flat columns
 * needs, and the verdict whether mlgate's own decoder reads the file or leaves it to DuckDB.
 */

/**
 * How a leaf column's values are stored and read; 'other' for a type the decoder leaves to
 * DuckDB (dates, decimals, timestamps, binary…), which stops it only when the column is read.
 */
export type LeafKind =
  | 'double'
  | 'float'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'int64'
  | 'boolean'
  | 'text'
  | 'other'

export type ParquetLeaf = {
  readonly name: string
  readonly kind: LeafKind
  /** The column's table type, as DuckDB's read types it (meaningless for 'other'). */
  readonly type: Column['type']
  /** OPTIONAL columns carry definition levels (0 = null, 1 = a value); REQUIRED ones none. */
  readonly optional: boolean
}

/** Where one column chunk lies in the file and how its pages are compressed. */
export type ChunkPlace = {
  readonly start: number
  readonly length: number
  readonly codec: number
  readonly values: number
}

export type RowGroup = { readonly rows: number; readonly chunks: readonly ChunkPlace[] }

export type ParquetLayout = {
  readonly rowCount: number
  readonly leaves: readonly ParquetLeaf[]
  readonly groups: readonly RowGroup[]
}

/** Physical types (parquet.thrift `Type`). */
const BOOLEAN = 0
const INT32 = 1
const INT64 = 2
const FLOAT = 4
const DOUBLE = 5
const BYTE_ARRAY = 6

/** `FieldRepetitionType`. */
const OPTIONAL = 1
const REPEATED = 2

/** `ConvertedType` values the decoder reads; any other annotation goes to DuckDB. */
const UTF8 = 0
const UINT_8 = 11
const UINT_16 = 12
const UINT_32 = 13
const INT_8 = 15
const INT_16 = 16
const INT_32 = 17
const INT_64 = 18

/** INT32 columns by their `ConvertedType`. */
const CONVERTED_INT32: ReadonlyMap<number, LeafKind> = new Map([
  [INT_8, 'int8'],
  [INT_16, 'int16'],
  [INT_32, 'int32'],
  [UINT_8, 'uint8'],
  [UINT_16, 'uint16'],
  [UINT_32, 'uint32'],
] as const)

/** `LogicalType` union members. */
const LOGICAL_STRING = 1
const LOGICAL_INTEGER = 10

export const MAGIC = 'PAR1'

/**
 * The layout of a file whose footer (the Thrift FileMetaData) is `footer`, or the reason the
 * decoder leaves the file to DuckDB: nested or repeated columns, columns in other files.
 */
export function parseLayout(footer: Uint8Array): ParquetLayout | string {
  const meta = new ThriftReader(footer).struct(FILE_META_DATA)
  const schema = meta[2] as ThriftStruct[] | undefined
  const groups = (meta[4] as ThriftStruct[] | undefined) ?? []
  const rowCount = meta[3]
  if (schema === undefined || schema.length === 0 || typeof rowCount !== 'number') {
    return 'the footer has no schema or row count'
  }
  const leaves: ParquetLeaf[] = []
  for (const element of schema.slice(1)) {
    const leaf = parseLeaf(element)
    if (typeof leaf === 'string') return leaf
    leaves.push(leaf)
  }
  const root = schema[0] as ThriftStruct
  if (root[5] !== leaves.length) return 'the schema is nested'
  const names = new Set(leaves.map((leaf) => leaf.name))
  if (names.size !== leaves.length) return 'two columns share a name'
  const read: RowGroup[] = []
  let rows = 0
  for (const group of groups) {
    const parsed = parseGroup(group, leaves)
    if (typeof parsed === 'string') return parsed
    read.push(parsed)
    rows += parsed.rows
  }
  if (rows !== rowCount) return 'the row groups do not add up to the row count'
  return { rowCount, leaves, groups: read }
}

function parseLeaf(element: ThriftStruct): ParquetLeaf | string {
  const name = text(element[4])
  if (name === undefined) return 'a column has no name'
  if (typeof element[5] === 'number' && element[5] > 0) return 'the schema is nested'
  if (element[3] === REPEATED) return `column ${name} is repeated`
  const kind = leafKind(element) ?? 'other'
  const type: Column['type'] =
    kind === 'text'
      ? 'string'
      : kind === 'boolean'
        ? 'boolean'
        : kind === 'double' || kind === 'float'
          ? 'number'
          : 'integer'
  return { name, kind, type, optional: element[3] === OPTIONAL }
}

function leafKind(element: ThriftStruct): LeafKind | null {
  const physical = element[1]
  const converted = element[6] as number | undefined
  const logical = element[10] as ThriftStruct | undefined
  const logicalKind = logical === undefined ? undefined : logical.findIndex((f) => f !== undefined)
  const integer =
    logicalKind === LOGICAL_INTEGER ? (logical?.[LOGICAL_INTEGER] as ThriftStruct) : null
  if (logical !== undefined && logicalKind !== LOGICAL_INTEGER && logicalKind !== LOGICAL_STRING) {
    return null
  }
  switch (physical) {
    case BOOLEAN:
      return converted === undefined && logical === undefined ? 'boolean' : null
    case INT32: {
      if (integer != null) {
        const bits = integer[1] as number
        const signed = integer[2] !== false
        if (bits === 8) return signed ? 'int8' : 'uint8'
        if (bits === 16) return signed ? 'int16' : 'uint16'
        return signed ? 'int32' : 'uint32'
      }
      if (logical !== undefined) return null
      return converted === undefined ? 'int32' : (CONVERTED_INT32.get(converted) ?? null)
    }
    case INT64: {
      if (integer != null) return integer[2] !== false ? 'int64' : null
      if (logical !== undefined) return null
      return converted === undefined || converted === INT_64 ? 'int64' : null
    }
    case FLOAT:
      return converted === undefined && logical === undefined ? 'float' : null
    case DOUBLE:
      return converted === undefined && logical === undefined ? 'double' : null
    case BYTE_ARRAY:
      return logicalKind === LOGICAL_STRING || (logical === undefined && converted === UTF8)
        ? 'text'
        : null
    default:
      return null
  }
}

function parseGroup(group: ThriftStruct, leaves: readonly ParquetLeaf[]): RowGroup | string {
  const rows = group[3]
  const columns = group[1] as ThriftStruct[] | undefined
  if (typeof rows !== 'number' || columns === undefined || columns.length !== leaves.length) {
    return 'a row group does not hold every column'
  }
  const chunks: ChunkPlace[] = []
  for (const column of columns) {
    if (column[1] !== undefined) return 'a column chunk lies in another file'
    const meta = column[3] as ThriftStruct | undefined
    if (meta === undefined) return 'a column chunk has no metadata'
    const data = meta[9] as number
    const dictionary = meta[11] as number | undefined
    // Some writers leave the dictionary's offset out or at 0; the pages themselves say.
    const start =
      dictionary !== undefined && dictionary > 0 && dictionary < data ? dictionary : data
    chunks.push({
      start,
      length: meta[7] as number,
      codec: meta[4] as number,
      values: meta[5] as number,
    })
  }
  return { rows, chunks }
}
