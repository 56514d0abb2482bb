import { parseArgs } from 'node:util'
import type { AccuracyConfig, BoundSpec, GateResult } from '@mlgate/gates'
import {
  accuracyConfigSchema,
  accuracyProgress,
  parseBoundFlag,
  parseConfig,
  runAccuracyGate,
} from '@mlgate/gates'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { progressBar } from '../progress.ts'
import { flagNamer, listFlag, numberFlag, requireFlags } from '../flags.ts'
import { HTML_OPTION, writeHtmlReport } from '../html-file.ts'

export const ACCURACY_USAGE = `Usage: mlgate accuracy --model M.onnx --data holdout.{csv,jsonl,parquet} --label y [options]

Scores an ONNX model on holdout data and gates its metrics.

Options:
  --model <file>            candidate ONNX model (required)
  --data <file>             holdout data: CSV or Parquet (scored in chunks), or JSONL (required)
  --label <column>          true label (or regression target) column (required)
  --positive <value>        positive class (binary; default 1, else the model's second class)
  --threshold <p>           predicted positive when P(positive) >= p (default 0.5)
  --champion <file>         production model, scored on the same rows for change bounds
  --min <metric=value>      metric must be >= value (repeatable), e.g. --min roc_auc=0.85
  --max <metric=value>      metric must be <= value (repeatable), e.g. --max log_loss=0.4
  --min-change <m=v[%]>     candidate - champion must be >= v, e.g. --min-change f1=-0.01
  --max-change <m=v[%]>     candidate - champion must be <= v, e.g. --max-change brier=1%
  --columns <a,b,c>         feature order for models that take one [N, F] tensor
  --min-rows <n>            passing bounds on fewer rows are warnings (default 200)
  --uncertainty <mode>      interval (default) | point: how intervals enter the verdict
  --resamples <n>           bootstrap resamples (default 1000; 0 = no intervals)
  --seed <n>                bootstrap seed (default 42)
  --batch-size <n>          rows per model run (default 10000)
  --json                    print the GateResult as JSON on stdout
  --html <file>             also write the report as one self-contained HTML file (inline charts)
Exit codes: 0 pass or warn, 1 fail, 2 usage or input error.`

/** Parse the flags of `mlgate accuracy` into the gate's settings. */
export function parseAccuracyArgs(args: readonly string[]): {
  config: AccuracyConfig
  json: boolean
  html?: string
} {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      label: { type: 'string' },
      positive: { type: 'string' },
      threshold: { type: 'string' },
      champion: { type: 'string' },
      min: { type: 'string', multiple: true },
      max: { type: 'string', multiple: true },
      'min-change': { type: 'string', multiple: true },
      'max-change': { type: 'string', multiple: true },
      columns: { type: 'string' },
      'min-rows': { type: 'string' },
      uncertainty: { type: 'string' },
      resamples: { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      'batch-size': { type: 'string' },
      json: { type: 'boolean' },
      ...HTML_OPTION,
    },
  })
  requireFlags(values, ['model', 'data', 'label'])
  const bounds: BoundSpec[] = [
    ...(values.min ?? []).map((t) => parseBoundFlag(t, '>=', 'value', '--min')),
    ...(values.max ?? []).map((t) => parseBoundFlag(t, '<=', 'value', '--max')),
    ...(values['min-change'] ?? []).map((t) => parseBoundFlag(t, '>=', 'change', '--min-change')),
    ...(values['max-change'] ?? []).map((t) => parseBoundFlag(t, '<=', 'change', '--max-change')),
  ]
  const input = {
    model: values.model,
    data: values.data,
    label: values.label,
    positive: values.positive,
    threshold: numberFlag(values.threshold, '--threshold'),
    champion: values.champion,
    columns: listFlag(values.columns),
    bounds,
    minRows: numberFlag(values['min-rows'], '--min-rows'),
    uncertainty: values.uncertainty,
    resamples: numberFlag(values.resamples, '--resamples'),
    seed: numberFlag(values.seed, '--seed'),
    level: numberFlag(values.level, '--level'),
    batchSize: numberFlag(values['batch-size'], '--batch-size'),
  }
  const config = parseConfig(accuracyConfigSchema, input, flagNamer())
  return { config, json: values.json === true, ...(values.html ? { html: values.html } : {}) }
}

/** Run the gate with progress bars on long scoring and a long bootstrap. */
export async function runAccuracyCommand(config: AccuracyConfig, io: CliIo): Promise<GateResult> {
  const progress = accuracyProgress((label, unit) => progressBar(io, label, unit))
  try {
    return await runAccuracyGate(config, { onProgress: progress.onProgress })
  } finally {
    progress.end()
  }
}

export const accuracyCommand: Command = {
  name: 'accuracy',
  summary: 'score an ONNX model on holdout data and gate its metrics',
  usage: ACCURACY_USAGE,
  run: async (args, io) => {
    const { config, json, html } = parseAccuracyArgs(args)
    const result = await runAccuracyCommand(config, io)
    if (html != null) await writeHtmlReport(html, [result], io)
    return { result, json }
  },
}
