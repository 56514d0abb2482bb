/** Where the CLI writes; injected so tests can capture output without touching process streams. */
export type CliIo = {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** True when stderr is a terminal (progress bars only make sense there). */
  readonly interactive: boolean
  readonly cwd: string
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    interactive: process.stderr.isTTY === true,
    cwd: process.cwd(),
  }
}
