/**
 * Parquet readers side by side on one file: mlgate's `readTable` (its own decoder), the DuckDB
 * read it falls back to, and hyparquet's columnar `parquetRead` turned into the same typed
 * columns, several times in one process, then the first two once in each of several fresh
 * processes (cold JIT, as a gate run sees it). Prints each run, the medians and rows/s, the load
 * average before and after, and whether the readers produced the same table.
 *
 *   tools/node24/node_modules/.bin/node scripts/bench/parquet-readers.ts [file.parquet] [--runs 5]
 *
 * or on the Node the actions run (20), bundled:
 *
 *   npx esbuild scripts/bench/parquet-readers.ts --bundle --platform=node --format=esm \
 *     --external:@duckdb/* --outfile=dist/parquet-readers.mjs \
 *     --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
 *     && node dist/parquet-readers.mjs
 *
 * Run from the repository: the default file is the reference workload's
 * bench-out/data-1000000/ref.parquet (written by `npm run bench`). hyparquet is a devDependency for this comparison only.
 */
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet'
import { readTable, type Column, type Table } from '@mlgate/data'
import { readParquet as readThroughDuckDB } from '../../packages/data/src/parquet-read.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    // Internal: one timed read, printed in seconds, for the fresh-process runs.
    once: { type: 'boolean', default: false },
    duckdb: { type: 'boolean', default: false },
  },
})
const file = positionals[0] ?? join('bench-out', 'data-1000000', 'ref.parquet')
const runs = Number(values.runs)

if (values.once) {
  const started = process.hrtime.bigint()
  await (values.duckdb ? readThroughDuckDB(file) : readTable(file))
  process.stdout.write(`${Number(process.hrtime.bigint() - started) / 1e9}\n`)
} else {
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  process.stderr.write(`${file}, load average ${load()}\n`)
  let rows = 0
  const tables: Table[] = []
  const timed = async (read: () => Promise<Table>): Promise<number[]> => {
    const seconds: number[] = []
    let table: Table | undefined
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint()
      table = await read()
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9)
      rows = table.rowCount
    }
    if (table !== undefined) tables.push(table)
    return seconds
  }
  report('readTable (mlgate decoder), one process', await timed(() => readTable(file)), rows)
  report('DuckDB read, one process', await timed(() => readThroughDuckDB(file)), rows)
  report('hyparquet columnar → typed', await timed(() => readHyparquet(file)), rows)
  const script = fileURLToPath(import.meta.url)
  for (const [what, flags] of [
    ['readTable, fresh process each', []],
    ['DuckDB read, fresh process each', ['--duckdb']],
  ] as const) {
    const fresh: number[] = []
    for (let i = 0; i < runs; i++) {
      const args = [script, file, '--once', ...flags]
      fresh.push(Number(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim()))
    }
    report(what, fresh, rows)
  }
  const [decoded, duck, hyp] = tables
  process.stdout.write(
    `same table: decoder and DuckDB ${sameTable(decoded, duck)}, hyparquet ${sameTable(decoded, hyp)}\n`,
  )
  process.stderr.write(`load average after: ${load()}\n`)
}

/** hyparquet's column chunks into mlgate's columns: numbers in Float64Array, strings coded. */
async function readHyparquet(path: string): Promise<Table> {
  const source = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(source)
  const rowCount = Number(metadata.num_rows)
  const leaves = metadata.schema.slice(1)
  const columns = leaves.map((leaf) => {
    const text = leaf.type === 'BYTE_ARRAY'
    return {
      name: leaf.name,
      type: text
        ? 'string'
        : leaf.type === 'BOOLEAN'
          ? 'boolean'
          : leaf.type === 'INT64' || leaf.type === 'INT32'
            ? 'integer'
            : 'number',
      values: text ? null : new Float64Array(rowCount),
      missing: null as Uint8Array | null,
      codes: text ? new Int32Array(rowCount).fill(-1) : null,
      dict: new Map<string, number>(),
    }
  })
  const byName = new Map(columns.map((column) => [column.name, column]))
  await parquetRead({
    file: source,
    onChunk({ columnName, columnData, rowStart }) {
      const column = byName.get(columnName)
      if (column === undefined) return
      for (let i = 0; i < columnData.length; i++) {
        const value: unknown = columnData[i]
        const row = rowStart + i
        if (column.codes != null) {
          if (typeof value !== 'string') continue
          let code = column.dict.get(value)
          if (code === undefined) column.dict.set(value, (code = column.dict.size))
          column.codes[row] = code
        } else if (value == null) {
          ;(column.values as Float64Array)[row] = NaN
          ;(column.missing ??= new Uint8Array(rowCount))[row] = 1
        } else {
          ;(column.values as Float64Array)[row] = Number(value)
        }
      }
    },
  })
  return {
    source: path,
    rowCount,
    columns: columns.map((column): Column => {
      if (column.codes != null) {
        let nullCount = 0
        for (const code of column.codes) if (code < 0) nullCount++
        return {
          name: column.name,
          type: 'string',
          codes: column.codes,
          dictionary: [...column.dict.keys()],
          nullCount,
        }
      }
      let nullCount = 0
      if (column.missing != null) for (const flag of column.missing) nullCount += flag
      return {
        name: column.name,
        type: column.type as 'number' | 'integer' | 'boolean',
        values: column.values as Float64Array,
        missing: column.missing,
        nullCount,
      }
    }),
  }
}

function sameTable(a: Table | undefined, b: Table | undefined): boolean {
  if (a === undefined || b === undefined || a.rowCount !== b.rowCount) return false
  return a.columns.every((column, c) => {
    const other = b.columns[c] as Column
    if (column.name !== other.name || column.nullCount !== other.nullCount) return false
    if (column.type === 'string' || other.type === 'string') {
      if (column.type !== 'string' || other.type !== 'string') return false
      return column.codes.every(
        (code, i) =>
          (code < 0 ? -1 : column.dictionary[code]) ===
          (other.codes[i]! < 0 ? -1 : other.dictionary[other.codes[i]!]),
      )
    }
    return column.values.every((v, i) => Object.is(v, other.values[i]))
  })
}

function median(seconds: readonly number[]): number {
  return [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)] as number
}

function report(what: string, seconds: readonly number[], rows: number): void {
  const m = median(seconds)
  const each = seconds.map((s) => s.toFixed(2)).join(' ')
  const rate = Math.round(rows / m).toLocaleString('en-US')
  process.stdout.write(
    `${what.padEnd(34)} median ${m.toFixed(3)} s = ${rate} rows/s  (runs, s: ${each})\n`,
  )
}
