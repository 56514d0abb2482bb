import {
  createByteDict,
  findBytes,
  FNV_OFFSET,
  FNV_PRIME,
  hashBytes,
  internBytes,
  type ByteDict,
} from './_byte-dict.ts'
import { BOOLEAN, NUMBER, SKIP, TEXT, UNKNOWN, type CsvColumn } from './_csv-columns.ts'
import { countFields, CR, fieldEnd, LF, QUOTE, readQuoted, type QuotedField } from './_csv-field.ts'
import {
  INT32_DIGITS,
  numberFromBytes,
  POW10,
  scanDecimal,
  type DecimalScan,
} from './_number-text.ts'
import { DataError } from './errors.ts'

/** Everything the row loop reads and fills. `bytes` must end with a LF. */
export type CsvRows = {
  readonly file: string
  readonly bytes: Uint8Array
  readonly delimiter: number
  /** One entry per field of the header, in file order. */
  readonly fields: readonly CsvColumn[]
  /** Texts the missing option declares missing, or null when there are none. */
  readonly missingTexts: ByteDict | null
  readonly capacity: number
  /** Byte offset where each row starts, for reading rows again. */
  readonly rowStarts: Float64Array
  readonly scan: DecimalScan
  readonly quoted: QuotedField
}

/**
 * Reads every record from `start` to the end into the columns and returns the row count.
 * Blank lines are skipped. Numbers are read from the bytes in place; text cells are looked up
 * in their column's dictionary by their bytes.
 */
export function readRows(rows: CsvRows, start: number, firstLine: number): number {
  const { bytes, delimiter, fields, rowStarts, scan } = rows
  const end = bytes.length
  const fieldCount = fields.length
  const last = fieldCount - 1
  // With extra missing texts every cell must be compared with them first: no fast paths.
  const fast = rows.missingTexts == null
  let pos = start
  let line = firstLine
  let row = 0
  while (pos < end) {
    let b = bytes[pos] as number
    if (b === LF) {
      pos++
      line++
      continue
    }
    if (b === CR && bytes[pos + 1] === LF) {
      pos += 2
      line++
      continue
    }
    rowStarts[row] = pos
    const rowLine = line
    for (let f = 0; f < fieldCount; f++) {
      const column = fields[f] as CsvColumn
      if (fast && column.kind === NUMBER) {
        // The hottest path, inlined so everything stays in registers: a decimal of at most
        // nine digits followed by the delimiter, built in int32 arithmetic and divided by an
        // exact power of ten (why that equals Number(): _number-text.ts). Anything else (the
        // last field, an empty or quoted cell, an exponent, more digits) is read again below.
        let p = pos
        const negative = bytes[p] === 45
        if (negative) p++
        const first = p
        let mantissa = 0
        let d = (bytes[p] as number) - 48
        while (d >= 0 && d <= 9) {
          mantissa = (mantissa * 10 + d) | 0
          d = (bytes[++p] as number) - 48
        }
        let digits = p - first
        let fraction = 0
        if (d === -2) {
          const point = ++p
          d = (bytes[p] as number) - 48
          while (d >= 0 && d <= 9) {
            mantissa = (mantissa * 10 + d) | 0
            d = (bytes[++p] as number) - 48
          }
          fraction = p - point
          digits += fraction
        }
        if (d + 48 === delimiter && f !== last && digits > 0 && digits <= INT32_DIGITS) {
          const magnitude = fraction === 0 ? mantissa : mantissa / (POW10[fraction] as number)
          const value = negative ? -magnitude : magnitude
          ;(column.values as Float64Array)[row] = value
          if (fraction > 0 && column.whole && Math.floor(value) !== value) {
            notWhole(rows, column, line, pos, p)
          }
          pos = p + 1
          continue
        }
      }
      b = bytes[pos] as number
      if (b === QUOTE) {
        const quoted = rows.quoted
        const after = readQuoted(bytes, pos, quoted)
        if (after < 0) throw unclosedQuote(rows.file, line, column)
        if (column.kind !== SKIP) storeCell(rows, column, quoted.bytes, 0, quoted.length, row, line)
        line += quoted.newlines
        pos = after
      } else {
        const kind = column.kind
        if (fast && kind === NUMBER) {
          const value = scanDecimal(bytes, pos, scan)
          const stop = scan.end
          const t = bytes[stop]
          if (scan.exact && (t === delimiter || t === LF || (t === CR && bytes[stop + 1] === LF))) {
            ;(column.values as Float64Array)[row] = value
            if (column.whole && Math.floor(value) !== value) notWhole(rows, column, line, pos, stop)
            pos = stop
          } else {
            const cellEnd = fieldEnd(bytes, pos, delimiter)
            storeCell(rows, column, bytes, pos, cellEnd, row, line)
            pos = cellEnd
          }
        } else if (fast && kind === TEXT) {
          let h = FNV_OFFSET
          let p = pos
          let c = b
          while (c !== delimiter && c !== LF && c !== CR) {
            h = Math.imul(h ^ c, FNV_PRIME)
            c = bytes[++p] as number
          }
          if (c === CR && bytes[p + 1] !== LF) {
            // A lone CR is data: take the slow path for this cell.
            p = fieldEnd(bytes, pos, delimiter)
            storeCell(rows, column, bytes, pos, p, row, line)
          } else if (p > pos) {
            const dict = column.dict ?? (column.dict = createByteDict())
            ;(column.codes as Int32Array)[row] = internBytes(dict, bytes, pos, p, h)
          }
          pos = p
        } else if (kind === SKIP) {
          pos = fieldEnd(bytes, pos, delimiter)
        } else {
          const cellEnd = fieldEnd(bytes, pos, delimiter)
          storeCell(rows, column, bytes, pos, cellEnd, row, line)
          pos = cellEnd
        }
      }
      const t = bytes[pos]
      if (t === delimiter) {
        if (f === last) throw raggedRow(rows, rowStarts[row] as number, rowLine)
        pos++
      } else if (t === LF || (t === CR && bytes[pos + 1] === LF)) {
        if (f !== last) throw raggedRow(rows, rowStarts[row] as number, rowLine)
        pos += t === LF ? 1 : 2
        line++
      } else {
        throw afterQuote(rows, line, column, t as number)
      }
    }
    row++
  }
  return row
}

