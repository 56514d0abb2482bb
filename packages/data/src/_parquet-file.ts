import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import {
  MAGIC,
  parseLayout,
  type ChunkPlace,
  type ParquetLayout,
  type ParquetLeaf,
  type RowGroup,
} from './_parquet-layout.ts'
import { createDecodedColumn, decodeChunk, type DecodedColumn } from './_parquet-pages.ts'
import { Damaged, grown, Scratch } from './_parquet-scratch.ts'
import type { Column } from './table.ts'

/**
 * Reading a Parquet file with mlgate's decoder on one thread: the footer's layout, and whole
 * columns decoded chunk by chunk through one reused buffer. `parquet-decode.ts` decides what is
 * read and on which thread.
 */

/** Decodes the file's columns `indices` (into its schema) on this thread, whole. */
export function decodeColumns(
  path: string,
  layout: ParquetLayout,
  indices: readonly number[],
): Column[] {
  const fd = openSync(path, 'r')
  try {
    const columns = indices.map((index) =>
      createDecodedColumn(layout.leaves[index] as ParquetLeaf, layout.rowCount),
    )
    const chunks = new ChunkDecoder(fd)
    let row = 0
    for (const group of layout.groups) {
      chunks.decodeGroup(group, indices, columns, row)
      row += group.rows
    }
    return columns.map(finishColumn)
  } finally {
    closeSync(fd)
  }
}

/** An open file's column chunks, each read into one reused buffer and decoded with one scratch. */
export class ChunkDecoder {
  private readonly fd: number
  private buffer = new Uint8Array(1 << 20)
  private readonly scratch = new Scratch()

  constructor(fd: number) {
    this.fd = fd
  }

  /** The chunks of `group` of the columns `indices` into `columns` (in that order) from `row`. */
  decodeGroup(
    group: RowGroup,
    indices: readonly number[],
    columns: readonly DecodedColumn[],
    row: number,
  ): void {
    indices.forEach((index, c) => {
      const place = group.chunks[index] as ChunkPlace
      if (place.values !== group.rows) throw new Error('a chunk holds other than its group rows')
      if (this.buffer.length < place.length) this.buffer = new Uint8Array(grown(place.length))
      const bytes = readAt(this.fd, place.start, place.length, this.buffer)
      const column = columns[c] as DecodedColumn
      try {
        decodeChunk(bytes, place, column, row, this.scratch)
      } catch (error) {
        if (!(error instanceof Damaged)) throw error
        throw new Damaged(`column "${column.leaf.name}", rows from ${row + 1}: ${error.message}`)
      }
    })
  }
}

/** The footer: its length and the magic are the file's last 8 bytes, the magic also its first 4. */
export function readLayout(fd: number): ParquetLayout | string {
  const size = fstatSync(fd).size
  if (size < 12) return 'the file is too short for Parquet'
  const head = new TextDecoder().decode(readAt(fd, 0, 4))
  const tail = readAt(fd, size - 8, 8)
  if (head !== MAGIC || new TextDecoder().decode(tail.subarray(4)) !== MAGIC) {
    return 'no Parquet magic'
  }
  const length = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true)
  if (length > size - 12) return 'the footer length is past the file'
  return parseLayout(readAt(fd, size - 8 - length, length))
}

function readAt(fd: number, position: number, length: number, into?: Uint8Array): Uint8Array {
  const bytes = into ?? new Uint8Array(length)
  let done = 0
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done)
    if (read === 0) throw new Error('the file ends before a column chunk does')
    done += read
  }
  return bytes.subarray(0, length)
}

/** A decoded column as the table's column. */
export function finishColumn(column: DecodedColumn): Column {
  const name = column.leaf.name
  if (column.leaf.kind === 'text') {
    return {
      name,
      type: 'string',
      codes: column.codes as Int32Array,
      dictionary: (column.dict as NonNullable<DecodedColumn['dict']>).strings,
      nullCount: column.nullCount,
    }
  }
  return {
    name,
    type: column.leaf.type as 'number' | 'integer' | 'boolean',
    values: column.values as Float64Array,
    missing: column.missing,
    nullCount: column.nullCount,
  }
}
