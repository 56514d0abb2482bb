import { parseArgs } from 'node:util'
import type { FairnessConfig, GateResult } from '@mlgate/gates'
import {
  assignments,
  fairnessConfigSchema,
  fairnessProgress,
  parseBoundFlag,
  parseBucketFlag,
  parseConfig,
  parseReferenceFlag,
  runFairnessGate,
  splitNames,
} from '@mlgate/gates'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { progressBar } from '../progress.ts'
import { flagNamer, numberFlag, requireFlags } from '../flags.ts'
import { HTML_OPTION, writeHtmlReport } from '../html-file.ts'

export const FAIRNESS_USAGE = `Usage: mlgate fairness --model M.onnx --data holdout.csv --label y --sensitive a,b [options]

Scores a binary classifier on holdout data and compares its decisions across the groups of
protected attributes (and their intersection).

Options:
  --model <file>             ONNX binary classifier (required)
  --data <file>              holdout data: CSV or Parquet (scored in chunks), or JSONL (required)
  --label <column>           true label column (required)
  --sensitive <a,b>          protected attribute columns (required; repeatable)
  --positive <value>         positive class (default 1, else the model's second class)
  --threshold <p>            predicted positive when P(positive) >= p (default 0.5)
  --bucket <col=e1,e2,..>    bands of a numeric attribute, right-closed: <= e1, (e1, e2], .., > ek
                             e.g. --bucket age=25,40,65 (repeatable)
  --reference <col=group>    reference group of disparate impact (default: highest selection rate)
  --max <name=value>         disparity must be <= value (repeatable),
                             e.g. --max demographic_parity_difference=0.1
  --min <name=value>         disparity must be >= value (repeatable), e.g. --min disparate_impact=0.8
  --rule <name>              a named policy; four-fifths = --min disparate_impact=0.8. None by default.
  --min-group-size <n>       smaller groups are shown but not gated (default 30)
  --intersections <mode>     gated (default) | shown | off: the intersection of the attributes
  --missing <mode>           group (default: missing values form the group "(missing)") | skip
  --uncertainty <mode>       interval (default) | point: how intervals enter the verdict
  --resamples <n>            bootstrap resamples (default 1000; 0 = no intervals)
  --seed <n>                 bootstrap seed (default 42)
  --level <p>                confidence level of the intervals (default 0.95)
  --columns <a,b,c>          feature order for models that take one [N, F] tensor
  --batch-size <n>           rows per model run (default 10000)
  --json                     print the GateResult as JSON (with details.groups and .disparities)
  --html <file>              also write the report as one self-contained HTML file (inline charts)
Disparities: demographic_parity_difference, demographic_parity_ratio,
  equal_opportunity_difference, equalized_odds_difference, disparate_impact.
Exit codes: 0 pass or warn, 1 fail, 2 usage or input error.`

/** Parse the flags of `mlgate fairness` into the gate's settings. */
export function parseFairnessArgs(args: readonly string[]): {
  config: FairnessConfig
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
      sensitive: { type: 'string', multiple: true },
      positive: { type: 'string' },
      threshold: { type: 'string' },
      bucket: { type: 'string', multiple: true },
      reference: { type: 'string', multiple: true },
      min: { type: 'string', multiple: true },
      max: { type: 'string', multiple: true },
      rule: { type: 'string', multiple: true },
      'min-group-size': { type: 'string' },
      intersections: { type: 'string' },
      missing: { type: 'string' },
      uncertainty: { type: 'string' },
      resamples: { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      columns: { type: 'string' },
      'batch-size': { type: 'string' },
      json: { type: 'boolean' },
      ...HTML_OPTION,
    },
  })
  requireFlags(values, ['model', 'data', 'label', 'sensitive'])
  const input = {
    model: values.model,
    data: values.data,
    label: values.label,
    sensitive: splitNames(values.sensitive ?? []),
    positive: values.positive,
    threshold: numberFlag(values.threshold, '--threshold'),
    buckets: assignments(
      (values.bucket ?? []).map((t) => parseBucketFlag(t, '--bucket')),
      '--bucket',
    ),
    reference: assignments(
      (values.reference ?? []).map((t) => parseReferenceFlag(t, '--reference')),
      '--reference',
    ),
    bounds: [
      ...(values.min ?? []).map((t) => parseBoundFlag(t, '>=', 'value', '--min')),
      ...(values.max ?? []).map((t) => parseBoundFlag(t, '<=', 'value', '--max')),
    ],
    rules: splitNames(values.rule ?? []),
    minGroupSize: numberFlag(values['min-group-size'], '--min-group-size'),
    intersections: values.intersections,
    missing: values.missing,
    uncertainty: values.uncertainty,
    resamples: numberFlag(values.resamples, '--resamples'),
    seed: numberFlag(values.seed, '--seed'),
    level: numberFlag(values.level, '--level'),
    columns: values.columns == null ? undefined : splitNames([values.columns]),
    batchSize: numberFlag(values['batch-size'], '--batch-size'),
  }
  const config = parseConfig(fairnessConfigSchema, input, flagNamer(FLAG_NAMES))
  return { config, json: values.json === true, ...(values.html ? { html: values.html } : {}) }
}

/** Run the gate with progress bars on long scoring and a long bootstrap. */
export async function runFairnessCommand(config: FairnessConfig, io: CliIo): Promise<GateResult> {
  const progress = fairnessProgress((label, unit) => progressBar(io, label, unit))
  try {
    return await runFairnessGate(config, progress)
  } finally {
    progress.end()
  }
}

export const fairnessCommand: Command = {
  name: 'fairness',
  summary: 'compare a classifier’s decisions across protected groups and gate the disparities',
  usage: FAIRNESS_USAGE,
  run: async (args, io) => {
    const { config, json, html } = parseFairnessArgs(args)
    const result = await runFairnessCommand(config, io)
    if (html != null) await writeHtmlReport(html, [result], io)
    return { result, json }
  },
}

// --- internal ---

/** Settings keys whose flag has another name. */
const FLAG_NAMES: Readonly<Record<string, string>> = {
  buckets: '--bucket',
  bounds: '--min/--max',
  rules: '--rule',
}
