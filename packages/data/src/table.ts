/**
 * The columnar table every reader produces and every gate consumes.
 *
 * Numbers live in Float64Array (integers up to 2^53 are exact); a missing cell is NaN in
 * `values` AND flagged in `missing`, so code that only looks at values still sees a hole and
 * code that must tell "missing" from a literal NaN can. Strings are dictionary-encoded: `codes`
 * index into `dictionary`, and -1 marks a missing cell.
 */
export type NumberColumn = {
  readonly name: string
  /** Logical type: `integer` keeps INT64/whole-number columns apart for int64 model inputs. */
  readonly type: 'number' | 'integer' | 'boolean'
  readonly values: Float64Array
  /** 1 where the cell is missing; null when no cell is missing. */
  readonly missing: Uint8Array | null
  readonly nullCount: number
}

export type StringColumn = {
  readonly name: string
  readonly type: 'string'
  readonly codes: Int32Array
  readonly dictionary: readonly string[]
  readonly nullCount: number
}

export type Column = NumberColumn | StringColumn
export type ColumnType = Column['type']

export type Table = {
  /** Where the rows came from (a file path or a description), for error messages. */
  readonly source: string
  readonly rowCount: number
  readonly columns: readonly Column[]
}
