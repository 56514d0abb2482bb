import { T, type ThriftSchema } from './_thrift-compact.ts'

/**
 * The structs of parquet.thrift (Apache Parquet format) that the decoder reads, as schemas for
 * the Thrift reader: the wire type of each field it uses and the fields the format requires, so
 * that a damaged header is refused where Thrift's generated readers (DuckDB's among them)
 * refuse it.
 */

const INT_TYPE: ThriftSchema = { fields: { 1: T.BYTE, 2: T.BOOL }, required: [1, 2] }

/** `LogicalType` is a union of structs; only INTEGER's contents are read. */
const LOGICAL_TYPE: ThriftSchema = { fields: { 10: { struct: INT_TYPE } } }

const SCHEMA_ELEMENT: ThriftSchema = {
  fields: {
    1: T.I32,
    2: T.I32,
    3: T.I32,
    4: T.BINARY,
    5: T.I32,
    6: T.I32,
    7: T.I32,
    8: T.I32,
    9: T.I32,
    10: { struct: LOGICAL_TYPE },
  },
  required: [4],
}

const COLUMN_META_DATA: ThriftSchema = {
  fields: {
    1: T.I32,
    2: { list: T.I32 },
    3: { list: T.BINARY },
    4: T.I32,
    5: T.I64,
    6: T.I64,
    7: T.I64,
    9: T.I64,
    10: T.I64,
    11: T.I64,
  },
  required: [1, 2, 3, 4, 5, 6, 7, 9],
}

const COLUMN_CHUNK: ThriftSchema = {
  fields: { 1: T.BINARY, 2: T.I64, 3: { struct: COLUMN_META_DATA } },
  required: [2],
}

const ROW_GROUP: ThriftSchema = {
  fields: { 1: { list: { struct: COLUMN_CHUNK } }, 2: T.I64, 3: T.I64 },
  required: [1, 2, 3],
}

export const FILE_META_DATA: ThriftSchema = {
  fields: {
    1: T.I32,
    2: { list: { struct: SCHEMA_ELEMENT } },
    3: T.I64,
    4: { list: { struct: ROW_GROUP } },
  },
  required: [1, 2, 3, 4],
}

const DATA_PAGE_HEADER: ThriftSchema = {
  fields: { 1: T.I32, 2: T.I32, 3: T.I32, 4: T.I32 },
  required: [1, 2, 3, 4],
}

const DICTIONARY_PAGE_HEADER: ThriftSchema = {
  fields: { 1: T.I32, 2: T.I32, 3: T.BOOL },
  required: [1, 2],
}

const DATA_PAGE_HEADER_V2: ThriftSchema = {
  fields: { 1: T.I32, 2: T.I32, 3: T.I32, 4: T.I32, 5: T.I32, 6: T.I32, 7: T.BOOL },
  required: [1, 2, 3, 4, 5, 6],
}

export const PAGE_HEADER: ThriftSchema = {
  fields: {
    1: T.I32,
    2: T.I32,
    3: T.I32,
    4: T.I32,
    5: { struct: DATA_PAGE_HEADER },
    7: { struct: DICTIONARY_PAGE_HEADER },
    8: { struct: DATA_PAGE_HEADER_V2 },
  },
  required: [1, 2, 3],
}
