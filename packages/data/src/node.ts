import { readFile, stat } from 'node:fs/promises'
import { DataError } from './errors.ts'

// The one module of this package that touches the file system (DuckDB opens Parquet itself).

/** The file's bytes; a DataError that names the path when it cannot be read. */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (error) {
    throw fileError(path, error)
  }
}

/** Throws the same DataError as `readBytes` when `path` is not a readable file. */
export async function assertReadableFile(path: string): Promise<void> {
  let isFile: boolean
  try {
    isFile = (await stat(path)).isFile()
  } catch (error) {
    throw fileError(path, error)
  }
  if (!isFile) {
    throw new DataError('is not a file (a folder?); give the path of a data file', { file: path })
  }
}

/** The DataError for a file that cannot be opened or read, by the system's error code. */
export function fileError(path: string, error: unknown): DataError {
  const code = (error as { code?: unknown } | null)?.code
  const message =
    code === 'ENOENT'
      ? 'file not found; check the path (it is resolved from the working directory)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot read the file: permission denied; check its permissions'
        : code === 'EISDIR'
          ? 'is a folder, not a file; give the path of a data file'
          : `cannot read the file (${error instanceof Error ? error.message : String(error)}); check the path`
  return new DataError(message, { file: path }, { cause: error })
}
