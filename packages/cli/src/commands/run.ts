import { mkdir, writeFile } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import type { GateResult, LoadedPolicy } from '@mlgate/gates'
import {
  DEFAULT_POLICY_FILE,
  buildModelCard,
  loadPolicy,
  policyCard,
  policyConfigs,
  runPolicy,
  writeModelCard,
} from '@mlgate/gates'
import { renderHtml, renderJson, renderMarkdown } from '@mlgate/report'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { listFlag } from '../flags.ts'
import { progressBar } from '../progress.ts'
import { UsageError } from '../usage-error.ts'

export const RUN_USAGE = `Usage: mlgate run [mlgate.yml] [options]

Runs every gate the policy file declares (schema, accuracy, fairness, drift, in that order),
reading each dataset and scoring each model once, then writes the model card when the file has
a card: section, and one combined report: the verdict across gates and a section per gate.

Options:
  --only <a,b>     run only these gates of the file (e.g. --only accuracy,drift,card)
  --out <dir>      where the reports go (default: report.out of the file, else mlgate-report)
  --json           print the combined JSON report on stdout instead of the tables
Writes <out>/mlgate-report.json (every gate result), <out>/report.md (the PR comment) and
<out>/report.html (one self-contained page with ROC, precision-recall, calibration, PSI and
per-group charts); the card goes to card.out of the file, else <out>/model-card/ (README.md
with Hugging Face front matter, model-card.json with the Model Card Toolkit's fields).
The policy format: schemas/mlgate.schema.json. Relative paths in it are taken from its folder.
Exit codes: 0 pass or warn, 1 a gate failed, 2 usage or input error, or a gate could not run.`

export type RunOutcome = {
  readonly results: readonly GateResult[]
  /** Files written, relative to the working directory. */
  readonly written: readonly string[]
}

/** Run the policy's gates and write the combined reports. */
export async function runPolicyFile(
  io: CliIo,
  file: string,
  options: { readonly only?: readonly string[]; readonly out?: string } = {},
): Promise<RunOutcome> {
  const loaded = await loadPolicy(file)
  const only = options.only ?? []
  const configs = policyConfigs(
    loaded,
    only.filter((g) => g !== 'card'),
  )
  const out = options.out ?? outDir(loaded)
  const card =
    only.length === 0 || only.includes('card')
      ? policyCard(loaded, join(out, 'model-card'))
      : undefined
  const bar = progressBar(io, 'scoring')
  const resampling = progressBar(io, 'bootstrap', 'resamples')
  let started = 0
  const results = await runPolicy(configs, {
    onGate: (gate, result) => {
      if (!result) {
        started = performance.now()
        io.stderr(`▸ ${gate} gate…\n`)
        return
      }
      bar.end()
      resampling.end()
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      io.stderr(`  ${result.status.toUpperCase()} in ${seconds} s: ${result.summary}\n`)
    },
    onProgress: (what, done, total) =>
      (what.endsWith('bootstrap') ? resampling : bar).update(done, total),
  })
  const cardFiles: string[] = []
  if (card) {
    io.stderr('▸ model card…\n')
    const built = await buildModelCard({
      results,
      config: card.config,
      model: { path: card.model },
      datasets: [],
    })
    io.stderr(`  ${built.result.status.toUpperCase()}: ${built.result.summary}\n`)
    // A card without evidence is not written (its result says why).
    if (built.result.status !== 'error') {
      const paths = await writeModelCard(built, card.config.out)
      cardFiles.push(paths.markdown, paths.json)
    }
    results.push(built.result)
  }
  const title = loaded.policy.report?.title
  const written = await writeReports(results, out, io.cwd, title)
  return { results, written: [...written, ...cardFiles.map((f) => relative(io.cwd, f) || f)] }
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run every gate declared in mlgate.yml and write one combined report',
  usage: RUN_USAGE,
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        only: { type: 'string', multiple: true },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    })
    if (positionals.length > 1) {
      throw new UsageError(`mlgate run takes one policy file, got ${positionals.join(', ')}.`)
    }
    const file = positionals[0] ?? DEFAULT_POLICY_FILE
    const { results, written } = await runPolicyFile(io, file, {
      only: listFlag(values.only?.join(',')) ?? [],
      ...(values.out != null ? { out: values.out } : {}),
    })
    io.stderr(`Reports written: ${written.join(', ')}\n`)
    return { results, json: values.json }
  },
}

// --- internal ---

/** report.out is relative to the policy file, like every path in it. */
function outDir(loaded: LoadedPolicy): string {
  const out = loaded.policy.report?.out
  if (out == null) return 'mlgate-report'
  return isAbsolute(out) ? out : join(loaded.dir, out)
}

async function writeReports(
  results: readonly GateResult[],
  out: string,
  cwd: string,
  title: string | undefined,
): Promise<string[]> {
  await mkdir(out, { recursive: true })
  const files: [string, string][] = [
    ['mlgate-report.json', renderJson(results)],
    ['report.md', renderMarkdown(results, { marker: 'report' })],
    [
      'report.html',
      renderHtml(results, {
        ...(title != null ? { title } : {}),
        generatedAt: new Date().toISOString(),
      }),
    ],
  ]
  for (const [name, text] of files) await writeFile(join(out, name), text)
  return files.map(([name]) => relative(cwd, join(out, name)) || name)
}
