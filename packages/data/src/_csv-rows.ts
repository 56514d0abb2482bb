import {
  createByteDict,
  findBytes,
  FNV_OFFSET,
  FNV_PRIME,
  hashBytes,
  internBytes,
  type ByteDict,
} from './_byte-dict.ts'
import {
  BOOLEAN,
  growCsvColumn,
  NUMBER,
  SKIP,
  TEXT,
  UNKNOWN,
  type CsvColumn,
} from './_csv-columns.ts'
import { enterStagedKeys, keepKeys, stageKeyRows } from './_csv-keys.ts'
import { countFields, CR, fieldEnd, LF, QUOTE, readQuoted, type QuotedField } from './_csv-field.ts'
import { digitBytes, digitsValue, INT_POW10, ZEROS } from './_digit-run.ts'
import { numberFromBytes, POW10, type DecimalScan } from './_number-text.ts'
import { csvKernelReader, DECLINED_ROWS } from './_csv-kernel.ts'
import { DataError } from './errors.ts'

/** Everything the row loop reads and fills, and where it stands. */
export type CsvRows = {
  readonly file: string
  /**
   * The input. Every record the loop reads ends with a LF inside it; bytes past the last such
   * LF may still be arriving (a file read in blocks) and are never used.
   */
  bytes: Uint8Array
  /** `bytes` as a DataView, to read four bytes at once. */
  view: DataView
  readonly delimiter: number
  /** One entry per field of the header, in file order. */
  readonly fields: readonly CsvColumn[]
  /** Texts the missing option declares missing, or null when there are none. */
  readonly missingTexts: ByteDict | null
  /** Rows the column arrays hold; more make them grow. */
  capacity: number
  /**
   * Where each row starts, for reading rows again: an offset in the file (`base` plus the
   * position in `bytes` where it was read).
   */
  rowStarts: Float64Array
  /**
   * The file offset of `bytes[0]`: 0 when `bytes` is the whole input, more when a file is read
   * through a window of it (`_csv-window.ts`).
   */
  base: number
  readonly scan: DecimalScan
  readonly quoted: QuotedField
  /** Where reading resumes: the byte, its line number, and the rows read so far. */
  pos: number
  line: number
  rowCount: number
}

export function createCsvRows(
  file: string,
  bytes: Uint8Array,
  delimiter: number,
  fields: readonly CsvColumn[],
  missingTexts: ByteDict | null,
  capacity: number,
  start: number,
  firstLine: number,
  quoted: QuotedField,
): CsvRows {
  const rows: CsvRows = {
    file,
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    delimiter,
    fields,
    missingTexts,
    capacity,
    rowStarts: new Float64Array(capacity),
    base: 0,
    scan: { end: 0, exact: false },
    quoted,
    pos: start,
    line: firstLine,
    rowCount: 0,
  }
  // Written twice before the row loop runs, V8 treats the cursor's fields as variables from the
  // start; otherwise the loop, compiled while they still look constant, is thrown away at the
  // first write and compiled again.
  rows.pos = start
  rows.line = firstLine
  rows.rowCount = 0
  return rows
}