/** Stores one cell of any kind, choosing or changing the column's kind as needed. */
export function storeCell(
  rows: CsvRows,
  column: CsvColumn,
  bytes: Uint8Array,
  start: number,
  end: number,
  row: number,
  line: number,
): void {
  const missingTexts = rows.missingTexts
  if (
    start === end ||
    (missingTexts != null &&
      findBytes(missingTexts, bytes, start, end, hashBytes(bytes, start, end)) >= 0)
  ) {
    setMissing(rows, column, row)
    return
  }
  const kind = column.kind
  if (kind === NUMBER || kind === UNKNOWN) {
    const value = numberFromBytes(bytes, start, end, rows.scan)
    if (value !== undefined) {
      column.kind = NUMBER
      ;(column.values as Float64Array)[row] = value
      if (column.whole && !Number.isInteger(value)) notWhole(rows, column, line, start, end, bytes)
      return
    }
    if (kind === UNKNOWN) {
      const flag = booleanFromBytes(bytes, start, end)
      if (flag >= 0) {
        column.kind = BOOLEAN
        ;(column.values as Float64Array)[row] = flag
        return
      }
    }
    if (column.forced !== undefined) throw notOfType(rows, column, line, bytes, start, end)
  } else if (kind === BOOLEAN) {
    let flag = booleanFromBytes(bytes, start, end)
    // A column declared boolean may also spell its values 1 and 0.
    if (flag < 0 && column.forced === 'boolean' && end - start === 1) {
      const digit = (bytes[start] as number) - 48
      if (digit === 0 || digit === 1) flag = digit
    }
    if (flag >= 0) {
      ;(column.values as Float64Array)[row] = flag
      return
    }
    if (column.forced !== undefined) throw notOfType(rows, column, line, bytes, start, end)
  }
  if (column.kind !== TEXT) becomeText(rows, column, row)
  const dict = column.dict ?? (column.dict = createByteDict())
  ;(column.codes as Int32Array)[row] = internBytes(
    dict,
    bytes,
    start,
    end,
    hashBytes(bytes, start, end),
  )
}

