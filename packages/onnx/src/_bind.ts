import type { Column, NumberColumn, StringColumn, Table } from '@mlgate/data'
import { KEY_POWERS, decimalValues } from '@mlgate/data/decimal-column'
import { numberFromText } from '@mlgate/data/number-text'
import { ModelError } from './errors.ts'
import type { ElementType, TensorInfo } from './types.ts'
import { describeTensor } from './_inspect.ts'
import { type KeyedRows, packKeyedRows, packRows } from './_pack.ts'

/** Element types this package can build from table columns, as ONNX Runtime for Node names them. */
export type FeedType = 'float32' | 'float64' | 'int64' | 'int32' | 'string' | 'bool'
export type FeedData =
  Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | string[]

/** How one model input is filled from the table, decided once per `predict`. */
export type InputBinding =
  | {
      readonly kind: 'matrix'
      readonly input: TensorInfo
      readonly feed: 'float32' | 'float64'
      readonly names: readonly string[]
      readonly columns: readonly NumberColumn[]
      /** The columns' keys when every column is held as decimal keys: packed from them directly. */
      readonly keyed: readonly KeyedRows[] | null
      /** Rows of the decimal columns as doubles, one array per column, reused batch by batch. */
      readonly scratch: Float64Array[]
    }
  | {
      readonly kind: 'column'
      readonly input: TensorInfo
      readonly feed: FeedType
      readonly column: Column
      readonly rank: 1 | 2
    }

/**
 * Matches model inputs to table columns. Two layouts:
 * - one float/double input `[N, F]`: F numeric columns packed row-major, in the order of
 *   `columns`, else of the columns the model declares (`declared`); with neither, only when the
 *   table has exactly F numeric columns (then in table order), because guessing which F of more
 *   columns the model wants is silent failure;
 * - one input per column, matched by name, each `[N, 1]` or `[N]`.
 */
export function bindInputs(
  inputs: readonly TensorInfo[],
  table: Table,
  columns?: readonly string[],
  declared: readonly string[] | null = null,
): InputBinding[] {
  if (inputs.length === 0) throw new ModelError('has no inputs to feed')
  const only = inputs[0] as TensorInfo
  const order = columns ?? declared ?? undefined
  if (inputs.length === 1 && isMatrix(only, table, order)) return [bindMatrix(only, table, order)]
  if (columns != null) {
    const names = inputs.map((i) => `"${i.name}"`).join(', ')
    throw new ModelError(
      `takes ${inputs.length === 1 ? 'its input' : `${inputs.length} inputs`} (${names}) one column each, matched by ` +
        `name, so the \`columns\` option (the feature order of a single [N, F] input) does not apply: leave it out`,
    )
  }
  return inputs.map((input) => bindColumn(input, table))
}

/** Fills `rows` rows from `start` into a buffer of `capacity` rows (padding stays as it was). */
export function fillInput(
  binding: InputBinding,
  table: Table,
  start: number,
  rows: number,
  buffer: FeedData,
): void {
  if (binding.kind === 'matrix') {
    const out = buffer as Float32Array | Float64Array
    if (binding.keyed != null) packKeyedRows(binding.keyed, start, rows, out)
    else packRows(batchColumns(binding, start, rows), 0, rows, out)
    return
  }
  fillColumn(binding, table, start, rows, buffer)
}

export function allocateFeed(binding: InputBinding, rows: number): FeedData {
  const n = binding.kind === 'matrix' ? rows * binding.columns.length : rows
  switch (binding.feed) {
    case 'float32':
      return new Float32Array(n)
    case 'float64':
      return new Float64Array(n)
    case 'int64':
      return new BigInt64Array(n)
    case 'int32':
      return new Int32Array(n)
    case 'bool':
      return new Uint8Array(n)
    case 'string':
      return new Array<string>(n).fill('')
  }
}

export function feedDims(binding: InputBinding, rows: number): number[] {
  if (binding.kind === 'matrix') return [rows, binding.columns.length]
  return binding.rank === 1 ? [rows] : [rows, 1]
}

// --- internal ---

const FEED_OF: Partial<Record<ElementType, FeedType>> = {
  float: 'float32',
  double: 'float64',
  int64: 'int64',
  int32: 'int32',
  string: 'string',
  bool: 'bool',
}

