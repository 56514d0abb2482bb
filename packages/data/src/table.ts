/**
 * The columnar table every reader produces and every gate consumes.
 *
 * Numbers live in Float64Array (integers up to 2^53 are exact); a missing cell is NaN in
 * `values` AND flagged in `missing`, so code that only looks at values still sees a hole and
 * code that must tell "missing" from a literal NaN can. Strings are dictionary-encoded: `codes`
 * index into `dictionary`, and -1 marks a missing cell.
 *
 * A number column read from decimal text may also hold its values as whole numbers on a decimal
 * grid (`decimal`): half the memory of doubles. Its `values` are then computed from them the
 * first time they are read (`decimal-column.ts`); code on hot paths reads the keys instead.
 */
export type NumberColumn = {
  readonly name: string
  /** Logical type: `integer` keeps INT64/whole-number columns apart for int64 model inputs. */
  readonly type: 'number' | 'integer' | 'boolean'
  readonly values: Float64Array
  /** 1 where the cell is missing; null when no cell is missing. */
  readonly missing: Uint8Array | null
  readonly nullCount: number
  /** The values as keys on a decimal grid, when the reader kept them so. */
  readonly decimal?: DecimalKeys
}

/**
 * Values as keys: value i is keys[i] / 10^scale, the double nearest that decimal (the one a
 * reader parsing the text gives). A missing cell holds key 0 and is flagged in `missing`.
 */
export type DecimalKeys = { readonly keys: Int32Array; readonly scale: number }

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
