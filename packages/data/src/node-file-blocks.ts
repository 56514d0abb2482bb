import { open } from 'node:fs/promises'
import { DataError } from './errors.ts'
import { assertReadableFile, fileError } from './node.ts'

// Beside node.ts and node-source.ts, the module of this package that reads files: in ranges, so
// that a reader parses one block while a thread of libuv's pool reads the next, on another core.

/** A file open for reading at any offset. */
export type RangeFile = {
  /** The file's size when it was opened. */
  readonly size: number
  /**
   * Reads `length` bytes from file offset `position` into `into` at `offset`; a DataError when
   * the file ends before them (it shrank while it was read).
   */
  read(into: Uint8Array, offset: number, length: number, position: number): Promise<void>
  close(): Promise<void>
}

/** Opens `path` for `RangeFile`; errors are the DataErrors of `readBytes`. Close it when done. */
export async function openRangeFile(path: string): Promise<RangeFile> {
  const handle = await openForReading(path)
  let size: number
  try {
    size = (await handle.stat()).size
  } catch (error) {
    await handle.close()
    throw fileError(path, error)
  }
  return {
    size,
    read: (into, offset, length, position) =>
      readFully(handle, into, offset, length, position, path),
    close: () => handle.close(),
  }
}

async function readFully(
  handle: FileHandle,
  into: Uint8Array,
  offset: number,
  length: number,
  position: number,
  path: string,
): Promise<void> {
  for (let done = 0; done < length;) {
    let n: number
    try {
      n = (await handle.read(into, offset + done, length - done, position + done)).bytesRead
    } catch (error) {
      throw fileError(path, error)
    }
    if (n === 0) {
      throw new DataError('the file shrank while it was read; read it again once it is written', {
        file: path,
      })
    }
    done += n
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
