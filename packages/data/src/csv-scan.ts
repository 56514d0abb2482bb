import { statSync } from 'node:fs'
import { joinChunks } from './_chunk-join.ts'
import type { ByteSource } from './byte-source.ts'
import { csvChunks } from './csv-chunks.ts'
import { DataError } from './errors.ts'
import { tailChunk, type CsvScanTail } from './csv-scan-tail.ts'
import { openFileSource } from './node-source.ts'
import type { Table } from './table.ts'

/** How far a scan has read: bytes of the file so far, of `size`. */
export type ScanProgress = { readonly bytesRead: number; readonly size: number }

/**
 * Reads a CSV file chunk by chunk without holding it, for work that needs each row once (a
 * model's scores) and only some columns whole. `each` gets every chunk as a table and must be
 * done with it when it resolves: the next chunk is written into the same number arrays. The
 * `keep` columns come back whole, with every row, exactly as `readTable` gives them. Undefined,
 * having stopped early, when that cannot be done exactly: a `keep` column the file lacks, or a
 * chunk that types a column otherwise than the whole file does (all its cells missing where the
 * file has text, numbers where later rows hold text); read the file whole then. A file that
 * cannot be read or parsed throws the errors of `csvChunks`.
 */
export async function scanCsv(
  path: string,
  keep: readonly string[],
  each: (chunk: Table, progress: ScanProgress) => Promise<void>,
  options: {
    readonly blockBytes?: number
    /**
     * The columns each chunk holds, chosen once the header is known (names of the header only);
     * default every column. Columns left out are not decoded, nor checked.
     */
    readonly select?: (header: readonly string[]) => readonly string[]
    /**
     * The file's last part, read by another thread (`planCsvTail`): the scan reads up to its
     * split, then takes its rows as the last chunk. Undefined comes back, for a whole read, when
     * that would not give exactly the rows of a scan alone: the thread failed or met bad input,
     * the bytes before the split do not end with a whole record (a quoted line break there: any
     * DataError of those bytes gives undefined rather than throws), or the file changed size.
     */
    readonly tail?: CsvScanTail | undefined
  } = {},
): Promise<Table | undefined> {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0
  const { select, blockBytes, tail } = options
  if (tail !== undefined && tail.size !== size) return undefined
  const file = await openFileSource(path)
  const counted = countingSource(file, tail?.split ?? Infinity)
  const join = joinChunks(path, keep)
  try {
    const chunks = csvChunks(counted.source, path, {
      reuse: true,
      ...(blockBytes === undefined ? {} : { blockBytes }),
      ...(select ? { select: (header) => ({ columns: [...select(header)] }) } : {}),
    })
    let names: readonly string[] = []
    try {
      for await (const { header, table } of chunks) {
        if (!keep.every((name) => header.includes(name))) return undefined
        if (!join.add(table)) return undefined
        names = table.columns.map((column) => column.name)
        await each(table, { bytesRead: counted.bytes(), size })
      }
    } catch (error) {
      // Cut at the split, the bytes before it may end inside a quoted field: a whole read tells
      // whether the file is at fault.
      if (tail !== undefined && error instanceof DataError) return undefined
      throw error
    }
    if (tail === undefined) return join.finish()
    if (counted.bytes() !== tail.split) return undefined
    const reply = await tail.part
    if (!('part' in reply) || reply.part.pos !== size) return undefined
    const last = tailChunk(reply.part, path, names)
    if (last === undefined || !join.add(last)) return undefined
    await each(last, { bytesRead: size, size })
    return join.finish()
  } finally {
    await file.close()
  }
}

// --- internal ---

/** `source` ending after `limit` bytes, and how many of them were read. */
function countingSource(
  source: ByteSource,
  limit: number,
): { source: ByteSource; bytes(): number } {
  let bytes = 0
  return {
    source: {
      async read(target, offset, length) {
        if (bytes >= limit) return 0
        const n = await source.read(target, offset, Math.min(length, limit - bytes))
        bytes += n
        return n
      },
      close: () => source.close(),
    },
    bytes: () => bytes,
  }
}
