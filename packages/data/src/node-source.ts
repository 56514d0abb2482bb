import { open } from 'node:fs/promises'
import type { ByteSource } from './byte-source.ts'
import { assertReadableFile } from './node.ts'

// Beside node.ts, the other module of this package that touches the file system: it opens a
// file for reading piece by piece, so that a file larger than memory can be streamed.

/** An open file as a `ByteSource`; close it when done. Errors are the DataErrors of `readBytes`. */
export async function openFileSource(path: string): Promise<ByteSource> {
  await assertReadableFile(path)
  const handle = await open(path, 'r')
  return {
    async read(target, offset, length) {
      return (await handle.read(target, offset, length, null)).bytesRead
    },
    close: () => handle.close(),
  }
}
