import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { GateResult } from '@mlgate/gates'
import { ConfigError } from '@mlgate/gates'
import { renderJson, renderMarkdown } from '@mlgate/report'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { parseAccuracyArgs, runAccuracyCommand } from './accuracy.ts'

/** The bundled example: a fraud model, its champion and a holdout set (see examples/fraud/README.md). */
const EXAMPLE = 'examples/fraud'

/**
 * Run the accuracy gate on the bundled example exactly as a user would from the command line,
 * and keep the JSON and Markdown reports in demo-output/.
 */
export async function runDemo(io: CliIo): Promise<GateResult> {
  const dir = join(io.cwd, EXAMPLE)
  if (!existsSync(join(dir, 'model.onnx'))) {
    throw new ConfigError(
      `The bundled example is not at ${dir}. Run the demo from the root of the mlgate repository.`,
    )
  }
  const args = [
    '--model',
    join(dir, 'model.onnx'),
    '--champion',
    join(dir, 'champion.onnx'),
    '--data',
    join(dir, 'holdout.csv'),
    '--label',
    'is_fraud',
    // Fraud is rare (about 4% of rows), so the team flags a transaction from P(fraud) >= 0.08.
    '--threshold',
    '0.08',
    '--min',
    'roc_auc=0.85',
    '--min',
    'average_precision=0.25',
    '--min',
    'recall=0.6',
    '--max',
    'log_loss=0.15',
    '--min-change',
    'roc_auc=-0.01',
  ]
  io.stderr(
    `$ mlgate accuracy ${args.map((a) => (a.startsWith(io.cwd) ? relative(io.cwd, a) : a)).join(' ')}\n\n`,
  )
  const { config } = parseAccuracyArgs(args)
  const result = await runAccuracyCommand(config, io)
  const out = join(io.cwd, 'demo-output')
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'accuracy.json'), renderJson([result]))
  await writeFile(join(out, 'accuracy.md'), renderMarkdown([result]))
  io.stderr(`\nReports written to ${relative(io.cwd, out)}/accuracy.json and accuracy.md\n`)
  return result
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the accuracy gate on the bundled example (examples/fraud)',
  usage:
    'Usage: mlgate demo\n\nRuns the accuracy gate on examples/fraud and writes demo-output/accuracy.{json,md}.',
  run: async (_args, io) => ({ result: await runDemo(io), json: false }),
}
