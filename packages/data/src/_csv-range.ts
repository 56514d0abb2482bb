import { appendDict, createByteDict } from './_byte-dict.ts'
import { createCsvColumn, SKIP, TEXT, UNKNOWN, type CsvColumn } from './_csv-columns.ts'
import { leaveKeys } from './_csv-keys.ts'
import { createQuotedField } from './_csv-field.ts'
import { createCsvRows, growRows, type CsvRows } from './_csv-rows.ts'
import { missingTextDict } from './csv.ts'
import type { ColumnType } from './table.ts'

/**
 * The rows of one byte range of a CSV file, read on their own (by a worker thread) and appended
 * afterwards to the rows before them (`appendCsvRange`). The range must start where a record
 * starts; the reader of the rows before it checks that it does.
 */
export type CsvRangeJob = {
  readonly file: string
  /** The file's size as the thread that reads the rows before found it. */
  readonly size: number
  /** File offset of the range's first record; the range runs to the end of the file. */
  readonly start: number
  /** Bytes per read. */
  readonly blockBytes: number
  readonly delimiter: number
  readonly fields: readonly CsvFieldSpec[]
  readonly missing: readonly string[] | undefined
  /** Rows to make room for at first. */
  readonly capacity: number
  /**
   * The row the range's first record is in the whole file, when the reader of the rows before
   * counted them (else -1): the number columns then write their rows in place, from that row on,
   * into the memory of the columns before (`shared`, by field; null for the others).
   */
  readonly at: number
  readonly shared: readonly (SharedArrayBuffer | null)[]
}

/** A header field as the row loop needs it. */
export type CsvFieldSpec = {
  readonly name: string
  readonly forced: ColumnType | undefined
  readonly skip: boolean
}

/** A range's rows: its columns as the row loop left them, and where each row starts. */
export type CsvRangePart = {
  readonly rowCount: number
  /** File offset just past the last record read: the range's end when all went well. */
  readonly pos: number
  /** Line breaks read, quoted ones included. */
  readonly lines: number
  /** The job's `at`, and by field whether its values are still where `at` put them. */
  readonly at: number
  readonly inPlace: readonly boolean[]
  readonly rowStarts: Float64Array
  readonly fields: readonly CsvColumn[]
}

export function fieldSpecs(fields: readonly CsvColumn[]): CsvFieldSpec[] {
  return fields.map((f) => ({ name: f.name, forced: f.forced, skip: f.kind === SKIP }))
}

/**
 * Creates the row loop for `job`'s range, at its start, with no bytes yet: the reader gives it
 * a window of the file from `job.start` on (`_csv-window.ts`).
 */
export function csvRangeRows(job: CsvRangeJob): CsvRows {
  const fields = job.fields.map((f, i) => {
    const shared = job.shared[i]
    // Only the rows from `at` on are this range's. No array of its own is made meanwhile: its
    // memory would be zeroed (and so touched) for nothing.
    const values =
      job.at >= 0 && shared != null ? new Float64Array(shared, 8 * job.at, job.capacity) : 'own'
    return createCsvColumn(f.name, f.forced, f.skip, job.capacity, values)
  })
  const rows = createCsvRows(
    job.file,
    new Uint8Array(0),
    job.delimiter,
    fields,
    missingTextDict(job.missing),
    job.capacity,
    0,
    1,
    createQuotedField(),
  )
  rows.base = job.start
  return rows
}

/** The range's rows once the row loop is done with them. */
export function csvRangePart(rows: CsvRows, job: CsvRangeJob): CsvRangePart {
  return {
    rowCount: rows.rowCount,
    pos: rows.base + rows.pos,
    lines: rows.line - 1,
    rowStarts: rows.rowStarts,
    fields: rows.fields,
    at: job.at,
    // Still in place unless the column grew (new arrays) or turned to text (no values).
    inPlace: rows.fields.map(
      (f, i) =>
        job.at >= 0 &&
        job.shared[i] != null &&
        f.values != null &&
        f.values.buffer instanceof SharedArrayBuffer &&
        f.values.byteOffset === 8 * job.at,
    ),
  }
}

