import { statSync } from 'node:fs'
import { joinChunks } from './_chunk-join.ts'
import type { ByteSource } from './byte-source.ts'
import { csvChunks } from './csv-chunks.ts'
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
  } = {},
): Promise<Table | undefined> {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0
  const file = await openFileSource(path)
  const counted = countingSource(file)
  const join = joinChunks(path, keep)
  try {
    const { select, blockBytes } = options
    const chunks = csvChunks(counted.source, path, {
      reuse: true,
      ...(blockBytes === undefined ? {} : { blockBytes }),
      ...(select ? { select: (header) => ({ columns: [...select(header)] }) } : {}),
    })
    for await (const { header, table } of chunks) {
      if (!keep.every((name) => header.includes(name))) return undefined
      if (!join.add(table)) return undefined
      await each(table, { bytesRead: counted.bytes(), size })
    }
    return join.finish()
  } finally {
    await file.close()
  }
}

// --- internal ---

function countingSource(source: ByteSource): { source: ByteSource; bytes(): number } {
  let bytes = 0
  return {
    source: {
      async read(target, offset, length) {
        const n = await source.read(target, offset, length)
        bytes += n
        return n
      },
      close: () => source.close(),
    },
    bytes: () => bytes,
  }
}
