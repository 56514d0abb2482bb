import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ConfigError } from '@mlgate/gates'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import type { RunOutcome } from './run.ts'
import { runPolicyFile } from './run.ts'

/** The bundled example: a fraud model, its champion, its data and its policy file. */
const EXAMPLE = 'examples/fraud'

/**
 * Run every gate of the bundled example's mlgate.yml exactly as a user would with
 * `mlgate run`, and keep the combined reports in demo-output/.
 */
export async function runDemo(io: CliIo): Promise<RunOutcome> {
  const policy = join(io.cwd, EXAMPLE, 'mlgate.yml')
  if (!existsSync(policy)) {
    throw new ConfigError(
      `The bundled example is not at ${join(io.cwd, EXAMPLE)}. Run the demo from the root of the mlgate repository.`,
    )
  }
  const out = join(io.cwd, 'demo-output')
  io.stderr(`$ mlgate run ${relative(io.cwd, policy)} --out ${relative(io.cwd, out)}\n\n`)
  return runPolicyFile(io, relative(io.cwd, policy), { out })
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run every gate of the bundled example (examples/fraud/mlgate.yml)',
  usage:
    'Usage: mlgate demo\n\nRuns `mlgate run examples/fraud/mlgate.yml --out demo-output`: the schema, accuracy, fairness\nand drift gates on the bundled fraud model, writing the combined reports to demo-output/.',
  run: async (_args, io) => {
    const { results, written } = await runDemo(io)
    io.stderr(`\nReports written: ${written.join(', ')}\n`)
    return { results, json: false }
  },
}
