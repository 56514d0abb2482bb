import { createByteDict, internBytes } from './_byte-dict.ts'
import { NUMBER, SKIP, TEXT, type CsvColumn } from './_csv-columns.ts'
import { LF } from './_csv-field.ts'
import { enterKeys, KEYS_OFF, storeKernelKeys } from './_csv-keys.ts'
import type { CsvRows } from './_csv-rows.ts'
import { CSV_ROWS_WASM } from './_csv-rows-wasm.ts'

/**
 * The row loop's common case in WebAssembly (../wasm/csv-rows.c): records of unquoted cells
 * whose number cells are plain decimals, read about twice as fast as the JavaScript loop reads
 * them (which stays for everything else, and for engines without WebAssembly). The kernel
 * fills staging areas in its own memory, a block of rows at a time; this file copies the
 * numbers (or their decimal keys, `_csv-keys.ts`) into the columns and looks the text cells up
 * in their dictionaries.
 *
 * Each thread has its own instance (module state is per thread).
 */

/** Field kinds as csv-rows.c spells them. */
const K_SKIP = 0
const K_NUMBER = 1
const K_INTEGER = 2
const K_TEXT = 3
const K_OTHER = 4

/** How a call ended (csv-rows.c). */
const INPUT_ENDS = 0

/** Bytes of input copied into the kernel's memory at a time. */
const CHUNK_BYTES = 1 << 20
/** LF bytes after the input: the kernel reads up to 16 bytes past a cell without checking. */
const PADDING = 64
/** Rows per call at most, and the staging areas' cells at most (so wide files take fewer rows). */
const MAX_BLOCK_ROWS = 4096
const STAGED_CELLS = 1 << 18
/**
 * Fields the kernel reads at most: each has a text table of 8 KB in its memory (16 MB at this
 * count); wider files are read by the JavaScript loop.
 */
export const KERNEL_MAX_FIELDS = 2048

/** The Job struct of csv-rows.c: int32 fields by index, then the base as a float64. */
const J_INPUT = 0
const J_LENGTH = 1
const J_KINDS = 2
const J_SLOTS = 3
const J_FIELDS = 4
const J_DELIMITER = 5
const J_BLOCK = 6
const J_NUMBERS = 7
const J_IDS = 8
const J_TEXTS = 9
const J_DICTS = 10
const J_STARTS = 11
const J_MISSING = 12
const J_NOT_WHOLE = 13
const J_POS = 14
const J_LINE = 15
const J_ROWS = 16
const J_MISSING_COUNT = 17
const J_STATUS = 18
const J_KEYS = 22
const J_KEY_SCALES = 23
const JOB_BYTES = 96
const J_BASE_BYTE = 80

/** The Dict struct of csv-rows.c, per field: byte offsets of its parts. */
const DICT_BYTES = 8200
const DICT_VALUES = 256
/** count, pool_used and slots: zeroed, they empty the Dict. */
const D_SLOTS_END = 1032
const D_HASHES = 1032
const D_LENGTHS = 2056
const D_OFFSETS = 3080
const D_POOL = 4104

/** The part of the WebAssembly API used here (TypeScript's Node types leave it out). */
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number }
type WasmApi = {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: Record<string, unknown> }
}
type KernelExports = {
  memory: WasmMemory
  read_rows: (job: number) => void
  __heap_base: { value: number }
}

type Kernel = {
  readonly memory: WasmMemory
  readonly readRows: (job: number) => void
  readonly heapBase: number
  /** Set up for this many fields (0 before the first file). */
  fields: number
  block: number
  job: number
  input: number
  kinds: number
  numbers: number
  ids: number
  texts: number
  dicts: number
  starts: number
  missing: number
  notWhole: number
  keys: number
  keyScales: number
}

let kernel: Kernel | null | undefined

/** Reads CSV rows with the kernel unless MLGATE_CSV_KERNEL=js (to compare the two loops). */
let enabled = process.env.MLGATE_CSV_KERNEL !== 'js'

/** Rows the kernel has read on this thread: tests check that it read the rows they meant. */
let rowsRead = 0

export function csvKernelRows(): number {
  return rowsRead
}

/** Turns the kernel on or off for this thread (the bench and tests compare the two loops). */
export function useCsvKernel(on: boolean): void {
  enabled = on
}

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel
  kernel = null
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (wasm === undefined) return null
  try {
    const module = new wasm.Module(Buffer.from(CSV_ROWS_WASM, 'base64'))
    const exports = new wasm.Instance(module).exports as KernelExports
    kernel = {
      memory: exports.memory,
      readRows: exports.read_rows,
      heapBase: exports.__heap_base.value,
      fields: 0,
      block: 0,
      job: 0,
      input: 0,
      kinds: 0,
      numbers: 0,
      ids: 0,
      texts: 0,
      dicts: 0,
      starts: 0,
      missing: 0,
      notWhole: 0,
      keys: 0,
      keyScales: 0,
    }
  } catch {
    // An engine without WebAssembly SIMD: the JavaScript loop reads everything.
    kernel = null
  }
  return kernel
}

