import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { GateResult, SchemaConfig } from '@mlgate/gates'
import {
  ConfigError,
  inferSchemaText,
  parseConfig,
  runSchemaDiff,
  runSchemaGate,
  schemaConfigSchema,
} from '@mlgate/gates'
import type { Command } from '../command.ts'
import type { CliIo } from '../io.ts'
import { UsageError } from '../usage-error.ts'
import { flagNamer, listFlag, numberFlag, requireFlags } from '../flags.ts'

export const SCHEMA_USAGE = `Usage:
  mlgate schema infer --data train.csv [--label y] > schema.yml
  mlgate schema validate --schema schema.yml --data holdout.csv [options]
  mlgate schema diff before.yml after.yml

infer     writes a schema inferred from a reference dataset (a training split): types, missing
          shares, widened and rounded ranges, categories of low-cardinality text, with comments
          saying how each rule was chosen. Review it and keep it in the repository.
  --data <file>             reference data: CSV or Parquet (streamed), or JSONL (required)
  --label <column>          the label: limited to the training environment (absent when serving)
  --max-categories <n>      most distinct values a text column may have to be a category (50)
  --missing <text>          a cell text meaning "missing" besides the empty cell (repeatable)
  --out <file>              write the schema (YAML) to a file instead of stdout

validate  checks data against a schema, every row, streaming CSV and Parquet in bounded memory;
          lists every broken rule with its column, expected and found values, count and example
          rows.
  --schema <file>           schema file, YAML or JSON (required)
  --data <file>             data to check: CSV, JSONL or Parquet (required)
  --environment <name>      e.g. serving: columns limited to other environments must be absent
  --model <file>            ONNX model the data feeds: its inputs must fit the schema's columns
  --columns <a,b,c>         feature order of a model with one [N, F] input that does not name them
  --examples <n>            example rows per broken rule (default 5)
  --json                    print the GateResult as JSON on stdout

diff      names added, removed and retyped columns and every changed rule between two schemas;
          removed or retyped columns fail, other changes warn.
  --json                    print the GateResult as JSON on stdout

Exit codes: 0 pass or warn, 1 fail, 2 usage or input error.`

/** What a `schema` subcommand produced: a gate result, or text for stdout (the inferred schema). */
export type SchemaOutcome =
  { readonly result: GateResult; readonly json: boolean } | { readonly text: string }

/** Runs `mlgate schema <subcommand> ...args`. */
export async function runSchemaSubcommand(
  args: readonly string[],
  io: CliIo,
): Promise<SchemaOutcome> {
  const [sub, ...rest] = args
  if (sub === 'infer') return inferCommand(rest, io)
  if (sub === 'validate') {
    const { config, json } = parseValidateArgs(rest)
    return { result: await runSchemaGate(config), json }
  }
  if (sub === 'diff') {
    const { values, positionals } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    if (positionals.length !== 2) {
      throw new UsageError(
        `mlgate schema diff takes two schema files (before, after), got ${positionals.length}.`,
      )
    }
    const [before = '', after = ''] = positionals
    return { result: await runSchemaDiff(before, after), json: values.json === true }
  }
  throw new UsageError(
    sub == null
      ? 'mlgate schema needs a subcommand: infer, validate or diff.'
      : `Unknown schema subcommand "${sub}"; use infer, validate or diff.`,
  )
}

/** Parse the flags of `mlgate schema validate` into the gate's settings. */
export function parseValidateArgs(args: readonly string[]): {
  config: SchemaConfig
  json: boolean
} {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      schema: { type: 'string' },
      data: { type: 'string' },
      environment: { type: 'string' },
      model: { type: 'string' },
      columns: { type: 'string' },
      examples: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  requireFlags(values, ['schema', 'data'])
  const input = {
    schema: values.schema,
    data: values.data,
    environment: values.environment,
    model: values.model,
    columns: listFlag(values.columns),
    examples: numberFlag(values.examples, '--examples'),
  }
  const config = parseConfig(schemaConfigSchema, input, flagNamer())
  return { config, json: values.json === true }
}

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'infer a data schema, validate data against it, or diff two schemas',
  usage: SCHEMA_USAGE,
  run: async (args, io) => {
    const outcome = await runSchemaSubcommand(args, io)
    if (!('text' in outcome)) return outcome
    io.stdout(outcome.text)
    return { exitCode: 0 }
  },
}

// --- internal ---

async function inferCommand(args: readonly string[], io: CliIo): Promise<SchemaOutcome> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      data: { type: 'string' },
      label: { type: 'string' },
      'max-categories': { type: 'string' },
      missing: { type: 'string', multiple: true },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (values.data == null) throw new UsageError('--data is required.')
  const maxCategories = numberFlag(values['max-categories'], '--max-categories')
  if (maxCategories != null && (!Number.isInteger(maxCategories) || maxCategories < 0)) {
    throw new UsageError(`--max-categories expects a whole number >= 0, got ${maxCategories}.`)
  }
  let inferred
  try {
    inferred = await inferSchemaText(values.data, {
      ...(values.label != null ? { label: values.label } : {}),
      ...(maxCategories != null ? { maxCategories } : {}),
      ...(values.missing != null ? { missing: values.missing } : {}),
    })
  } catch (error) {
    // A label that is not a column is a mistake on the command line.
    if (error instanceof RangeError) throw new UsageError(`--label: ${error.message}.`)
    throw error
  }
  if (inferred.inferred.rows === 0) {
    throw new ConfigError(
      `${values.data} has a header but no data rows: there is nothing to infer a schema from.`,
    )
  }
  if (values.out == null) return { text: inferred.text }
  await writeFile(values.out, inferred.text)
  io.stderr(`Schema written to ${values.out}\n`)
  return {
    result: inferResult(values.data, values.out, inferred.inferred),
    json: values.json === true,
  }
}

function inferResult(
  data: string,
  out: string,
  inferred: Awaited<ReturnType<typeof inferSchemaText>>['inferred'],
): GateResult {
  const columns = Object.entries(inferred.schema.columns)
  return {
    gate: 'schema-infer',
    title: 'Schema inference',
    status: 'pass',
    summary: `Inferred ${columns.length} columns from ${inferred.rows} rows of ${data}; written to ${out}.`,
    checks: [],
    metrics: { rows: inferred.rows, columns: columns.length },
    tables: [
      {
        title: 'Inferred columns',
        columns: ['column', 'type', 'rules', 'observed'],
        rows: columns.map(([name, c]) => [
          name,
          c.type,
          [
            c.min != null || c.max != null ? `${String(c.min ?? '')}..${String(c.max ?? '')}` : '',
            c.categories != null ? `${c.categories.length} categories` : '',
            (c.max_null_share ?? 0) > 0 ? `≤ ${c.max_null_share} missing` : '',
            c.regex != null ? `/${c.regex}/` : '',
            c.unique === true ? 'unique' : '',
            c.environments != null ? `only in ${c.environments.join(', ')}` : '',
          ]
            .filter((s) => s !== '')
            .join(', '),
          inferred.notes[name] ?? '',
        ]),
        priority: 0,
      },
    ],
    findings: [],
    context: { data, schema: out, rows: inferred.rows },
    policy: 'Inference gates nothing: review the schema before relying on it.',
  }
}
