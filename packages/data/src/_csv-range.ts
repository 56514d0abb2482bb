import { appendDict, createByteDict } from './_byte-dict.ts'
import { createCsvColumn, NUMBER, SKIP, TEXT, UNKNOWN, type CsvColumn } from './_csv-columns.ts'
import { enterKeys, keysFit, leaveKeys, rescale, writeDoubles } from './_csv-keys.ts'
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
   * into the memory of the columns before (`shared`, by field; null for the others), as decimal
   * keys where those columns may keep keys (`sharedKeys`), else as doubles.
   */
  readonly at: number
  readonly shared: readonly (SharedRows | null)[]
  /** By field, whether the columns before may keep decimal keys: then the range may too. */
  readonly keyed: readonly boolean[]
  readonly sharedKeys: readonly (SharedRows | null)[]
}

/** A column's rows in shared memory: row 0 at `byteOffset` of `buffer`. */
export type SharedRows = { readonly buffer: SharedArrayBuffer; readonly byteOffset: number }

/** Where a column's array lies in shared memory, or null when it is not there. */
export function sharedRows(array: Float64Array | Int32Array | null): SharedRows | null {
  if (array == null || !(array.buffer instanceof SharedArrayBuffer)) return null
  return { buffer: array.buffer, byteOffset: array.byteOffset }
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
  /** By field, whether its decimal keys are where `at` put them. */
  readonly keysInPlace: readonly boolean[]
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
    const keys = job.sharedKeys[i]
    // Only the rows from `at` on are this range's. No array of its own is made meanwhile: its
    // memory would be zeroed (and so touched) for nothing.
    const inPlace = (rows: SharedRows | null | undefined, bytes: number) =>
      job.at >= 0 && rows != null ? rows.byteOffset + bytes * job.at : -1
    const valuesAt = inPlace(shared, 8)
    const keysAt = inPlace(keys, 4)
    const values =
      valuesAt >= 0 ? new Float64Array(shared!.buffer, valuesAt, job.capacity) : ('own' as const)
    const keyRoom =
      job.keyed[i] !== true
        ? null
        : keysAt >= 0
          ? new Int32Array(keys!.buffer, keysAt, job.capacity)
          : new Int32Array(job.capacity)
    return createCsvColumn(f.name, f.forced, f.skip, job.capacity, values, keyRoom)
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
    // Still in place unless the column grew (new arrays), turned to text (no values) or left
    // its keys.
    inPlace: rows.fields.map((f, i) => placed(f.values, job.shared[i], 8, job.at)),
    keysInPlace: rows.fields.map((f, i) => placed(f.keys, job.sharedKeys[i], 4, job.at)),
  }
}

/** Whether `array` is the rows from `at` on of `rows`. */
function placed(
  array: Float64Array | Int32Array | null,
  rows: SharedRows | null | undefined,
  bytes: number,
  at: number,
): boolean {
  return (
    at >= 0 &&
    rows != null &&
    array != null &&
    array.buffer === rows.buffer &&
    array.byteOffset === rows.byteOffset + bytes * at
  )
}

/** The buffers of a part, to transfer rather than copy them to another thread. */
export function partBuffers(part: CsvRangePart): ArrayBuffer[] {
  const buffers = new Set<ArrayBufferLike>([part.rowStarts.buffer])
  for (const f of part.fields) {
    for (const array of [
      f.values,
      f.keys,
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
    appendColumn(fields[f] as CsvColumn, part.fields[f] as CsvColumn, at, part.rowCount, rows, {
      values: part.inPlace[f] === true ? part.at : -1,
      keys: part.keysInPlace[f] === true ? part.at : -1,
    })
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

/**
 * `written`: the rows where the part wrote its values, and its keys, in the column's own memory,
 * or -1 for each.
 */
function appendColumn(
  column: CsvColumn,
  part: CsvColumn,
  at: number,
  count: number,
  rows: CsvRows,
  written: { readonly values: number; readonly keys: number },
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
  // Missing flags first: a column that leaves its keys writes its missing cells as NaN.
  if (part.missing != null) {
    const missing = column.missing ?? (column.missing = new Uint8Array(rows.capacity))
    missing.set(part.missing.subarray(0, count), at)
  }
  column.whole = column.whole && part.whole
  if (appendKeys(column, part, at, count, written.keys)) return
  // A column kept as keys so far becomes one of doubles.
  leaveKeys(column, at)
  const values = column.values as Float64Array
  if (part.keys != null) {
    // The part's rows are keys: written out as doubles.
    writeDoubles(part.keys.subarray(0, count), part.scale, column.missing, values, at)
    return
  }
  if (written.values >= 0 && values.buffer instanceof SharedArrayBuffer) {
    // Written in place by the other thread: already there, or a few rows off (copyWithin
    // handles the overlap).
    if (written.values !== at) values.copyWithin(at, written.values, written.values + count)
  } else {
    values.set((part.values as Float64Array).subarray(0, count), at)
  }
}

/**
 * Appends the part's decimal keys to a column kept as keys, both at the finer of their scales;
 * false, changing nothing, when either holds no keys or a key would not fit at that scale.
 * `written`: the row where the part wrote its keys in the column's own memory, or -1.
 */
function appendKeys(
  column: CsvColumn,
  part: CsvColumn,
  at: number,
  count: number,
  written: number,
): boolean {
  if (column.kind !== NUMBER) return false
  // A side whose rows are doubles only (none read as keys yet: a column missing in every row
  // until its last few) takes them as keys.
  if (part.kind === NUMBER && part.keys == null && part.keyRoom != null) {
    enterKeys(part, (part.values as Float64Array).subarray(0, count))
  }
  // A part missing in every row (UNKNOWN) gets key 0 and the missing flags, as the reader writes.
  const allMissing = part.kind === UNKNOWN
  if (!allMissing && part.keys == null) return false
  if (column.keys == null && column.keyRoom != null) {
    enterKeys(column, (column.values as Float64Array).subarray(0, at))
  }
  const held = column.keys
  if (held == null) return false
  if (allMissing) {
    held.fill(0, at, at + count)
    return true
  }
  const partKeys = part.keys as Int32Array
  const scale = Math.max(column.scale, part.scale)
  const own = partKeys.subarray(0, count)
  if (!keysFit(own, part.scale, scale) || !rescale(held, at, column.scale, scale)) return false
  rescale(own, count, part.scale, scale)
  column.scale = scale
  // Written in place by the other thread: already there, or a few rows off. The part's view of
  // the same shared memory comes with another SharedArrayBuffer object, so the views' offsets and
  // their buffers' sizes tell it.
  if (
    written >= 0 &&
    held.buffer instanceof SharedArrayBuffer &&
    partKeys.buffer.byteLength === held.buffer.byteLength &&
    partKeys.byteOffset === held.byteOffset + 4 * written
  ) {
    if (written !== at) held.copyWithin(at, written, written + count)
  } else {
    held.set(own, at)
  }
  return true
}
