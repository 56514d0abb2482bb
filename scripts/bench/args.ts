import { parseArgs } from 'node:util'

export const BENCH_USAGE = `Usage: npm run bench [-- --rows <n>]

Generates the reference workload of performance.md (--rows rows, default 1000000) in bench-out/,
times mlgate's steps and \`mlgate run\` on it (and the Python peer where Debian's Python stack is
installed), and writes bench-out/bench.json and bench-out/bench.md.
`

/** What `npm run bench` was asked: `read` is internal (one fresh read, for `benchReadMemory`). */
export type BenchArgs = {
  readonly rows: number
  readonly help: boolean
  readonly read: string | undefined
}

/** The bench's arguments; an Error saying which one is wrong, for a message before any step. */
export function benchArgs(args: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rows: { type: 'string', default: '1000000' },
      help: { type: 'boolean', short: 'h', default: false },
      read: { type: 'string' },
    },
  })
  return { rows: rowCount(values.rows), help: values.help, read: values.read }
}

/** The --rows option: a whole number of rows (1000000 is the reference workload). */
function rowCount(text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(
      `--rows ${text} is not a whole number of rows (1000000 for the reference workload).`,
    )
  }
  return n
}
