import type { Column, DecimalKeys, NumberColumn } from './table.ts'

/**
 * Number columns that hold their values as decimal keys (`DecimalKeys`). A reader keeps keys
 * when every value of a column is a decimal of at most `MAX_KEY_SCALE` places whose key fits in
 * 32 bits: 4 bytes a row instead of 8. Where a fresh page of memory costs more than the work
 * done on it (a virtual machine's, README: Decimal keys), a million-row table of 30 such columns
 * is read measurably faster; and the comparisons that count values on a decimal grid (drift)
 * read the keys as they are.
 *
 * Exactness: keys[i] / 10^scale is a correctly rounded division of two integers a double holds
 * exactly, so it is the double nearest the decimal, the same one a parser of the cell's text
 * (mantissa / 10^places) gives, whatever the places.
 */

/** Decimal places kept as keys at most (10^9 fits a double exactly, as do the keys). */
export const MAX_KEY_SCALE = 9

/** The largest key: keys are Int32. */
export const MAX_KEY = 0x7fff_ffff

/** 10^s for s = 0 … MAX_KEY_SCALE, exact. */
export const KEY_POWERS = new Float64Array(MAX_KEY_SCALE + 1).map((_, s) => 10 ** s)

/**
 * A number column over decimal keys. Its `values` are computed on first read and kept, so code
 * that reads doubles works unchanged; code that can use the keys reads `decimal`.
 */
export function decimalColumn(fields: {
  readonly name: string
  readonly type: NumberColumn['type']
  readonly decimal: DecimalKeys
  readonly missing: Uint8Array | null
  readonly nullCount: number
}): NumberColumn {
  const { name, type, decimal, missing, nullCount } = fields
  let values: Float64Array | undefined
  return {
    name,
    type,
    get values(): Float64Array {
      if (values === undefined) {
        values = new Float64Array(decimal.keys.length)
        decimalValues(decimal, missing, 0, values.length, values)
      }
      return values
    },
    missing,
    nullCount,
    decimal,
  }
}

/**
 * Writes the values of rows [start, start + rows) into out[0, rows): keys[i] / 10^scale, NaN
 * where a cell is missing.
 */
export function decimalValues(
  decimal: DecimalKeys,
  missing: Uint8Array | null,
  start: number,
  rows: number,
  out: Float64Array | Float32Array,
): void {
  const { keys } = decimal
  const power = KEY_POWERS[decimal.scale]!
  for (let r = 0; r < rows; r++) out[r] = keys[start + r]! / power
  if (missing == null) return
  for (let r = 0; r < rows; r++) if (missing[start + r] === 1) out[r] = NaN
}

/** Rows of a column, read without computing a decimal column's values. */
export function columnRows(column: Column): number {
  if (column.type === 'string') return column.codes.length
  return column.decimal !== undefined ? column.decimal.keys.length : column.values.length
}

/**
 * A decimal column as it crosses to another thread: without its computed values, which would
 * otherwise be computed to be copied. `receivedColumn` makes it whole on the other side.
 */
export function postedColumn(column: NumberColumn): Omit<NumberColumn, 'values'> {
  const { name, type, missing, nullCount, decimal } = column
  return { name, type, missing, nullCount, ...(decimal ? { decimal } : {}) }
}

/** A column posted by `postedColumn`, with its `values` again; any other column as it is. */
export function receivedColumn<T extends Column>(column: T): T {
  if (column.type === 'string' || column.decimal === undefined) return column
  if (Object.prototype.hasOwnProperty.call(column, 'values')) return column
  return decimalColumn({ ...column, decimal: column.decimal }) as T
}
