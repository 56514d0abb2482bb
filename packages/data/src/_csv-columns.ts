import type { ByteDict } from './_byte-dict.ts'
import { fit } from './_fit.ts'
import { decimalColumn } from './decimal-column.ts'
import type { Column, ColumnType } from './table.ts'

/** What a CSV column holds so far. Numbers, since they are module constants the hot loop folds. */
export const UNKNOWN = 0 // every cell so far was missing
export const NUMBER = 1
export const BOOLEAN = 2
export const TEXT = 3
export const SKIP = 4 // not asked for by the columns option

/** A column while its rows are read. Booleans are kept as 1/0 in `values`. */
export type CsvColumn = {
  readonly name: string
  readonly forced: ColumnType | undefined
  kind: number
  values: Float64Array | null
  missing: Uint8Array | null
  /** True while every number seen is a whole number. */
  whole: boolean
  codes: Int32Array | null
  dict: ByteDict | null
  /**
   * The row at which a column that held numbers or booleans met its first text cell, or -1.
   * Its earlier cells are read again as text once all rows are in.
   */
  flipRow: number
  /**
   * Room for the column's numbers as decimal keys (`_csv-keys.ts`), `capacity` rows, or null
   * when they are not to be kept so or did not fit. While `keys` is set (this same array), it
   * holds every row read so far and `values` holds none.
   */
  keyRoom: Int32Array | null
  keys: Int32Array | null
  scale: number
}

/**
 * A column of the row loop, with room for `capacity` rows. `values`, for a number column: a new
 * SharedArrayBuffer other threads can write too (`'shared'`: the CSV reader's second thread
 * writes its rows in place), rows of such memory to write into (`capacity` of them), or by
 * default an array of its own. `keyRoom`: rows of memory where the numbers may be kept as
 * decimal keys while they fit.
 */
export function createCsvColumn(
  name: string,
  forced: ColumnType | undefined,
  skip: boolean,
  capacity: number,
  values: 'own' | 'shared' | Float64Array = 'own',
  keyRoom: Int32Array | null = null,
): CsvColumn {
  const kind = skip
    ? SKIP
    : forced === 'string'
      ? TEXT
      : forced === 'boolean'
        ? BOOLEAN
        : forced === undefined
          ? UNKNOWN
          : NUMBER
  return {
    name,
    forced,
    kind,
    values:
      kind === NUMBER || kind === BOOLEAN || kind === UNKNOWN
        ? typeof values !== 'string'
          ? values
          : values === 'shared'
            ? new Float64Array(new SharedArrayBuffer(8 * capacity))
            : new Float64Array(capacity)
        : null,
    missing: null,
    whole: true,
    codes: kind === TEXT ? new Int32Array(capacity).fill(-1) : null,
    dict: null,
    flipRow: -1,
    keyRoom: kind === NUMBER || kind === UNKNOWN ? keyRoom : null,
    keys: null,
    scale: 0,
  }
}

/**
 * The finished column of `rowCount` rows. `inPlace`: number values stay a view of the rows'
 * array however much of it is unused (it is reused for the next rows anyway).
 */
export function finishCsvColumn(column: CsvColumn, rowCount: number, inPlace = false): Column {
  if (column.kind === TEXT) {
    const codes = fit(column.codes as Int32Array, rowCount)
    let nullCount = 0
    for (let i = 0; i < rowCount; i++) if ((codes[i] as number) < 0) nullCount++
    return {
      name: column.name,
      type: 'string',
      codes,
      dictionary: column.dict == null ? [] : column.dict.strings,
      nullCount,
    }
  }
  const missing = column.missing == null ? null : fit(column.missing, rowCount)
  let nullCount = 0
  if (missing != null) for (let i = 0; i < rowCount; i++) nullCount += missing[i] as number
  const type: ColumnType =
    column.forced !== undefined
      ? column.forced
      : column.kind === BOOLEAN
        ? 'boolean'
        : column.kind === NUMBER && column.whole
          ? 'integer'
          : 'number'
  if (column.keys != null) {
    return decimalColumn({
      name: column.name,
      type: type as 'number' | 'integer',
      // A view, never a copy: the keys are rows of one larger block of memory (`beginCsv`).
      decimal: { keys: column.keys.subarray(0, rowCount), scale: column.scale },
      missing: nullCount === 0 ? null : missing,
      nullCount,
    })
  }
  return {
    name: column.name,
    type: type as 'number' | 'integer' | 'boolean',
    values: inPlace
      ? (column.values as Float64Array).subarray(0, rowCount)
      : fit(column.values as Float64Array, rowCount),
    missing: nullCount === 0 ? null : missing,
    nullCount,
  }
}

/** Makes room for `capacity` rows, keeping the rows read so far (text codes start at -1). */
export function growCsvColumn(column: CsvColumn, capacity: number): void {
  if (column.keys != null) {
    column.keys = column.keyRoom = grown(new Int32Array(capacity), column.keys)
    // Its values hold no rows while keys are kept.
    column.values = new Float64Array(capacity)
  } else if (column.values != null) {
    if (column.keyRoom != null) column.keyRoom = new Int32Array(capacity)
    column.values = grown(new Float64Array(capacity), column.values)
  }
  if (column.missing != null) column.missing = grown(new Uint8Array(capacity), column.missing)
  if (column.codes != null) column.codes = grown(new Int32Array(capacity).fill(-1), column.codes)
}

function grown<T extends Float64Array | Uint8Array | Int32Array>(bigger: T, array: T): T {
  bigger.set(array)
  return bigger
}
