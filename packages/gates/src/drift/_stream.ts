import type { Column, Table } from '@mlgate/data'
import {
  columnRows,
  csvChunks,
  formatFromPath,
  joinChunks,
  openFileSource,
  scanParquet,
} from '@mlgate/data'
import { summaryPlan } from './_accumulate.ts'
import { columnsToCheck } from './_checked.ts'
import type { SummarySession } from './_summary-session.ts'
import type { DriftWorkers } from './_workers.ts'
import type { DriftConfig } from './config.ts'
import type { FeatureDrift } from './feature-drift.ts'
import type { DriftProfile, FeatureProfile } from './profile.ts'

/** Chunks a worker may still be summarising while the next is parsed: bounds the memory. */
const CHUNKS_IN_FLIGHT = 2

/** What a current file read in chunks gave: its rows, and every checked column's drift. */
export type Streamed = { readonly rows: number; readonly drifts: readonly FeatureDrift[] }

/** The run's model scores a chunk: the column whose drift is compared with the profile's scores. */
export type ChunkScorer = (chunk: Table) => Promise<Column>

export type StreamOptions = {
  /** Bytes read at a time from a CSV file (`STREAM_BLOCK_BYTES` when omitted). */
  readonly blockBytes?: number
  /** Rows per chunk at least from a Parquet file (scanParquet's default when omitted). */
  readonly minRows?: number
  /** The profile's arrays are the caller's to give to the workers (see `SummarySession`). */
  readonly handOver?: boolean
  /**
   * Scores each chunk, in a run with a model: its chunks then hold every column, as the model sees
   * the whole file, and every column must be typed in each chunk as in the whole file.
   */
  readonly score?: ChunkScorer
}

/**
 * Compares a current CSV or Parquet file with the profile while reading it in chunks (CSV block
 * by block, Parquet row group by row group): each chunk's checked columns are added to their
 * summaries (`_accumulate.ts`) on the workers while the main thread reads the next chunk, and at
 * most CHUNKS_IN_FLIGHT chunks wait, so memory holds a few chunks and the summaries, never the
 * file or its columns. With `options.score`, the model scores each chunk on the main thread
 * before it goes, and its scores join the chunk's columns. The drifts are those of the whole file
 * read at once, double for double.
 *
 * Undefined when a chunk-by-chunk summary could differ from the whole file's: a column whose
 * type changes from one chunk to another (read whole, it would be text, with every cell as
 * written; with a model, any column of the file), text in a column the profile holds as numeric
 * (read whole, that is an error that quotes the column's first texts), or a chunk the model fails
 * on; and for a Parquet file mlgate's decoder does not read. The
 * caller then reads the file whole. Errors about the columns (`columnsToCheck`) are those of the
 * whole read; a file without rows gives 0 rows and no drifts, as a whole read checks nothing then.
 */
