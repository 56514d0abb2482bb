import type { Column, NumberColumn } from '@mlgate/data'
import { decimalColumn, postedColumn } from '@mlgate/data/decimal-column'
import type { DriftTask, KeptTask } from './_task.ts'

/** A task as it is posted to a worker, with the buffers that move with it. */
export type PostedTask = {
  readonly task: DriftTask | KeptTask
  readonly transfer: ArrayBuffer[]
}

/**
 * Tasks made ready to post. Their typed arrays travel in transfer lists, so no value is copied
 * one by one or serialised.
 *
 * Borrowed (the default): each array is copied once (a memcpy) and the copy is moved, so the
 * caller's columns and profile stay intact and no more bytes move than the values (a column read
 * from CSV may be a view into a larger buffer). Handed over: the arrays themselves are moved and
 * the caller must not read them again; only a buffer that backs more than one array is copied,
 * since moving it would empty the other arrays too. Arrays in shared memory (columns the CSV
 * reader's two threads filled together) are shared either way, never copied: tasks only read
 * their arrays, so a borrowed one stays intact. In a cold `mlgate run` of the reference workload
 * (the holdout, read on two threads, is the reference the drift gate profiles) that spares
 * copying 31 columns, 250 MB.
 */
export function postable(tasks: readonly (DriftTask | KeptTask)[], handOver = false): PostedTask[] {
  const uses = new Map<ArrayBufferLike, number>()
  if (handOver) {
    for (const t of tasks) {
      mapViews(t, (view) => {
        uses.set(view.buffer, (uses.get(view.buffer) ?? 0) + 1)
        return view
      })
    }
  }
  return tasks.map((t) => {
    const task = mapViews(t, (view) =>
      view.buffer instanceof SharedArrayBuffer ||
      (handOver && uses.get(view.buffer) === 1 && view.buffer instanceof ArrayBuffer)
        ? view
        : (view as Float64Array).slice(),
    ) as DriftTask | KeptTask
    return { task, transfer: buffersOf(task) }
  })
}

/**
 * A column to hand over while the caller still reads it: arrays in shared memory (the CSV
 * reader's blocks of numbers and decimal keys) are the same, shared when posted; the others (text
 * codes, missing flags) are copies, which move. A copy costs little next to the shared numbers.
 */
export function lentColumn(column: Column): Column {
  if (column.type === 'string') return { ...column, codes: lent(column.codes) }
  const missing = column.missing && lent(column.missing)
  const { decimal } = column
  if (decimal !== undefined) {
    return decimalColumn({
      ...postedColumn(column),
      decimal: { keys: lent(decimal.keys), scale: decimal.scale },
      missing,
    })
  }
  return { ...column, values: lent(column.values), missing }
}

function lent<T extends Float64Array | Int32Array | Uint8Array>(array: T): T {
  return array.buffer instanceof SharedArrayBuffer ? array : (array.slice() as T)
}

/** The ArrayBuffers of every typed array in a value (a task's output), each listed once. */
export function buffersOf(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  mapViews(value, (view) => {
    if (view.buffer instanceof ArrayBuffer) out.add(view.buffer)
    return view
  })
  return [...out]
}

/** Bytes of the typed arrays in `value`, shared memory included (a task's size). */
export function viewBytes(value: unknown): number {
  let bytes = 0
  mapViews(value, (view) => {
    bytes += view.byteLength
    return view
  })
  return bytes
}

// --- internal ---

/** Tasks are shallow records (task → column/profile → distribution); deeper means a bug. */
const MAX_DEPTH = 6

type View = Exclude<ArrayBufferView, DataView>

/**
 * A copy of `value` with each typed array replaced by `f(array)`: plain objects and arrays that
 * hold objects are rebuilt, anything else (strings, numbers, arrays of strings) kept as it is.
 */
function mapViews(value: unknown, f: (view: View) => View, depth = 0): unknown {
  if (value == null || typeof value !== 'object' || depth > MAX_DEPTH) return value
  if (ArrayBuffer.isView(value)) return value instanceof DataView ? value : f(value as View)
  if (Array.isArray(value)) {
    // Dictionaries and category names are arrays of strings: nothing to visit.
    return value.some((v) => typeof v === 'object' && v != null)
      ? value.map((v) => mapViews(v, f, depth + 1))
      : value
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  // A column held as decimal keys moves as its keys: reading its values would compute them.
  const record = isDecimalColumn(value) ? postedColumn(value) : value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) out[k] = mapViews(v, f, depth + 1)
  return out
}

function isDecimalColumn(value: object): value is NumberColumn {
  return 'decimal' in value && value.decimal !== undefined && 'nullCount' in value
}
