import { lastRecordEnd } from './_csv-records.ts'
import { readRows, type CsvRows } from './_csv-rows.ts'
import type { SharedFile } from './node-file-blocks.ts'

/**
 * Reads bytes [from, to) of `file` in blocks, all requested at once, and parses the records of
 * each block as it comes in, never past `stop`. Only whole records among the bytes read so far
 * are parsed; the rest waits for the next block, or for the caller once all blocks are in.
 */
export async function parseAsRead(
  rows: CsvRows,
  file: SharedFile,
  from: number,
  to: number,
  stop: number,
  blockBytes: number,
): Promise<void> {
  const blocks: { readonly end: number; readonly done: Promise<void> }[] = []
  for (let at = from; at < to; at += blockBytes) {
    const end = Math.min(to, at + blockBytes)
    blocks.push({ end, done: file.read(at, end) })
  }
  try {
    for (const block of blocks) {
      await block.done
      const last = lastRecordEnd(rows.bytes.subarray(rows.pos, block.end), rows.delimiter)
      if (last >= 0) readRows(rows, Math.min(rows.pos + last + 1, stop))
    }
  } finally {
    // A failed read must not leave others writing into memory the caller may reuse.
    await Promise.allSettled(blocks.map((b) => b.done))
  }
}
