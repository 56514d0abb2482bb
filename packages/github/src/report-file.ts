import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GateResult } from '@mlgate/gates'
import type { Runner } from './runner.ts'

/**
 * Write the gate result as JSON into RUNNER_TEMP (the runner's per-job scratch folder, so it never
 * lands in the user's checkout) and point the `report-path` output at it, for later steps such as
 * an upload or a model card.
 */
export async function writeReportFile(
  runner: Runner,
  result: GateResult,
  fileName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  const path = join(env['RUNNER_TEMP'] ?? '.', fileName)
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`)
  runner.output('report-path', path)
  return path
}