/** Lays out the kernel's memory for rows of `fields` fields, growing it when needed. */
function layOut(k: Kernel, fields: number): void {
  if (k.fields === fields) return
  const block = Math.max(16, Math.min(MAX_BLOCK_ROWS, Math.floor(STAGED_CELLS / fields)))
  let top = k.heapBase
  const take = (bytes: number): number => {
    const at = (top + 15) & ~15
    top = at + bytes
    return at
  }
  k.job = take(JOB_BYTES)
  k.input = take(CHUNK_BYTES + PADDING)
  k.kinds = take(fields)
  const slots = take(4 * fields)
  k.notWhole = take(fields)
  k.keyScales = take(fields)
  k.starts = take(8 * block)
  k.numbers = take(8 * fields * block)
  k.ids = take(4 * fields * block)
  k.texts = take(12 * fields * block)
  k.dicts = take(DICT_BYTES * fields)
  k.missing = take(8 * fields * block)
  k.keys = take(4 * fields * block)
  const pages = Math.ceil(top / 65536) - k.memory.buffer.byteLength / 65536
  if (pages > 0) k.memory.grow(pages)
  // Field f writes slot f of each staging area.
  const slotArray = new Int32Array(k.memory.buffer, slots, fields)
  for (let f = 0; f < fields; f++) slotArray[f] = f
  const job = new Int32Array(k.memory.buffer, k.job, JOB_BYTES / 4)
  job[J_INPUT] = k.input
  job[J_KINDS] = k.kinds
  job[J_SLOTS] = slots
  job[J_FIELDS] = fields
  job[J_NUMBERS] = k.numbers
  job[J_IDS] = k.ids
  job[J_TEXTS] = k.texts
  job[J_DICTS] = k.dicts
  job[J_STARTS] = k.starts
  job[J_MISSING] = k.missing
  job[J_NOT_WHOLE] = k.notWhole
  job[J_KEYS] = k.keys
  job[J_KEY_SCALES] = k.keyScales
  job[J_BLOCK] = block
  k.fields = fields
  k.block = block
}

/** Rows the JavaScript loop reads after the kernel declines one, before handing back. */
export const DECLINED_ROWS = 64

/**
 * Reads the rows of `rows` from `rows.pos` up to `end` that the kernel takes, at most up to row
 * `stopRow`, and returns a reader that goes on from there: `next(end, stopRow)` reads one more
 * block and returns the rows it read, 0 when the kernel cannot take the record at `rows.pos`
 * (for the JavaScript loop to read). Null when the kernel is off or does not fit: with extra
 * missing texts every cell must be compared with them, which only the JavaScript loop does, and
 * files of more than KERNEL_MAX_FIELDS fields.
 */
export function csvKernelReader(rows: CsvRows): ((end: number, stopRow: number) => number) | null {
  if (!enabled || rows.missingTexts != null || rows.fields.length > KERNEL_MAX_FIELDS) return null
  const k = loadKernel()
  if (k == null) return null
  const fields = rows.fields.length
  layOut(k, fields)
  // The kernel's text values start anew with each reader, as do their codes here (-1: not yet
  // looked up in the column's dictionary).
  const u8 = new Uint8Array(k.memory.buffer)
  for (let f = 0; f < fields; f++) {
    u8.fill(0, k.dicts + f * DICT_BYTES, k.dicts + f * DICT_BYTES + D_SLOTS_END)
  }
  const codesOfIds = new Int32Array(fields * DICT_VALUES).fill(-1)
  // The bytes copied into the kernel: rows.bytes[chunkStart, chunkEnd). Kept for this reader
  // only (one call of readRows, over one buffer): a caller may refill the buffer between calls.
  let chunkStart = 0
  let chunkEnd = 0
  const next = (end: number, stopRow: number, fresh: boolean): number => {
    const memory = k.memory.buffer
    if (fresh) {
      chunkStart = rows.pos
      chunkEnd = Math.min(end, chunkStart + CHUNK_BYTES)
      const u8 = new Uint8Array(memory)
      u8.set(rows.bytes.subarray(chunkStart, chunkEnd), k.input)
      u8.fill(LF, k.input + chunkEnd - chunkStart, k.input + chunkEnd - chunkStart + PADDING)
    }
    const kinds = new Uint8Array(memory, k.kinds, fields)
    const keyScales = new Uint8Array(memory, k.keyScales, fields)
    for (let f = 0; f < fields; f++) {
      const column = rows.fields[f] as CsvColumn
      kinds[f] = kernelKind(column)
      if (column.kind === NUMBER && column.keys == null && column.keyRoom != null) {
        // Its doubles stay where they are when they do not all fit.
        enterKeys(column, (column.values as Float64Array).subarray(0, rows.rowCount))
      }
      keyScales[f] = column.kind === NUMBER && column.keys != null ? column.scale : KEYS_OFF
    }
    new Uint8Array(memory, k.notWhole, fields).fill(0)
    const job = new Int32Array(memory, k.job, JOB_BYTES / 4)
    const block = Math.min(k.block, stopRow - rows.rowCount)
    job[J_LENGTH] = Math.min(end, chunkEnd) - chunkStart
    job[J_DELIMITER] = rows.delimiter
    job[J_BLOCK] = block
    job[J_POS] = rows.pos - chunkStart
    job[J_LINE] = rows.line
    job[J_MISSING_COUNT] = 0
    new Float64Array(memory, k.job + J_BASE_BYTE, 1)[0] = chunkStart
    k.readRows(k.job)
    const read = job[J_ROWS] as number
    const status = job[J_STATUS] as number
    if (read > 0) store(k, rows, read, block, job[J_MISSING_COUNT] as number, codesOfIds)
    rows.pos = chunkStart + (job[J_POS] as number)
    rows.line = job[J_LINE] as number
    rows.rowCount += read
    rowsRead += read
    if (status !== INPUT_ENDS || rows.pos >= end) return read
    // A record cut by the chunk's end: read on from a new chunk that starts with it.
    if (read > 0 || !fresh) return read + next(end, stopRow, true)
    return 0 // a record longer than a chunk
  }
  // The loops only move forward: a new chunk is needed once the rows read pass this one.
  return (end, stopRow) => next(end, stopRow, rows.pos >= chunkEnd)
}