export async function streamDrifts(
  workers: DriftWorkers,
  config: DriftConfig,
  profile: DriftProfile,
  path: string,
  options: StreamOptions = {},
): Promise<Streamed | undefined> {
  const { score } = options
  // With a model, the model's columns are typed chunk by chunk as a whole read types them.
  const join = score ? joinChunks(path, []) : undefined
  let checked: { entry: FeatureProfile; column: { name: string } }[] | undefined
  let columnsError: unknown
  const select = (header: readonly string[]): string[] | undefined => {
    try {
      const columns = header.map((name) => ({ name }))
      const scores = score ? { name: 'prediction' } : undefined
      checked = columnsToCheck(config, profile, { source: path, columns }, scores)
      if (score) return [...header]
      return [...new Set(checked.map((c) => c.column.name))]
    } catch (error) {
      // Thrown once the file has a row: a whole read of a file without rows checks nothing.
      columnsError = error
      return undefined
    }
  }
  let rows = 0
  let session: SummarySession | undefined
  const types: (TypeClass | undefined)[] = []
  const inFlight: Promise<void>[] = []
  /** Adds a chunk to the summaries; false when the file must be read whole instead. */
  const add = async (table: Table): Promise<boolean> => {
    if (table.rowCount === 0) return true
    if (columnsError !== undefined) throw columnsError
    if (join && !join.add(table)) return false
    const pairs = checked!
    // Scored before the chunk's arrays move to the workers. A chunk the model fails on is left
    // to the whole read: it meets the same error with its own message, or none (a chunk of empty
    // cells reads a text column as numbers, which the model may refuse).
    let scores: Column | undefined
    if (score) {
      try {
        scores = await score(table)
      } catch {
        return false
      }
    }
    const parts = partsOf(table, pairs, scores)
    for (let k = 0; k < parts.length; k++) {
      const type = typeClass(parts[k]!)
      if (type === 'empty') continue
      if (pairs[k]!.entry.kind === 'numeric' && type === 'text') return false
      if (types[k] !== undefined && types[k] !== type) return false
      types[k] = type
    }
    rows += table.rowCount
    session ??= await workers.summaries(pairs.map((p) => summaryPlan(p.entry)))
    if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift()
    const fed = session.feed(parts.map((part, key) => ({ key, part })))
    fed.catch(() => undefined)
    inFlight.push(fed)
    return true
  }
  const read =
    formatFromPath(path) === 'parquet'
      ? await parquetChunks(path, select, add, options.minRows)
      : await csvFileChunks(path, select, add, options.blockBytes)
  if (!read) {
    // The chunks fed so far are dropped with the session; the caller reads the file whole.
    await Promise.allSettled(inFlight)
    return undefined
  }
  await Promise.all(inFlight)
  if (session === undefined || checked === undefined) return { rows, drifts: [] }
  const entries = checked.map((c) => c.entry)
  const drifts = await session.finish(entries, config.autoQuantile, options.handOver === true)
  return { rows, drifts }
}

// --- internal ---

/** What a chunk's column says about the whole column's type; `empty` says nothing. */
type TypeClass = 'empty' | 'text' | 'boolean' | 'number'

function typeClass(column: Column): TypeClass {
  const rows = columnRows(column)
  if (column.nullCount === rows) return 'empty'
  if (column.type === 'string') return 'text'
  return column.type === 'boolean' ? 'boolean' : 'number'
}

type Select = (header: readonly string[]) => string[] | undefined
type Add = (table: Table) => Promise<boolean>

/**
 * Bytes per chunk of a streamed CSV file unless the caller says: more than csvChunks' default,
 * since each chunk goes to the workers as one message per column (a 16 MiB block holds about
 * 78,000 rows of the reference workload; 10 million rows are 130 chunks).
 */
const STREAM_BLOCK_BYTES = 16 * 1024 * 1024

/** Hands a CSV file's chunks to `add`; false when `add` asked for the whole read. */
async function csvFileChunks(
  path: string,
  select: Select,
  add: Add,
  blockBytes: number | undefined,
): Promise<boolean> {
  const source = await openFileSource(path)
  try {
    const chunks = csvChunks(source, path, {
      select: (header) => {
        const columns = select(header)
        return columns ? { columns } : {}
      },
      blockBytes: blockBytes ?? STREAM_BLOCK_BYTES,
    })
    for await (const chunk of chunks) if (!(await add(chunk.table))) return false
    return true
  } finally {
    await source.close()
  }
}

/**
 * Hands a Parquet file's chunks to `add`, each in arrays of its own (they move to the workers);
 * false when `add` asked for the whole read or mlgate's decoder does not read the file.
 */
async function parquetChunks(
  path: string,
  select: Select,
  add: Add,
  minRows: number | undefined,
): Promise<boolean> {
  let whole = false
  const scanned = await scanParquet(
    path,
    [],
    async (chunk) => {
      if (await add(chunk)) return
      whole = true
      return false
    },
    {
      select: (header) => select(header) ?? header,
      reuse: false,
      ...(minRows === undefined ? {} : { minRows }),
    },
  )
  return scanned !== undefined && !whole
}

function partsOf(
  table: Table,
  pairs: readonly { entry: FeatureProfile; column: { name: string } }[],
  scores: Column | undefined,
): Column[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]))
  return pairs.map((p) => {
    if (p.entry.role === 'prediction') {
      if (scores === undefined) throw new Error('streamDrifts: a model was given but no scores')
      return scores
    }
    const column = byName.get(p.column.name)
    if (column === undefined) throw new Error(`streamDrifts: no column "${p.column.name}" read`)
    return column
  })
}