/** The buffers of a part, to transfer rather than copy them to another thread. */
export function partBuffers(part: CsvRangePart): ArrayBuffer[] {
  const buffers = new Set<ArrayBufferLike>([part.rowStarts.buffer])
  for (const f of part.fields) {
    for (const array of [
      f.values,
      f.missing,
      f.codes,
      f.dict?.slots,
      f.dict?.entries,
      f.dict?.pool,
    ])
      if (array != null) buffers.add(array.buffer)
  }
  return [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)
}

/**
 * Appends `part` (the rows that follow in the file) to `rows`, giving the very columns a single
 * pass over both would have given: the same values and missing cells, the same inferred types,
 * text codes in the first-seen order of the whole. Returns false, changing nothing, when the
 * part's columns cannot be joined exactly (a column read as numbers on one side and as booleans
 * or text on the other, or that turned to text part-way through the part): then the caller reads
 * the part's bytes again after the rows before it, as a single pass would.
 */
export function appendCsvRange(rows: CsvRows, part: CsvRangePart): boolean {
  const { fields } = rows
  if (part.fields.length !== fields.length) return false
  for (let f = 0; f < fields.length; f++) {
    if (!joinable(fields[f] as CsvColumn, part.fields[f] as CsvColumn)) return false
  }
  const at = rows.rowCount
  const total = at + part.rowCount
  if (total > rows.capacity) growRows(rows, total)
  rows.rowStarts.set(part.rowStarts.subarray(0, part.rowCount), at)
  for (let f = 0; f < fields.length; f++) {
    const written = part.inPlace[f] === true ? part.at : -1
    appendColumn(
      fields[f] as CsvColumn,
      part.fields[f] as CsvColumn,
      at,
      part.rowCount,
      rows,
      written,
    )
  }
  rows.rowCount = total
  rows.pos = part.pos - rows.base
  rows.line += part.lines
  return true
}

// --- internal ---

/**
 * Whether a single pass would have given the column `before` followed by `after` unchanged. A
 * column all missing so far (UNKNOWN) takes the kind of the first cell with a value; a text
 * column keeps later numbers as text; a column that turns to text part-way re-reads its earlier
 * rows, which only the reader of the whole can do.
 */
function joinable(before: CsvColumn, after: CsvColumn): boolean {
  if (after.flipRow >= 0) return false
  if (before.kind === SKIP || after.kind === SKIP) return before.kind === after.kind
  if (before.kind === TEXT) return after.kind === TEXT || after.kind === UNKNOWN
  if (after.kind === TEXT) return before.kind === UNKNOWN
  return before.kind === after.kind || before.kind === UNKNOWN || after.kind === UNKNOWN
}

/** `written`: the row where the part wrote its values in the column's own memory, or -1. */
function appendColumn(
  column: CsvColumn,
  part: CsvColumn,
  at: number,
  count: number,
  rows: CsvRows,
  written: number,
): void {
  if (column.kind === SKIP) return
  if (part.kind === TEXT) {
    if (column.kind !== TEXT) {
      // All missing so far: the column becomes text as it would at its first text cell.
      column.kind = TEXT
      column.values = null
      column.missing = null
      column.codes = new Int32Array(rows.capacity).fill(-1)
    }
    if (part.dict == null) return
    const renumber = appendDict(column.dict ?? (column.dict = createByteDict()), part.dict)
    const codes = column.codes as Int32Array
    const partCodes = part.codes as Int32Array
    for (let i = 0; i < count; i++) {
      const code = partCodes[i] as number
      codes[at + i] = code < 0 ? -1 : (renumber[code] as number)
    }
    return
  }
  // A text column before a part with no value at all: its codes there are already -1.
  if (column.kind === TEXT) return
  if (column.kind === UNKNOWN) column.kind = part.kind
  // The part's rows are doubles: a column kept as keys so far becomes one of doubles.
  leaveKeys(column, at)
  const values = column.values as Float64Array
  if (written >= 0 && values.buffer instanceof SharedArrayBuffer) {
    // Written in place by the other thread: already there, or a few rows off (copyWithin
    // handles the overlap).
    if (written !== at) values.copyWithin(at, written, written + count)
  } else {
    values.set((part.values as Float64Array).subarray(0, count), at)
  }
  if (part.missing != null) {
    const missing = column.missing ?? (column.missing = new Uint8Array(rows.capacity))
    missing.set(part.missing.subarray(0, count), at)
  }
  column.whole = column.whole && part.whole
}