function kernelKind(column: CsvColumn): number {
  switch (column.kind) {
    case SKIP:
      return K_SKIP
    case TEXT:
      return K_TEXT
    case NUMBER:
      return column.forced === 'integer' ? K_INTEGER : K_NUMBER
    default:
      // Columns whose kind is not known yet, and booleans: the JavaScript loop.
      return K_OTHER
  }
}

/**
 * Moves `read` rows from the kernel's staging areas into the columns, from `rows.rowCount`.
 * `codesOfIds` holds, per field, the code in the column's dictionary of each of the kernel's ids.
 */
function store(
  k: Kernel,
  rows: CsvRows,
  read: number,
  block: number,
  missingCount: number,
  codesOfIds: Int32Array,
): void {
  const memory = k.memory.buffer
  const at = rows.rowCount
  const fields = rows.fields
  const numbers = new Float64Array(memory, k.numbers, fields.length * block)
  const keys = new Int32Array(memory, k.keys, fields.length * block)
  const keyScales = new Uint8Array(memory, k.keyScales, fields.length)
  const notWhole = new Uint8Array(memory, k.notWhole, fields.length)
  // Flags first: a column that stops keeping keys writes its missing cells as NaN (`leaveKeys`).
  if (missingCount > 0) {
    const missing = new Int32Array(memory, k.missing, 2 * missingCount)
    for (let i = 0; i < missing.length; i += 2) {
      const column = fields[missing[i] as number] as CsvColumn
      const flags = column.missing ?? (column.missing = new Uint8Array(rows.capacity))
      flags[at + (missing[i + 1] as number)] = 1
    }
  }
  for (let f = 0; f < fields.length; f++) {
    const column = fields[f] as CsvColumn
    if (column.kind === NUMBER) {
      const doubles = numbers.subarray(f * block, f * block + read)
      if (column.keys == null) (column.values as Float64Array).set(doubles, at)
      else
        storeKernelKeys(
          column,
          keys.subarray(f * block, f * block + read),
          doubles,
          keyScales[f]!,
          at,
        )
      if (notWhole[f] === 1) column.whole = false
    } else if (column.kind === TEXT) {
      storeTexts(k, column, f, read, block, at, codesOfIds)
    }
  }
  rows.rowStarts.set(new Float64Array(memory, k.starts, read), at)
}

/**
 * The codes of field `f`'s text cells, in row order, so that new values join the dictionary in
 * the order they are first met, as in the JavaScript loop.
 */
function storeTexts(
  k: Kernel,
  column: CsvColumn,
  f: number,
  read: number,
  block: number,
  at: number,
  codesOfIds: Int32Array,
): void {
  const memory = k.memory.buffer
  const bytes = new Uint8Array(memory)
  const ids = new Int32Array(memory, k.ids + 4 * f * block, read)
  const cells = new Int32Array(memory, k.texts + 12 * f * block, 3 * read)
  const kernelDict = new Int32Array(memory, k.dicts + f * DICT_BYTES, DICT_BYTES / 4)
  const codes = column.codes as Int32Array
  const dict = column.dict ?? (column.dict = createByteDict())
  const known = f * DICT_VALUES
  for (let i = 0; i < read; i++) {
    const id = ids[i] as number
    if (id >= 0) {
      let code = codesOfIds[known + id] as number
      if (code < 0) {
        const start = kernelDict.byteOffset + D_POOL + (kernelDict[D_OFFSETS / 4 + id] as number)
        const end = start + (kernelDict[D_LENGTHS / 4 + id] as number)
        code = internBytes(dict, bytes, start, end, kernelDict[D_HASHES / 4 + id] as number)
        codesOfIds[known + id] = code
      }
      codes[at + i] = code
    } else if (id === -2) {
      const start = k.input + (cells[3 * i] as number)
      const end = start + (cells[3 * i + 1] as number)
      codes[at + i] = internBytes(dict, bytes, start, end, cells[3 * i + 2] as number)
    }
  }
}