function setMissing(rows: CsvRows, column: CsvColumn, row: number): void {
  if (column.kind === TEXT) return // codes start at -1
  ;(column.values as Float64Array)[row] = NaN
  const missing = column.missing ?? (column.missing = new Uint8Array(rows.capacity))
  missing[row] = 1
}

/**
 * A column that held numbers or booleans meets text: from this row on it is a text column,
 * and its earlier cells are read again as text after the last row.
 */
function becomeText(rows: CsvRows, column: CsvColumn, row: number): void {
  column.flipRow = column.kind === UNKNOWN ? -1 : row
  column.kind = TEXT
  column.values = null
  column.missing = null
  column.codes = new Int32Array(rows.capacity).fill(-1)
}

/** 1 for true, 0 for false (any case), -1 for anything else. */
export function booleanFromBytes(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start
  // OR-ing 0x20 lower-cases ASCII letters.
  if (n === 4) {
    return ((bytes[start] as number) | 0x20) === 116 &&
      ((bytes[start + 1] as number) | 0x20) === 114 &&
      ((bytes[start + 2] as number) | 0x20) === 117 &&
      ((bytes[start + 3] as number) | 0x20) === 101
      ? 1
      : -1
  }
  if (n === 5) {
    return ((bytes[start] as number) | 0x20) === 102 &&
      ((bytes[start + 1] as number) | 0x20) === 97 &&
      ((bytes[start + 2] as number) | 0x20) === 108 &&
      ((bytes[start + 3] as number) | 0x20) === 115 &&
      ((bytes[start + 4] as number) | 0x20) === 101
      ? 0
      : -1
  }
  return -1
}

const utf8 = new TextDecoder()

function cellText(bytes: Uint8Array, start: number, end: number): string {
  const text = utf8.decode(bytes.subarray(start, Math.min(end, start + 200)))
  return JSON.stringify(end - start > 200 ? `${text}...` : text)
}

function notWhole(
  rows: CsvRows,
  column: CsvColumn,
  line: number,
  start: number,
  end: number,
  bytes: Uint8Array = rows.bytes,
): void {
  if (column.forced === 'integer') {
    throw new DataError(
      `expected a whole number (the types option reads the column as "integer") but found ${cellText(bytes, start, end)}; fix the cell or read the column as "number"`,
      { file: rows.file, line, column: column.name },
    )
  }
  column.whole = false
}

function notOfType(
  rows: CsvRows,
  column: CsvColumn,
  line: number,
  bytes: Uint8Array,
  start: number,
  end: number,
): DataError {
  const what =
    column.forced === 'boolean' ? 'true, false, 1 or 0' : 'a number such as 12, -0.5 or 1e-3'
  return new DataError(
    `expected ${what} (the types option reads the column as "${column.forced}") but found ${cellText(bytes, start, end)}; fix the cell, add its text to the missing option, or read the column as "string"`,
    { file: rows.file, line, column: column.name },
  )
}

function raggedRow(rows: CsvRows, rowStart: number, line: number): DataError {
  const found = countFields(rows.bytes, rowStart, rows.delimiter)
  return new DataError(
    `expected ${rows.fields.length} fields, as in the header, but found ${found}; quote fields that contain the delimiter ${JSON.stringify(String.fromCharCode(rows.delimiter))} and give every row the same number of fields`,
    { file: rows.file, line },
  )
}

function unclosedQuote(file: string, line: number, column: CsvColumn): DataError {
  return new DataError(
    'a quoted field opens here but its closing quote never comes; close the field with " and write a quote inside a field as ""',
    { file, line, column: column.name },
  )
}

function afterQuote(rows: CsvRows, line: number, column: CsvColumn, found: number): DataError {
  return new DataError(
    `expected the delimiter or the end of the line after a closing quote but found ${JSON.stringify(String.fromCharCode(found))}; write a quote inside a quoted field as ""`,
    { file: rows.file, line, column: column.name },
  )
}
