import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import type { GateResult } from '@mlgate/gates'
import { ConfigError } from '@mlgate/gates'
import { renderHtml } from '@mlgate/report'
import type { CliIo } from './io.ts'

/** The `--html <file>` option of the gate commands, for `parseArgs`. */
export const HTML_OPTION = { html: { type: 'string' } } as const

/**
 * Writes the HTML report of `results` to `path` (relative to the working directory), creating
 * its folder, and says where on stderr so that stdout stays the table or the JSON.
 */
export async function writeHtmlReport(
  path: string,
  results: readonly GateResult[],
  io: CliIo,
): Promise<void> {
  const target = resolve(io.cwd, path)
  try {
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, renderHtml(results, { generatedAt: new Date().toISOString() }))
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw new ConfigError(
      `Cannot write the HTML report to ${target} (--html): ${why}. Give --html a file path in a folder you can write to.`,
    )
  }
  const shown = relative(io.cwd, target)
  io.stderr(`HTML report written to ${shown.startsWith('..') ? target : shown}\n`)
}