function isMatrix(
  input: TensorInfo,
  table: Table,
  columns: readonly string[] | undefined,
): boolean {
  if (input.shape.length !== 2) return false
  if (columns != null) return true
  if (input.type !== 'float' && input.type !== 'double') return false
  // A [N, 1] input named like a column is the per-column layout with one column.
  return !(input.shape[1] === 1 && table.columns.some((c) => c.name === input.name))
}

function bindMatrix(
  input: TensorInfo,
  table: Table,
  columns: readonly string[] | undefined,
): InputBinding {
  if (input.type !== 'float' && input.type !== 'double') {
    throw new ModelError(
      `input "${input.name}" expects ${describeTensor(input)}; only float or double [N, F] inputs can be ` +
        `filled from several columns. Feed a model whose input is float [N, F], or one input per column`,
    )
  }
  const f = input.shape[1]
  const fixed = typeof f === 'number' ? f : null
  const names = columns ?? defaultColumns(input, table, fixed)
  if (fixed != null && names.length !== fixed) {
    throw new ModelError(
      `input "${input.name}" expects ${describeTensor(input)} (${fixed} features), but \`columns\` names ` +
        `${names.length}: ${names.join(', ')}. Pass exactly ${fixed} feature columns in the order the model was trained on`,
    )
  }
  const matched = names.map((name) => {
    const column = table.columns.find((c) => c.name === name)
    if (column == null) throw missingColumn(input, name, table)
    if (column.type === 'string') {
      throw new ModelError(
        `input "${input.name}" expects ${describeTensor(input)}, but column "${name}" of ${table.source} holds ` +
          `strings${textExample(column)}. Only numeric columns fit a ${input.type} matrix: encode the column or drop it from \`columns\``,
      )
    }
    return column
  })
  return {
    kind: 'matrix',
    input,
    feed: input.type === 'float' ? 'float32' : 'float64',
    names,
    columns: matched,
    keyed: matched.every((c) => c.decimal !== undefined) ? matched.map(keyedRows) : null,
    scratch: [],
  }
}

/**
 * Rows [start, start + rows) of each column of a matrix binding as doubles: a view of a column's
 * values, or for a column held as decimal keys its rows computed into the binding's scratch
 * (so its values are never computed whole).
 */
function batchColumns(
  binding: Extract<InputBinding, { kind: 'matrix' }>,
  start: number,
  rows: number,
): Float64Array[] {
  return binding.columns.map((column, j) => {
    if (column.decimal === undefined) return column.values.subarray(start, start + rows)
    let scratch = binding.scratch[j]
    if (scratch === undefined || scratch.length < rows) {
      scratch = binding.scratch[j] = new Float64Array(rows)
    }
    decimalValues(column.decimal, column.missing, start, rows, scratch)
    return scratch
  })
}

function keyedRows(column: NumberColumn): KeyedRows {
  const { keys, scale } = column.decimal!
  return { keys, power: KEY_POWERS[scale]!, missing: column.missing }
}

function defaultColumns(input: TensorInfo, table: Table, fixed: number | null): string[] {
  const numeric = table.columns.filter((c) => c.type !== 'string').map((c) => c.name)
  if (fixed != null && numeric.length === fixed) return numeric
  const what =
    fixed == null
      ? 'an unknown number of features'
      : `${fixed} features, and the table has ${numeric.length} numeric columns (${numeric.join(', ')})`
  throw new ModelError(
    `input "${input.name}" expects ${describeTensor(input)}: ${what}. Columns are taken in table order only ` +
      `when the table has exactly as many numeric columns as the model has features; otherwise pass ` +
      `\`columns\` with the feature names in the order the model was trained on (leave out the label)`,
  )
}

