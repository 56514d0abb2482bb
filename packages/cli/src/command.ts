import type { GateResult } from '@mlgate/gates'
import type { CliIo } from './io.ts'

/** One `mlgate <name>` command. */
export type Command = {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** Full help text, printed by `mlgate help <name>` and `--help`. */
  readonly usage: string
  /**
   * Runs the command; returns the gate result, or several (`mlgate run`), printed as tables or
   * JSON as --json asks, or the exit code of a command that wrote its own output (e.g. a schema on stdout).
   */
  readonly run: (
    args: readonly string[],
    io: CliIo,
  ) => Promise<
    | { result: GateResult; json: boolean }
    | { results: readonly GateResult[]; json: boolean }
    | { readonly exitCode: number }
  >
}
