import type { Column, TableChunk } from '@mlgate/data'
import { csvChunks, openFileSource } from '@mlgate/data'
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

export type StreamOptions = {
  /** Bytes read at a time (csvChunks' default when omitted). */
  readonly blockBytes?: number
  /** The profile's arrays are the caller's to give to the workers (see `SummarySession`). */
  readonly handOver?: boolean
}

/**
 * Compares a current CSV file with the profile while reading it in chunks: each chunk's checked
 * columns are added to their summaries (`_accumulate.ts`) on the workers while the main thread
 * parses the next chunk, and at most CHUNKS_IN_FLIGHT chunks wait, so memory holds a few chunks
 * and the summaries, never the file or its columns. The drifts are those of the whole file read
 * at once, double for double.
 *
 * Undefined when a chunk-by-chunk summary could differ from the whole file's: a column whose
 * type changes from one chunk to another (read whole, it would be text, with every cell as
 * written), or text in a column the profile holds as numeric (read whole, that is an error that
 * quotes the column's first texts). The caller then reads the file whole. Errors about the
 * columns (`columnsToCheck`) are those of the whole read; a file without rows gives 0 rows and
 * no drifts, as a whole read checks nothing then.
 */
export async function streamDrifts(
  workers: DriftWorkers,
  config: DriftConfig,
  profile: DriftProfile,
  path: string,
  options: StreamOptions = {},
): Promise<Streamed | undefined> {
  let checked: { entry: FeatureProfile; column: { name: string } }[] | undefined
  let columnsError: unknown
  const select = (header: readonly string[]) => {
    try {
      const columns = header.map((name) => ({ name }))
      checked = columnsToCheck(config, profile, { source: path, columns }, undefined)
      return { columns: [...new Set(checked.map((c) => c.column.name))] }
    } catch (error) {
      // Thrown once the file has a row: a whole read of a file without rows checks nothing.
      columnsError = error
      return {}
    }
  }
  const source = await openFileSource(path)
  try {
    const chunks = csvChunks(source, path, {
      select,
      ...(options.blockBytes === undefined ? {} : { blockBytes: options.blockBytes }),
    })
    let rows = 0
    let session: SummarySession | undefined
    const types: (TypeClass | undefined)[] = []
    const inFlight: Promise<void>[] = []
    for await (const chunk of chunks) {
      if (chunk.table.rowCount === 0) continue
      if (columnsError !== undefined) throw columnsError
      const pairs = checked!
      const parts = partsOf(chunk, pairs)
      for (let k = 0; k < parts.length; k++) {
        const type = typeClass(parts[k]!)
        if (type === 'empty') continue
        if (pairs[k]!.entry.kind === 'numeric' && type === 'text') return undefined
        if (types[k] !== undefined && types[k] !== type) return undefined
        types[k] = type
      }
      rows += chunk.table.rowCount
      session ??= await workers.summaries(pairs.map((p) => p.entry.kind))
      if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift()
      const fed = session.feed(parts.map((part, key) => ({ key, part })))
      fed.catch(() => undefined)
      inFlight.push(fed)
    }
    await Promise.all(inFlight)
    if (session === undefined || checked === undefined) return { rows, drifts: [] }
    const entries = checked.map((c) => c.entry)
    const drifts = await session.finish(entries, config.autoQuantile, options.handOver === true)
    return { rows, drifts }
  } finally {
    await source.close()
  }
}

// --- internal ---

/** What a chunk's column says about the whole column's type; `empty` says nothing. */
type TypeClass = 'empty' | 'text' | 'boolean' | 'number'

function typeClass(column: Column): TypeClass {
  const rows = column.type === 'string' ? column.codes.length : column.values.length
  if (column.nullCount === rows) return 'empty'
  if (column.type === 'string') return 'text'
  return column.type === 'boolean' ? 'boolean' : 'number'
}

function partsOf(chunk: TableChunk, pairs: readonly { column: { name: string } }[]): Column[] {
  const byName = new Map(chunk.table.columns.map((c) => [c.name, c]))
  return pairs.map((p) => {
    const column = byName.get(p.column.name)
    if (column === undefined) throw new Error(`streamDrifts: no column "${p.column.name}" read`)
    return column
  })
}