function bindColumn(input: TensorInfo, table: Table): InputBinding {
  const rank = input.shape.length
  const feed = FEED_OF[input.type]
  if (
    feed == null ||
    !(rank === 1 || (rank === 2 && (input.shape[1] === 1 || input.shape[1] == null)))
  ) {
    throw new ModelError(
      `input "${input.name}" expects ${describeTensor(input)}; inputs matched to a column must be ` +
        `float, double, int64, int32, string or bool tensors of shape [N, 1] or [N]`,
    )
  }
  const column = table.columns.find((c) => c.name === input.name)
  if (column == null) throw missingColumn(input, input.name, table)
  if (feed !== 'string' && column.type === 'string') {
    throw new ModelError(
      `input "${input.name}" expects ${describeTensor(input)}, but column "${column.name}" of ${table.source} ` +
        `holds strings. Convert the column to numbers, or export the model with a string input`,
    )
  }
  if (feed === 'string' && column.type === 'boolean') {
    throw new ModelError(
      `input "${input.name}" expects ${describeTensor(input)}, but column "${column.name}" of ${table.source} ` +
        `is boolean, and the text the model was trained on ("True", "true", "1") cannot be known. ` +
        `Store the column as text in the data`,
    )
  }
  return { kind: 'column', input, feed, column, rank: rank === 1 ? 1 : 2 }
}

function missingColumn(input: TensorInfo, name: string, table: Table): ModelError {
  const available = table.columns.map((c) => `${c.name} (${c.type})`).join(', ')
  return new ModelError(
    `input "${input.name}" expects ${describeTensor(input)} from a column named "${name}", but ${table.source} ` +
      `has no such column. Available columns: ${available || 'none'}`,
  )
}

/** Largest integer a float64 holds exactly (2^53, IEEE 754 binary64). */
const MAX_EXACT = 2 ** 53

function fillColumn(
  binding: Extract<InputBinding, { kind: 'column' }>,
  table: Table,
  start: number,
  rows: number,
  buffer: FeedData,
): void {
  const column = binding.column
  if (binding.feed === 'string') {
    const out = buffer as string[]
    if (column.type === 'string') {
      // Missing strings (code -1) become '': converters' one-hot encoders map unknown text to zeros.
      for (let r = 0; r < rows; r++)
        out[r] = column.dictionary[column.codes[start + r] as number] ?? ''
    } else {
      const values = column.values
      for (let r = 0; r < rows; r++) {
        const v = values[start + r] as number
        out[r] = Number.isNaN(v) ? '' : String(v)
      }
    }
    return
  }
  if (column.type === 'string') return
  const values = column.values
  switch (binding.feed) {
    case 'float32':
    case 'float64': {
      ;(buffer as Float32Array | Float64Array).set(values.subarray(start, start + rows))
      return
    }
    case 'int64': {
      const out = buffer as BigInt64Array
      for (let r = 0; r < rows; r++) {
        const v = values[start + r] as number
        if (!Number.isInteger(v) || Math.abs(v) > MAX_EXACT)
          throw notWhole(binding, table, start + r, v, 'int64')
        out[r] = BigInt(v)
      }
      return
    }
    case 'int32': {
      const out = buffer as Int32Array
      for (let r = 0; r < rows; r++) {
        const v = values[start + r] as number
        if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
          throw notWhole(binding, table, start + r, v, 'int32')
        out[r] = v
      }
      return
    }
    case 'bool': {
      const out = buffer as Uint8Array
      for (let r = 0; r < rows; r++) {
        const v = values[start + r] as number
        if (v !== 0 && v !== 1) throw notWhole(binding, table, start + r, v, 'bool (0 or 1)')
        out[r] = v
      }
      return
    }
  }
}

function notWhole(
  binding: Extract<InputBinding, { kind: 'column' }>,
  table: Table,
  row: number,
  value: number,
  what: string,
): ModelError {
  const found = Number.isNaN(value) ? 'a missing value' : String(value)
  return new ModelError(
    `input "${binding.input.name}" expects ${describeTensor(binding.input)}, but column "${binding.column.name}" ` +
      `row ${row + 1} of ${table.source} has ${found}, which is not a valid ${what}. ` +
      `Fill or round the column before scoring`,
  )
}

/**
 * The first cell of a text column that is not a number as the readers read numbers, and its data
 * row (1 for the row after a header): a number column with one stray word in it is read as text,
 * and the word is what to fix. Each distinct text is read once. Empty when every cell reads as a
 * number.
 */
function textExample(column: StringColumn): string {
  const { codes, dictionary } = column
  const word = dictionary.map((text) => numberFromText(text) === undefined)
  for (let row = 0; row < codes.length; row++) {
    const code = codes[row]!
    if (code >= 0 && word[code] === true) {
      return ` (for example ${JSON.stringify(dictionary[code])} in data row ${row + 1})`
    }
  }
  return ''
}
