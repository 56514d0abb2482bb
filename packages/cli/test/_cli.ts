import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { CliIo } from '../src/index.ts'
import { runCli } from '../src/index.ts'

export type CliRun = { readonly code: number; readonly out: string; readonly err: string }

/**
 * A temporary working directory, removed after the file's tests, and a `cli(...argv)` that runs
 * mlgate in-process there with stdout and stderr captured (not a terminal: no progress bars).
 */
export function cliSandbox(prefix: string): {
  readonly dir: string
  readonly cli: (...argv: string[]) => Promise<CliRun>
} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const cli = async (...argv: string[]): Promise<CliRun> => {
    let out = ''
    let err = ''
    const io: CliIo = {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      interactive: false,
      cwd: dir,
    }
    const code = await runCli(argv, io)
    return { code, out, err }
  }
  return { dir, cli }
}
