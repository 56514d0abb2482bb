import type { GateResult } from '@mlgate/gates'
import { worstStatus } from '@mlgate/gates'
import { renderJson, renderTerminal } from '@mlgate/report'
import { COMMANDS } from './commands/index.ts'
import type { CliIo } from './io.ts'
import { UsageError } from './usage-error.ts'

/** Names of the errors that are the user's to fix (bad flags, files, models), not bugs. */
const INPUT_ERRORS = new Set([
  'UsageError',
  'ConfigError',
  'DataError',
  'ModelError',
  'InputError',
  'StatsInputError',
])

/** Run one CLI invocation and return its exit code; only bin.ts sets the process's exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  try {
    if (name == null || name === 'help' || name === '--help' || name === '-h') {
      const topic = COMMANDS.find((c) => c.name === rest[0])
      io.stdout(`${topic ? topic.usage : usage()}\n`)
      return 0
    }
    const command = COMMANDS.find((c) => c.name === name)
    if (command == null) throw new UsageError(`Unknown command "${name}".`)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.usage}\n`)
      return 0
    }
    const outcome = await command.run(rest, io)
    if ('exitCode' in outcome) return outcome.exitCode
    if ('results' in outcome) {
      const { results, json } = outcome
      if (json) io.stdout(renderJson(results))
      else io.stdout(renderTerminal(results, { color: io.interactive }))
      return exitCode(worstOf(results))
    }
    const { result, json } = outcome
    if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`)
    else io.stdout(renderTerminal([result], { color: io.interactive }))
    return exitCode(result)
  } catch (error) {
    const kind = error instanceof Error ? error.name : ''
    const message = error instanceof Error ? error.message : String(error)
    if (INPUT_ERRORS.has(kind) || isArgError(error)) {
      io.stderr(`mlgate: ${message}\n`)
      if (kind === 'UsageError' || isArgError(error))
        io.stderr(`Run "mlgate help${name ? ` ${name}` : ''}" for usage.\n`)
      return 2
    }
    io.stderr(`mlgate: unexpected error: ${message}\n`)
    if (error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    return 2
  }
}

/** 0 pass or warn, 1 fail, 2 when the gate could not evaluate (status error). */
export function exitCode(result: Pick<GateResult, 'status'>): number {
  return result.status === 'fail' ? 1 : result.status === 'error' ? 2 : 0
}

/** The status of several gates together: the worst of them. */
function worstOf(results: readonly GateResult[]): Pick<GateResult, 'status'> {
  return { status: results.length === 0 ? 'error' : worstStatus(results.map((r) => r.status)) }
}

/** The environment variables every command honours, for the top-level help. */
const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['MLGATE_THREADS=<n>', 'threads to use (1: everything on one thread; default: every core)'],
  ['MLGATE_HUGE_PAGES=0|1', 'huge-page restart: 0 never, 1 always, unset where faults are slow'],
  ['MLGATE_PROGRESS_EVERY_MS=<ms>', 'progress lines in CI logs (default 5000; 0: every update)'],
  ['MLGATE_CSV_KERNEL=js', 'read CSV with the JavaScript row loop, not the WebAssembly kernel'],
]

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const nameWidth = Math.max(...ENVIRONMENT.map(([name]) => name.length))
  return [
    'Usage: mlgate <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show help for a command: mlgate help <command>`,
    '',
    'Exit codes: 0 pass or warn, 1 fail, 2 usage or input error.',
    '',
    'Environment:',
    ...ENVIRONMENT.map(([name, what]) => `  ${name.padEnd(nameWidth)}  ${what}`),
  ].join('\n')
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags. */
function isArgError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