/** Points the loop at a longer buffer holding the same bytes so far (a last LF added). */
export function replaceBytes(rows: CsvRows, bytes: Uint8Array): void {
  rows.bytes = bytes
  rows.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * Rows per call of the row loop. Short calls, so that V8 optimizes the loop as a function called
 * again and again (and recovers from a deoptimization at the next call) rather than only by
 * entering one long loop mid-way (on-stack replacement), where it knows less of its variables.
 */
const BLOCK_ROWS = 512

/**
 * Reads every record from `rows.pos` up to `end` into the columns; `end` is just past the LF
 * that ends a record. Blank lines are skipped. Numbers are read from the bytes in place; text
 * cells are looked up in their column's dictionary by their bytes. The column arrays grow when
 * more rows come than `rows.capacity`. Stops early, before `rowLimit` rows, when one is given.
 */
export function readRows(rows: CsvRows, end: number, rowLimit = Infinity): void {
  const kernel = csvKernelReader(rows)
  while (rows.pos < end && rows.rowCount < rowLimit) {
    if (rows.rowCount === rows.capacity) growRows(rows, Math.ceil(rows.capacity * 1.5) + 1024)
    const stopRow = Math.min(rows.capacity, rowLimit)
    // The WebAssembly loop takes what it can (in blocks of its own size); this one reads the
    // records it declines, and everything when it is off.
    if (kernel != null && kernel(end, stopRow) > 0) continue
    const rowsHere = kernel == null ? BLOCK_ROWS : DECLINED_ROWS
    const from = rows.rowCount
    // The first rows, before the kernel reads the rest, are staged for columns that may keep keys.
    const owns = kernel != null && from === 0 ? stageKeyRows(rows.fields, rowsHere) : null
    readBlock(rows, end, Math.min(stopRow, rows.rowCount + rowsHere))
    // The JavaScript loop writes doubles, also for columns kept as keys.
    keepKeys(rows.fields, from, rows.rowCount)
    if (owns != null) enterStagedKeys(rows.fields, owns, rows.rowCount)
  }
}

/** Reads records until `end` or until `stopRow` rows are in. */
function readBlock(rows: CsvRows, end: number, stopRow: number): void {
  const { bytes, view, fields, rowStarts } = rows
  const delimiter = rows.delimiter | 0
  // Module constants as locals: V8's optimized code loads and checks a module binding at every
  // use (it may change, as far as V8 knows), a local once per call.
  const lf = LF
  const cr = CR
  const quote = QUOTE
  const numberKind = NUMBER
  const textKind = TEXT
  const skipKind = SKIP
  const pow10 = POW10
  const intPow10 = INT_POW10
  const zeros = ZEROS
  const countDigits = digitBytes
  const digitValue = digitsValue
  const fieldCount = fields.length
  const last = fieldCount - 1
  // With extra missing texts every cell must be compared with them first: no fast paths.
  const fast = rows.missingTexts == null
  // The number path reads words up to 19 bytes past a cell's start (a sign, 8 digits, a point,
  // 8 digits and the byte after them); closer to the end it leaves the cell to the general path.
  const wordEnd = bytes.length - 20
  let pos = rows.pos
  let line = rows.line
  let row = rows.rowCount
  while (pos < end && row < stopRow) {
    let b = bytes[pos] as number
    if (b === lf) {
      pos++
      line++
      continue
    }
    if (b === cr && bytes[pos + 1] === lf) {
      pos += 2
      line++
      continue
    }
    rowStarts[row] = pos
    const rowLine = line
    for (let f = 0; f < fieldCount; f++) {
      const column = fields[f] as CsvColumn
      // Set when the fast path below has read the cell.
      let read = false
      if (fast && column.kind === numberKind && pos < wordEnd) {
        // The hottest path: [-]digits[.digits], up to 8 digits each side, read four bytes at a
        // time (_digit-run.ts) and turned into a double as an exact integer divided by an exact
        // power of ten, which rounds once, as Number() does (_number-text.ts). Anything else (an
        // empty or quoted cell, an exponent, more digits) is read by the general path below.
        // Written out here, not in a function of its own: V8 inlines only so much into one
        // function, and a call per number costs more than the parsing.
        let p = pos
        // 1 when the cell starts with '-', without a branch: signs come in no order that the
        // CPU could predict.
        const minus = (((bytes[p] as number) ^ 45) - 1) >>> 31
        p += minus
        // Both words read at once, so that the second load does not wait for the first count.
        let word = view.getInt32(p, true) ^ zeros
        const next = view.getInt32(p + 4, true) ^ zeros
        let n = countDigits(word)
        let mantissa = n === 0 ? 0 : digitValue(word << (32 - 8 * n))
        let digits = n
        p += n
        if (n === 4) {
          n = countDigits(next)
          if (n > 0)
            mantissa = mantissa * (intPow10[n] as number) + digitValue(next << (32 - 8 * n))
          digits += n
          p += n
        }
        let scale = 0
        if (bytes[p] === 46) {
          word = view.getInt32(++p, true) ^ zeros
          const after = view.getInt32(p + 4, true) ^ zeros
          n = countDigits(word)
          let fraction = n === 0 ? 0 : digitValue(word << (32 - 8 * n))
          scale = n
          p += n
          if (n === 4) {
            word = after
            n = countDigits(word)
            if (n > 0)
              fraction = fraction * (intPow10[n] as number) + digitValue(word << (32 - 8 * n))
            scale += n
            p += n
          }
          // Exact: both parts have at most 8 digits, and the sum is checked below 2^53.
          mantissa = mantissa * (pow10[scale] as number) + fraction
          digits += scale
        }
        const t = bytes[p] as number
        if (
          digits > 0 &&
          mantissa <= Number.MAX_SAFE_INTEGER &&
          (t === delimiter || t === lf || (t === cr && bytes[p + 1] === lf))
        ) {
          // Dividing by 10^0 = 1 and multiplying by -1 are exact, and cost less than branches.
          const value = (mantissa / (pow10[scale] as number)) * (1 - 2 * minus)
          ;(column.values as Float64Array)[row] = value
          if (scale > 0 && column.whole === true && Math.floor(value) !== value) {
            notWhole(rows, column, line, pos, p)
          }
          if (t === delimiter && f !== last) {
            pos = p + 1
            continue
          }
          pos = p
          read = true
        }
      }
      if (!read) {
        b = bytes[pos] as number
        if (b === quote) {
          const quoted = rows.quoted
          const after = readQuoted(bytes, pos, quoted)
          if (after < 0) throw unclosedQuote(rows.file, line, column)
          if (column.kind !== skipKind) {
            storeCell(rows, column, quoted.bytes, 0, quoted.length, row, line)
          }
          line += quoted.newlines
          pos = after
        } else if (fast && column.kind === textKind) {
          let h = FNV_OFFSET
          let p = pos
          let c = b
          while (c !== delimiter && c !== lf && c !== cr) {
            h = Math.imul(h ^ c, FNV_PRIME)
            c = bytes[++p] as number
          }
          if (c === cr && bytes[p + 1] !== lf) {
            // A lone CR is data: take the general path for this cell.
            p = fieldEnd(bytes, pos, delimiter)
            storeCell(rows, column, bytes, pos, p, row, line)
          } else if (p > pos) {
            const dict = column.dict ?? (column.dict = createByteDict())
            ;(column.codes as Int32Array)[row] = internBytes(dict, bytes, pos, p, h)
          }
          pos = p
        } else if (column.kind === skipKind) {
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
      } else if (t === lf || (t === cr && bytes[pos + 1] === lf)) {
        if (f !== last) throw raggedRow(rows, rowStarts[row] as number, rowLine)
        pos += t === lf ? 1 : 2
        line++
      } else {
        throw afterQuote(rows, line, column, t as number)
      }
    }
    row++
  }
  rows.pos = pos
  rows.line = line
  rows.rowCount = row
}

/** Makes room for `capacity` rows in every array the loop fills. */
export function growRows(rows: CsvRows, capacity: number): void {
  for (const column of rows.fields) growCsvColumn(column, capacity)
  const starts = new Float64Array(capacity)
  starts.set(rows.rowStarts)
  rows.rowStarts = starts
  rows.capacity = capacity
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
