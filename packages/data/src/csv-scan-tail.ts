import { countByte } from './_count-byte.ts'
import { finishCsvColumn, SKIP } from './_csv-columns.ts'
import { LF } from './_csv-field.ts'
import type { CsvRangeJob, CsvRangePart } from './_csv-range.ts'
import { headerRecordEnd } from './_csv-records.ts'
import { DEFAULT_BLOCK_BYTES } from './csv-chunks.ts'
import { splitAfter, type CsvRangeReply } from './csv-parallel.ts'
import { delimiterByte, parseCsv } from './csv.ts'
import { openRangeFile } from './node-file-blocks.ts'
import type { Table } from './table.ts'

/**
 * The last part of a CSV file, from the first record after a point, read by another thread for
 * a scan (`scanCsv`'s `tail`) while the scan reads the file up to `split`.
 */
export type CsvTailPlan = {
  /** File offset of the tail's first record: the scan reads the bytes before it. */
  readonly split: number
  /** The file's size when the plan was made. */
  readonly size: number
  /** What the other thread reads (`readCsvRange`): the scan's columns, with types of its own. */
  readonly job: CsvRangeJob
}

/** A planned tail and its rows as the other thread read them, or why it could not. */
export type CsvScanTail = {
  readonly split: number
  readonly size: number
  readonly part: Promise<CsvRangeReply>
}

/** Which tail of a file `planCsvTail` plans. */
export type CsvTailOptions = {
  /** The part of the file's bytes, from the end. */
  readonly share: number
  /** The most bytes it takes, whatever the share (no limit when omitted). */
  readonly maxBytes?: number | undefined
  /** The columns it decodes (the scan's chunks must hold no other); every column when omitted. */
  readonly columns?: ReadonlySet<string> | undefined
  /** Bytes per read: `DEFAULT_BLOCK_BYTES` when omitted. */
  readonly blockBytes?: number | undefined
}

/**
 * Plans the tail of a CSV file: its last `share` of bytes (`maxBytes` at most), from the first
 * line break at that point. Undefined when the file cannot be planned (unreadable, no header
 * within a block, no line break after the point within a block): the scan then reads it all, and
 * meets any error itself.
 */
export async function planCsvTail(
  path: string,
  options: CsvTailOptions,
): Promise<CsvTailPlan | undefined> {
  const { share, maxBytes = Infinity, columns, blockBytes = DEFAULT_BLOCK_BYTES } = options
  const delimiter = delimiterByte(undefined, path)
  const file = await openRangeFile(path).catch(() => undefined)
  if (file === undefined) return undefined
  try {
    const { size } = file
    const head = new Uint8Array(Math.min(blockBytes, size))
    await file.read(head, 0, head.length, 0)
    const headerEnd = headerRecordEnd(head, delimiter)
    if (headerEnd < 0) return undefined
    const names = headerNames(head.subarray(0, headerEnd + 1), path)
    if (names === undefined) return undefined
    const tailBytes = Math.min(size * share, maxBytes)
    const split = await splitAfter(file, Math.floor(size - tailBytes), blockBytes)
    if (split <= headerEnd + 1) return undefined
    // Rows per byte of the first block, with some room: the tail's rows grow past it if need be.
    const sample = head.length - headerEnd - 1
    const perByte = sample > 0 ? countByte(head, headerEnd + 1, LF) / sample : 0
    const capacity = Math.ceil(1.1 * perByte * (size - split)) + 1024
    const none = names.map(() => null)
    return {
      split,
      size,
      job: {
        file: path,
        size,
        start: split,
        blockBytes,
        delimiter,
        fields: names.map((name) => ({
          name,
          forced: undefined,
          skip: columns !== undefined && !columns.has(name),
        })),
        missing: undefined,
        capacity,
        at: -1,
        shared: none,
        keyed: names.map(() => false),
        sharedKeys: none,
      },
    }
  } catch {
    return undefined
  } finally {
    await file.close()
  }
}

/**
 * The tail's rows as a chunk of the scan: the columns `names` (those the scan's chunks hold), or
 * undefined when the part cannot be one: a column it lacks or did not decode, or one that turned
 * to text part-way through (its earlier rows would have to be read again as text).
 */
export function tailChunk(
  part: CsvRangePart,
  source: string,
  names: readonly string[],
): Table | undefined {
  const byName = new Map(part.fields.map((field) => [field.name, field]))
  const fields = names.map((name) => byName.get(name))
  if (fields.some((field) => field === undefined || field.kind === SKIP || field.flipRow >= 0)) {
    return undefined
  }
  return {
    source,
    rowCount: part.rowCount,
    columns: fields.map((field) => finishCsvColumn(field!, part.rowCount)),
  }
}

// --- internal ---

/** The header's names as a read of the file checks them, or undefined when it refuses them. */
function headerNames(header: Uint8Array, path: string): string[] | undefined {
  try {
    return parseCsv(header, path).columns.map((column) => column.name)
  } catch {
    return undefined
  }
}
