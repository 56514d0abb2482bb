import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { GateResult, ModelCardConfig } from '@mlgate/gates'
import {
  ConfigError,
  buildModelCard,
  modelCardConfigSchema,
  parseConfig,
  parseDatasetFlag,
  parseOwner,
  writeModelCard,
} from '@mlgate/gates'
import { ResultsJsonError, parseResultsJson } from '@mlgate/report'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { flagNamer, requireFlags } from '../flags.ts'

export const MODEL_CARD_USAGE = `Usage: mlgate model-card --results a.json [--results b.json] --model M.onnx [options]

Builds a model card from gate results: <out>/README.md (Markdown with Hugging Face front
matter) and <out>/model-card.json (Model Card Toolkit fields). Metrics, intervals, group rates,
disparities and drift come from the results; hashes, sizes and rows from the files; the
human-written sections from the template, kept byte for byte.

Options:
  --results <file>         gate result JSON: \`mlgate <gate> --json\` output, a gate action's
                           report file or the JSON artifact (required; repeatable)
  --model <file>           the ONNX model the card describes (required)
  --data <role=file>       a dataset and its role, e.g. training=data/train.csv (repeatable);
                           data files the results name are added as evaluation, training
                           (drift reference) or current (drift current)
  --template <file>        Markdown template with the team's sections (default: the card
                           already at <out>/README.md, else mlgate's default template)
  --out <dir>              where the card is written (default model-card)
  --name <text>            the model's name (default: the model file's name)
  --version <text>         the model's version (default: the commit, in GitHub Actions)
  --version-date <date>    release date, YYYY-MM-DD
  --overview <text>        one-line description (default: the "Model description" section)
  --license <id>           SPDX identifier, e.g. apache-2.0
  --owner <"name <contact>">  an owner (repeatable)
  --tag <tag>              a front matter tag (repeatable)
  --language <code>        a language the model reads (repeatable)
  --reference <url>        a link about the model (repeatable)
  --json                   print the card's own GateResult as JSON
Exit codes: 0 pass or warn, 1 fail (a result measured another model), 2 usage or input error,
or no gate result in the files (nothing is written then).`

export type ModelCardArgs = {
  readonly config: ModelCardConfig
  readonly results: readonly string[]
  readonly model: string
  readonly datasets: readonly { role: string; path: string }[]
  readonly json: boolean
}

/** Parse the flags of `mlgate model-card`. */
export function parseModelCardArgs(args: readonly string[]): ModelCardArgs {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      results: { type: 'string', multiple: true },
      model: { type: 'string' },
      data: { type: 'string', multiple: true },
      template: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'string' },
      'version-date': { type: 'string' },
      overview: { type: 'string' },
      license: { type: 'string' },
      owner: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      language: { type: 'string', multiple: true },
      reference: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  })
  requireFlags(values, ['results', 'model'])
  const input = {
    name: values.name,
    version: values.version,
    versionDate: values['version-date'],
    overview: values.overview,
    license: values.license,
    owners: (values.owner ?? []).map((o) => parseOwner(o, '--owner')),
    tags: values.tag,
    language: values.language,
    references: values.reference,
    template: values.template,
    out: values.out,
  }
  return {
    config: parseConfig(modelCardConfigSchema, input, flagNamer(FLAG_NAMES)),
    results: values.results ?? [],
    model: values.model ?? '',
    datasets: (values.data ?? []).map((d) => parseDatasetFlag(d, '--data')),
    json: values.json === true,
  }
}

/**
 * Reads the result files, builds the card and writes it (unless the card is an error: a card
 * without evidence is not written).
 */
export async function runModelCardCommand(args: ModelCardArgs, io: CliIo): Promise<GateResult> {
  const results: GateResult[] = []
  for (const file of args.results) results.push(...(await readResultsFile(file)))
  const card = await buildModelCard({
    results,
    config: args.config,
    model: { path: args.model },
    datasets: args.datasets,
  })
  if (card.result.status === 'error') return card.result
  const paths = await writeModelCard(card, args.config.out)
  io.stderr(`Model card written to ${paths.markdown} and ${paths.json}\n`)
  return card.result
}

export const modelCardCommand: Command = {
  name: 'model-card',
  summary: 'write a model card (Markdown + MCT JSON) from gate results, the model and the data',
  usage: MODEL_CARD_USAGE,
  run: async (args, io) => {
    const parsed = parseModelCardArgs(args)
    return { result: await runModelCardCommand(parsed, io), json: parsed.json }
  },
}

// --- internal ---

/** Settings keys whose flag has another name. */
const FLAG_NAMES: Readonly<Record<string, string>> = {
  owners: '--owner',
  tags: '--tag',
  references: '--reference',
}

/**
 * The results in one file: the JSON report of several gates (`{ status, results }`) or a single
 * GateResult as `--json` prints it and the gate actions write it.
 */
async function readResultsFile(file: string): Promise<GateResult[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`Cannot read the results file ${file}: ${(error as Error).message}`)
  }
  try {
    return parseResultsJson(text, file)
  } catch (error) {
    if (error instanceof ResultsJsonError) throw new ConfigError(error.message)
    throw error
  }
}
