import { open } from 'node:fs/promises'
import { DataError } from './errors.ts'
import { assertReadableFile, fileError } from './node.ts'

// Beside node.ts and node-source.ts, the module of this package that reads files: a whole file
// into one buffer, block by block, so that a reader can parse the first blocks while the next
// ones are copied in by a thread of libuv's pool, on another core. The buffer's pages are first
// touched by that copy too, which on a fresh 200 MB buffer costs as much as the copy itself.

/** A file being read into one buffer, front to back. */
export type FileBlocks = {
  /** The file's size, then one spare byte (for a LF a reader may add at the end). */
  readonly bytes: Uint8Array
  /** Bytes of the file: its size when it was opened, or less if it shrank while read. */
  readonly size: number
  /** How many bytes from the start are in. */
  readonly filled: number
  /** Reads the next block and resolves to `filled`; nothing to read once `filled === size`. */
  next(): Promise<number>
  close(): Promise<void>
}

/** The first block is small, so that parsing starts at once; later ones double up to this. */
const FIRST_BLOCK = 1 << 20
const LARGEST_BLOCK = 16 << 20

/** Opens `path` for `FileBlocks`; errors are the DataErrors of `readBytes`. Close it when done. */
export async function openFileBlocks(path: string): Promise<FileBlocks> {
  const handle = await openForReading(path)
  let size: number
  try {
    size = (await handle.stat()).size
  } catch (error) {
    await handle.close()
    throw fileError(path, error)
  }
  const bytes = new Uint8Array(size + 1)
  let block = FIRST_BLOCK
  const blocks = {
    bytes,
    size,
    filled: 0,
    async next(): Promise<number> {
      const end = Math.min(blocks.size, blocks.filled + block)
      block = Math.min(block * 2, LARGEST_BLOCK)
      while (blocks.filled < end) {
        let n: number
        try {
          n = (await handle.read(bytes, blocks.filled, end - blocks.filled, blocks.filled))
            .bytesRead
        } catch (error) {
          throw fileError(path, error)
        }
        if (n === 0) {
          // The file shrank since it was opened: it ends here.
          blocks.size = blocks.filled
          break
        }
        blocks.filled += n
      }
      return blocks.filled
    },
    close: () => handle.close(),
  }
  return blocks
}

/**
 * Has libuv's pool touch the memory pages of typed arrays, by reading /dev/zero into them, so
 * that the kernel maps them (and zeroes them, as they already are) on another core, before the
 * main thread writes there. A fresh page costs a fault of some microseconds on first write:
 * about a fifth of the time it takes to fill 250 MB of columns. Null where there is no
 * /dev/zero; a read that fails just leaves its pages to fault later.
 */
export type PageToucher = {
  /** Resolves once the pages of `views` are touched; write to them only after that. */
  touch(views: readonly ArrayBufferView[]): Promise<void>
  close(): Promise<void>
}

export async function openPageToucher(): Promise<PageToucher | null> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open('/dev/zero', 'r')
  } catch {
    return null
  }
  return {
    async touch(views) {
      await Promise.all(
        views.map((view) =>
          handle
            .read(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), 0, view.byteLength)
            .catch(() => null),
        ),
      )
    },
    close: () => handle.close(),
  }
}

/**
 * A file read into memory that worker threads share (a SharedArrayBuffer), in ranges and in any
 * order, so that two threads can each start on their part as soon as it is in.
 */
export type SharedFile = {
  /** The file's size, then one spare byte (for a LF a reader may add at the end). */
  readonly bytes: Uint8Array
  readonly size: number
  /** Reads bytes [from, to) of the file into `bytes`. */
  read(from: number, to: number): Promise<void>
  close(): Promise<void>
}

/**
 * Opens `path` for `SharedFile`; errors are the DataErrors of `readBytes`. Close it when done.
 * A worker thread passes the `bytes` it was sent, to read its part into the same memory.
 */
export async function openSharedFile(path: string, shared?: Uint8Array): Promise<SharedFile> {
  const handle = await openForReading(path)
  try {
    const size = (await handle.stat()).size
    if (shared !== undefined && shared.length !== size + 1) {
      throw new DataError(
        'the file changed size while it was read; read it again once it is written',
        {
          file: path,
        },
      )
    }
    const bytes = shared ?? new Uint8Array(new SharedArrayBuffer(size + 1))
    return {
      bytes,
      size,
      async read(from: number, to: number): Promise<void> {
        // Reads of at most LARGEST_BLOCK, several at a time, keep libuv's pool busy.
        const reads: Promise<void>[] = []
        for (let at = from; at < to; at += LARGEST_BLOCK) {
          reads.push(readFully(handle, bytes, at, Math.min(to, at + LARGEST_BLOCK), path))
        }
        await Promise.all(reads)
      },
      close: () => handle.close(),
    }
  } catch (error) {
    await handle.close()
    throw error instanceof DataError ? error : fileError(path, error)
  }
}

async function readFully(
  handle: FileHandle,
  bytes: Uint8Array,
  from: number,
  to: number,
  path: string,
): Promise<void> {
  for (let at = from; at < to;) {
    let n: number
    try {
      n = (await handle.read(bytes, at, to - at, at)).bytesRead
    } catch (error) {
      throw fileError(path, error)
    }
    if (n === 0) {
      throw new DataError('the file shrank while it was read; read it again once it is written', {
        file: path,
      })
    }
    at += n
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>

/** Opens a file to read, with the DataErrors of `readBytes` for one that cannot be read. */
async function openForReading(path: string): Promise<FileHandle> {
  await assertReadableFile(path)
  try {
    return await open(path, 'r')
  } catch (error) {
    throw fileError(path, error)
  }
}
