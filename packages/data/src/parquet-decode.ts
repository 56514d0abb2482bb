import { closeSync, openSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { decodeColumns, readLayout } from './_parquet-file.ts'
import type { ParquetLayout, ParquetLeaf } from './_parquet-layout.ts'
import { Damaged } from './_parquet-scratch.ts'
import { forcedType, selectColumns } from './_select-columns.ts'
import { withReadOptions } from './_typed-options.ts'
import { freeCores } from './busy-cores.ts'
import { DataError } from './errors.ts'
import type { ReadOptions } from './read-options.ts'
import type { Column, Table } from './table.ts'
import { workerScript } from './worker-script.ts'

/**
 * mlgate's own Parquet decoder, for the files most pipelines write: flat columns of booleans,
 * integers, floats, doubles and UTF-8 strings, PLAIN or dictionary encoded, in data pages v1 or
 * v2, uncompressed or compressed with snappy, gzip, brotli or (Node 22.15+) zstd. It reads only
 * the chunks of the columns asked for, page by page, into the table's typed columns, with no
 * database in between; a large file's columns are shared with a second thread when a core is
 * free.
 *
 * Resolves to the reason instead of a table when the file holds anything else (nested columns,
 * dates, decimals, other encodings or codecs, an integer beyond 2^53, a damaged page, a file
 * that is not Parquet): `readParquet` then reads it through DuckDB, which either gives the same
 * table or the error a user should see. Tests compare the two on the same files. Damage that
 * DuckDB cannot be left to read (`Damaged`) is a DataError here.
 */
export async function decodeParquet(
  path: string,
  options?: ReadOptions,
  parallelAbove = PARALLEL_ABOVE_BYTES,
): Promise<Table | string> {
  try {
    const plan = planDecode(path, options)
    if (typeof plan === 'string') return plan
    const { layout, selected } = plan
    const split = splitColumns(layout, selected, parallelAbove)
    const script =
      split == null
        ? undefined
        : await workerScript('parquet-worker.js', workerSource, import.meta.url)
    let decoded: Column[]
    if (split == null || script === undefined) {
      decoded = decodeColumns(path, layout, selected)
    } else {
      const halves = await decodeOnTwoThreads(path, layout, split, script)
      if (typeof halves === 'string') return halves
      decoded = selected.map((index) => halves.get(index) as Column)
    }
    return {
      source: path,
      rowCount: layout.rowCount,
      columns: withReadOptions(decoded, options, path),
    }
  } catch (error) {
    if (error instanceof Damaged) {
      throw new DataError(
        `is not a valid, complete Parquet file (${error.message}); check that it was written completely and is Parquet, or give the format option`,
        { file: path },
        { cause: error },
      )
    }
    return error instanceof Error ? error.message : String(error)
  }
}

/** What the decoder's second thread is given and answers (`parquet-worker.ts`). */
export type ParquetJob = {
  readonly path: string
  readonly layout: ParquetLayout
  readonly columns: readonly number[]
}
export type ParquetReply =
  | { readonly columns: readonly Column[] }
  | { readonly reason: string }
  | { readonly damaged: string }

/**
 * Files whose selected column chunks add up to this many bytes or more are decoded on two
 * threads. Starting the second costs about 0.05 s (loading its code).
 */
export const PARALLEL_ABOVE_BYTES = 32 * 1024 * 1024

/**
 * The layout and the columns to read, or why the decoder leaves the file to DuckDB. `options` may
 * be chosen from the file's column names (a scan that reads only what its consumer checks).
 */
export function planDecode(
  path: string,
  choose: ReadOptions | undefined | ((header: readonly string[]) => ReadOptions | undefined),
): { layout: ParquetLayout; selected: number[] } | string {
  const fd = openSync(path, 'r')
  let layout: ParquetLayout | string
  try {
    layout = readLayout(fd)
  } finally {
    closeSync(fd)
  }
  if (typeof layout === 'string') return layout
  const names = layout.leaves.map((leaf) => leaf.name)
  const options = typeof choose === 'function' ? choose(names) : choose
  const selected = selectColumns(names, options, path)
  for (const index of selected) {
    const leaf = layout.leaves[index] as ParquetLeaf
    if (leaf.kind === 'other') return `column ${leaf.name} has a type the decoder leaves to DuckDB`
    if (forcedType(options, leaf.name) === 'string' && leaf.kind !== 'text') {
      // The text of a number or boolean is DuckDB's to give (its casts spell them).
      return `column ${leaf.name} is read as text`
    }
  }
  return { layout, selected }
}

// --- internal ---

const workerSource = new URL('./parquet-worker.ts', import.meta.url)

/**
 * `split.ours` decoded here while a worker decodes `split.theirs`: the columns by their index,
 * or the reason either thread left the file. A worker that fails on its own (its code did not
 * load, it ran out of memory) is reported with a warning and its columns are decoded here.
 */
async function decodeOnTwoThreads(
  path: string,
  layout: ParquetLayout,
  split: { ours: number[]; theirs: number[] },
  script: URL,
): Promise<Map<number, Column> | string> {
  const worker = new Worker(script)
  const reply = new Promise<ParquetReply | { failed: string }>((resolve) => {
    worker.once('message', resolve)
    worker.once('error', (error) => resolve({ failed: error.message }))
    worker.once('exit', (code) => resolve({ failed: `it stopped with exit code ${code}` }))
  })
  worker.postMessage({ path, layout, columns: split.theirs } satisfies ParquetJob)
  let ours: Column[]
  try {
    ours = decodeColumns(path, layout, split.ours)
  } catch (error) {
    void worker.terminate()
    throw error
  }
  const answer = await reply
  void worker.terminate()
  if ('reason' in answer) return answer.reason
  if ('damaged' in answer) throw new Damaged(answer.damaged)
  let theirs: readonly Column[]
  if ('failed' in answer) {
    process.emitWarning(
      `the Parquet decoder's second thread failed (${answer.failed}), so ${path} was decoded on one thread: the same table, more slowly. Reinstall mlgate, or set MLGATE_THREADS=1 to decode on one thread without this warning.`,
      { code: 'MLGATE_PARQUET_THREAD' },
    )
    theirs = decodeColumns(path, layout, split.theirs)
  } else {
    theirs = answer.columns
  }
  const byIndex = new Map<number, Column>()
  split.ours.forEach((index, i) => byIndex.set(index, ours[i] as Column))
  split.theirs.forEach((index, i) => byIndex.set(index, theirs[i] as Column))
  return byIndex
}

/**
 * The selected columns split in two of about equal compressed bytes (largest first, each to
 * the lighter side), or null when the file is small or no second core is free.
 */
function splitColumns(
  layout: ParquetLayout,
  selected: readonly number[],
  parallelAbove: number,
): { ours: number[]; theirs: number[] } | null {
  const bytes = new Map<number, number>()
  let total = 0
  for (const index of selected) {
    let sum = 0
    for (const group of layout.groups) sum += (group.chunks[index] as { length: number }).length
    bytes.set(index, sum)
    total += sum
  }
  if (total < parallelAbove || selected.length < 2 || freeCores() < 2) return null
  const ours: number[] = []
  const theirs: number[] = []
  let oursBytes = 0
  let theirsBytes = 0
  for (const index of [...selected].sort((a, b) => (bytes.get(b) ?? 0) - (bytes.get(a) ?? 0))) {
    if (oursBytes <= theirsBytes) {
      ours.push(index)
      oursBytes += bytes.get(index) ?? 0
    } else {
      theirs.push(index)
      theirsBytes += bytes.get(index) ?? 0
    }
  }
  return { ours: ours.sort((a, b) => a - b), theirs: theirs.sort((a, b) => a - b) }
}
