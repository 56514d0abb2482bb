import type { GateResult } from '@mlgate/gates'
import { renderTerminal } from '@mlgate/report'
import { ACCURACY_USAGE, parseAccuracyArgs, runAccuracyCommand } from './commands/accuracy.ts'
import { runDemo } from './commands/demo.ts'
import type { CliIo } from './io.ts'
import { UsageError } from './usage-error.ts'

const USAGE = `Usage: mlgate <command> [options]

Commands:
  accuracy   score an ONNX model on holdout data and gate its metrics
  demo       run the accuracy gate on the bundled example
  help       show help for a command: mlgate help accuracy

Exit codes: 0 pass or warn, 1 fail, 2 usage or input error.`

/** Names of the errors that are the user's to fix (bad flags, files, models), not bugs. */
const INPUT_ERRORS = new Set(['UsageError', 'ConfigError', 'DataError', 'ModelError'])

/** Run one CLI invocation and return its exit code; only bin/mlgate.js exits the process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'accuracy': {
        if (rest.includes('--help') || rest.includes('-h')) return help(io, ACCURACY_USAGE)
        const { config, json } = parseAccuracyArgs(rest)
        return report(await runAccuracyCommand(config, io), json, io)
      }
      case 'demo':
        return report(await runDemo(io), false, io)
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return help(io, rest[0] === 'accuracy' ? ACCURACY_USAGE : USAGE)
      default:
        throw new UsageError(`Unknown command "${command}".`)
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    const message = error instanceof Error ? error.message : String(error)
    if (INPUT_ERRORS.has(name) || isArgError(error)) {
      io.stderr(`mlgate: ${message}\n`)
      if (name === 'UsageError' || isArgError(error)) io.stderr(`Run "mlgate help${command ? ` ${command}` : ''}" for usage.\n`)
      return 2
    }
    io.stderr(`mlgate: unexpected error: ${message}\n`)
    if (error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    return 2
  }
}

function report(result: GateResult, json: boolean, io: CliIo): number {
  if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`)
  else io.stdout(renderTerminal([result], { color: io.interactive }))
  return exitCode(result)
}

/** 0 pass or warn, 1 fail, 2 when the gate could not evaluate (status error). */
export function exitCode(result: GateResult): number {
  return result.status === 'fail' ? 1 : result.status === 'error' ? 2 : 0
}

function help(io: CliIo, text: string): number {
  io.stdout(`${text}\n`)
  return 0
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags. */
function isArgError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
