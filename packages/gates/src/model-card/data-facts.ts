import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { readTable } from '@mlgate/data'
import { fileSha256 } from '../drift/profile-file.ts'
import { ConfigError } from '../errors.ts'
import type { GateResult } from '../result.ts'

/** A dataset the card describes, as the caller names it. */
export type DatasetInput = { readonly role: string; readonly path: string }

/** What the card states about one dataset, each fact with where it came from. */
export type DatasetFacts = {
  readonly role: string
  /** As given (or as the gate named it, for a dataset found in the results). */
  readonly path: string
  /** True when the caller named it; false when it was found in a gate result. */
  readonly given: boolean
  /** Absent when the file is not there (a dataset named by a result run elsewhere). */
  readonly file?: { readonly sha256: string; readonly bytes: number }
  readonly rows?: { readonly value: number; readonly source: string }
  readonly columns?: {
    readonly list: readonly { readonly name: string; readonly type: string }[]
    readonly source: string
  }
  /** Protected attributes the fairness gate compared on this file. */
  readonly sensitive: readonly string[]
  /** Gates whose results were measured on this file. */
  readonly gates: readonly string[]
  /** Set when a gate recorded this file's SHA-256 and the file has changed since. */
  readonly changedSince?: string
}

/**
 * Facts of every dataset: those the caller named, then the files the results name that the caller
 * did not (a holdout as `evaluation`, the drift gate's reference as `training` and its current data
 * as `current`). Each file is hashed; rows and columns come from the gate results where a gate
 * measured them (the schema gate's column table, a gate's row count) and are otherwise counted by
 * reading the file with @mlgate/data.
 */
export async function datasetFacts(
  given: readonly DatasetInput[],
  results: readonly GateResult[],
): Promise<DatasetFacts[]> {
  const wanted: { role: string; path: string; given: boolean }[] = given.map((d) => ({
    ...d,
    given: true,
  }))
  const known = new Set(given.map((d) => resolve(d.path)))
  for (const { role, path } of referencedData(results)) {
    if (known.has(resolve(path))) continue
    known.add(resolve(path))
    wanted.push({ role, path, given: false })
  }
  const out: DatasetFacts[] = []
  for (const d of wanted) out.push(await factsOf(d, results))
  return out
}

// --- internal ---

type Seen = {
  rows?: { value: number; source: string }
  columns?: { list: { name: string; type: string }[]; source: string }
  sensitive: string[]
  gates: string[]
  sha256?: { value: string; source: string }
}

async function factsOf(
  d: { role: string; path: string; given: boolean },
  results: readonly GateResult[],
): Promise<DatasetFacts> {
  const seen = fromResults(d.path, results)
  const base = { role: d.role, path: d.path, given: d.given }
  const common = { sensitive: seen.sensitive, gates: seen.gates }
  if (!existsSync(d.path)) {
    if (d.given) {
      throw new ConfigError(
        `Dataset ${d.path} (${d.role}) does not exist. Check the path; it is read relative to ${process.cwd()}.`,
      )
    }
    return {
      ...base,
      ...common,
      ...(seen.rows ? { rows: seen.rows } : {}),
      ...(seen.columns ? { columns: seen.columns } : {}),
    }
  }
  const [sha256, info] = await Promise.all([fileSha256(d.path), stat(d.path)])
  let rows = seen.rows
  let columns = seen.columns
  if (rows === undefined || columns === undefined) {
    const table = await readTable(d.path)
    rows ??= { value: table.rowCount, source: 'counted by mlgate' }
    columns ??= {
      list: table.columns.map((c) => ({ name: c.name, type: c.type })),
      source: 'types inferred by mlgate',
    }
  }
  const changed =
    seen.sha256 && seen.sha256.value !== sha256
      ? `the ${seen.sha256.source} ran on a file with SHA-256 ${seen.sha256.value}`
      : undefined
  return {
    ...base,
    ...common,
    file: { sha256, bytes: info.size },
    rows,
    columns,
    ...(changed ? { changedSince: changed } : {}),
  }
}

/** Data files the results name, with the role each plays. */
function referencedData(results: readonly GateResult[]): DatasetInput[] {
  const out: DatasetInput[] = []
  for (const r of results) {
    const c = r.context
    if (r.gate === 'drift') {
      if (typeof c['reference'] === 'string') out.push({ role: 'training', path: c['reference'] })
      if (typeof c['current'] === 'string') out.push({ role: 'current', path: c['current'] })
    } else if (typeof c['data'] === 'string') {
      out.push({ role: 'evaluation', path: c['data'] })
    }
  }
  return out
}

/** What the results say about one file: rows, columns, sensitive columns, a recorded hash. */
function fromResults(path: string, results: readonly GateResult[]): Seen {
  const target = resolve(path)
  const same = (value: unknown) => typeof value === 'string' && resolve(value) === target
  const seen: Seen = { sensitive: [], gates: [] }
  for (const r of results) {
    const c = r.context
    let rows: unknown
    if (same(c['data'])) rows = c['rows']
    else if (r.gate === 'drift' && same(c['current'])) rows = c['rows_current']
    else if (r.gate === 'drift' && same(c['reference'])) {
      rows = c['rows_reference']
      const sha = c['reference_sha256']
      if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha)) {
        seen.sha256 = { value: sha, source: `${r.title.toLowerCase()} (reference profile)` }
      }
    } else continue
    if (!seen.gates.includes(r.gate)) seen.gates.push(r.gate)
    // The schema gate streams every row and lists every column: its counts come first.
    if (typeof rows === 'number' && (seen.rows === undefined || r.gate === 'schema')) {
      seen.rows = { value: rows, source: `${r.title.toLowerCase()} result` }
    }
    if (r.gate === 'schema') {
      const table = r.tables.find((t) => t.title === 'Columns')
      const name = table?.columns.indexOf('column') ?? -1
      const type = table?.columns.indexOf('type') ?? -1
      if (table && name >= 0 && type >= 0) {
        seen.columns = {
          list: table.rows.map((row) => ({
            name: String(row[name] ?? ''),
            type: String(row[type] ?? ''),
          })),
          source: `schema contract ${typeof c['schema'] === 'string' ? c['schema'] : ''}`.trim(),
        }
      }
    }
    if (r.gate === 'fairness' && typeof c['sensitive'] === 'string') {
      for (const s of c['sensitive'].split(',').map((x) => x.trim())) {
        if (s !== '' && !seen.sensitive.includes(s)) seen.sensitive.push(s)
      }
    }
  }
  return seen
}
