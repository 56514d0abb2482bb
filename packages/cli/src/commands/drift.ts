import { parseArgs } from 'node:util'
import type { DriftConfig, DriftProfileConfig, DriftRunHooks, GateResult } from '@mlgate/gates'
import {
  driftConfigSchema,
  driftProfileConfigSchema,
  driftProgress,
  parseConfig,
  parseFeatureThresholds,
  runDriftGate,
  writeDriftProfile,
} from '@mlgate/gates'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { progressBar } from '../progress.ts'
import { UsageError } from '../usage-error.ts'
import { flagNamer, listFlag, numberFlag, requireFlags } from '../flags.ts'
import { HTML_OPTION, writeHtmlReport } from '../html-file.ts'

export const DRIFT_USAGE = `Usage: mlgate drift --reference train.csv --current today.csv [options]
       mlgate drift --profile ref.profile.json --current today.csv [options]
       mlgate drift profile --reference train.csv --out ref.profile.json [options]

Compares current data with reference (training) data column by column: PSI on reference
deciles (missing values as their own bin), KS and Jensen-Shannon distance, with the PSI that
sampling noise alone would give. A profile holds everything a run needs from the reference, so
nightly runs read only the profile and the current data.

Options:
  --reference <file>        reference data: CSV, JSONL or Parquet
  --current <file>          current data (required)
  --profile <file>          reference profile; used when it exists and matches --reference,
                            written from --reference otherwise
  --features <a,b,c>        columns to check (default: all but the label and --exclude)
  --exclude <a,b>           columns never checked (ids, timestamps)
  --categorical <a,b>       numeric columns to compare as categories (codes)
  --label <column>          label column: checked for label drift, never fed to the model
  --model <file>            ONNX model: its scores are checked for prediction drift
  --positive <value>        class whose probability is the score (binary; default the second class)
  --columns <a,b,c>         feature order for models that take one [N, F] tensor
  --threshold <psi|auto>    PSI from which a column fails (default 0.25); auto: the bands count
                            only beyond sampling noise (Benjamini-Hochberg across columns)
  --warn <psi>              PSI from which a column warns (default 0.1)
  --auto-quantile <q>       no-drift quantile for --threshold auto (default 0.99)
  --feature-threshold <c=f|c=w:f>  bands for one column (repeatable), e.g. income=0.3 or
                            age=0.05:0.2; "prediction" names the model's scores
  --max-drift-share <s>     fail only when more than this share of features fail (default 0)
  --labelled-column <c>     column marking labelled rows: audit label coverage
  --labelled-when <mode>    auto (default) | present (cell not missing) | true (1/true)
  --top <n>                 drifted columns whose bins are shown (default 3)
  --batch-size <n>          rows per model run (default 10000)
  --json                    print the GateResult as JSON on stdout
  --html <file>             also write the report as one self-contained HTML file (inline charts)

mlgate drift profile takes --reference, --out <file> and the column options above
(--features --exclude --categorical --label --model --positive --columns --batch-size).
Exit codes: 0 pass or warn, 1 fail, 2 usage or input error.`

/** Parse the flags of `mlgate drift` into the gate's settings. */
export function parseDriftArgs(args: readonly string[]): {
  config: DriftConfig
  json: boolean
  html?: string
} {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { ...PROFILE_OPTIONS, ...GATE_OPTIONS, ...HTML_OPTION },
  })
  requireFlags(values, ['current'])
  if (values.reference == null && values.profile == null) {
    throw new UsageError('Give --reference (the training data), --profile (a profile), or both.')
  }
  const threshold = values.threshold
  const input = {
    ...profileInput(values),
    reference: values.reference,
    profile: values.profile,
    current: values.current,
    threshold: threshold === 'auto' ? 'auto' : numberFlag(threshold, '--threshold'),
    warnThreshold: numberFlag(values.warn, '--warn'),
    autoQuantile: numberFlag(values['auto-quantile'], '--auto-quantile'),
    featureThresholds: parseFeatureThresholds(
      values['feature-threshold'] ?? [],
      '--feature-threshold',
    ),
    maxDriftShare: numberFlag(values['max-drift-share'], '--max-drift-share'),
    labelledColumn: values['labelled-column'],
    labelledWhen: values['labelled-when'],
    top: numberFlag(values.top, '--top'),
  }
  const config = parseConfig(driftConfigSchema, input, flagName)
  return { config, json: values.json === true, ...(values.html ? { html: values.html } : {}) }
}

/** Parse the flags of `mlgate drift profile`. */
export function parseDriftProfileArgs(args: readonly string[]): {
  config: DriftProfileConfig
  json: boolean
} {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: { ...PROFILE_OPTIONS, out: { type: 'string' } },
  })
  requireFlags(values, ['reference', 'out'])
  const input = { ...profileInput(values), reference: values.reference, out: values.out }
  const config = parseConfig(driftProfileConfigSchema, input, flagName)
  return { config, json: values.json === true }
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'compare current data with reference data (PSI, KS, JS); drift profile writes a profile',
  usage: DRIFT_USAGE,
  run: async (args, io) => {
    if (args[0] === 'profile') {
      const { config, json } = parseDriftProfileArgs(args.slice(1))
      return { result: await withProgress(io, (p) => writeDriftProfile(config, p)), json }
    }
    const { config, json, html } = parseDriftArgs(args)
    const result = await withProgress(io, (p) => runDriftGate(config, p))
    if (html != null) await writeHtmlReport(html, [result], io)
    return { result, json }
  },
}

// --- internal ---

const PROFILE_OPTIONS = {
  reference: { type: 'string' },
  features: { type: 'string' },
  exclude: { type: 'string' },
  categorical: { type: 'string' },
  label: { type: 'string' },
  model: { type: 'string' },
  positive: { type: 'string' },
  columns: { type: 'string' },
  'batch-size': { type: 'string' },
  json: { type: 'boolean' },
} as const

const GATE_OPTIONS = {
  current: { type: 'string' },
  profile: { type: 'string' },
  threshold: { type: 'string' },
  warn: { type: 'string' },
  'auto-quantile': { type: 'string' },
  'feature-threshold': { type: 'string', multiple: true },
  'max-drift-share': { type: 'string' },
  'labelled-column': { type: 'string' },
  'labelled-when': { type: 'string' },
  top: { type: 'string' },
} as const

type ProfileValues = {
  features?: string | undefined
  exclude?: string | undefined
  categorical?: string | undefined
  label?: string | undefined
  model?: string | undefined
  positive?: string | undefined
  columns?: string | undefined
  'batch-size'?: string | undefined
}

function profileInput(values: ProfileValues) {
  return {
    features: listFlag(values.features),
    exclude: listFlag(values.exclude),
    categorical: listFlag(values.categorical),
    label: values.label,
    model: values.model,
    positive: values.positive,
    columns: listFlag(values.columns),
    batchSize: numberFlag(values['batch-size'], '--batch-size'),
  }
}

/** Settings keys as the flags a user typed (warnThreshold is --warn). */
const flagName = flagNamer({ warnThreshold: '--warn', featureThresholds: '--feature-threshold' })

async function withProgress(
  io: CliIo,
  run: (hooks: Pick<DriftRunHooks, 'onProgress'>) => Promise<GateResult>,
): Promise<GateResult> {
  const progress = driftProgress((label, unit) => progressBar(io, label, unit))
  try {
    return await run({ onProgress: progress.onProgress })
  } finally {
    progress.end()
  }
}
