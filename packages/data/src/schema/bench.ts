import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { inferSchemaFromFile } from './infer.ts'
import { parseSchema } from './parse-schema.ts'
import { schemaToYaml } from './schema-yaml.ts'
import { validateFile } from './validate.ts'

/** One timed step of the schema benchmark. */
export type SchemaBenchStep = {
  readonly step: string
  readonly rows: number
  readonly columns: number
  readonly seconds: number
  readonly rowsPerSecond: number
}

export type SchemaBenchResult = {
  readonly steps: readonly SchemaBenchStep[]
  /** Violations found in the current file (it drifts on five features, so some are expected). */
  readonly violations: number
  /** Peak resident memory of the process so far, in MiB (includes everything run before). */
  readonly peakRssMiB: number
}

/**
 * The schema benchmark on the reference workload (`gen.mjs DIR 1000000`, performance.md):
 * infer a schema from `DIR/ref.csv`, then validate `DIR/cur.csv` against it, both streamed, and
 * `DIR/ref.parquet` (row group by row group) when the bench has written it. Prints nothing; the
 * caller (scripts/bench/main.ts) reports rows per second.
 */
export async function benchSchemaValidation(dir: string): Promise<SchemaBenchResult> {
  const ref = join(dir, 'ref.csv')
  const cur = join(dir, 'cur.csv')
  let started = performance.now()
  const inferred = await inferSchemaFromFile(ref, { label: 'label' })
  const inferSeconds = (performance.now() - started) / 1000
  const columns = Object.keys(inferred.schema.columns).length
  const parsed = parseSchema(schemaToYaml(inferred.schema, inferred), 'bench.schema.yml')
  started = performance.now()
  const report = await validateFile(parsed, cur, { environment: 'training' })
  const validateSeconds = (performance.now() - started) / 1000
  const parquet = join(dir, 'ref.parquet')
  started = performance.now()
  const parquetReport = existsSync(parquet)
    ? await validateFile(parsed, parquet, { environment: 'training' })
    : undefined
  const parquetSeconds = (performance.now() - started) / 1000
  const step = (name: string, rows: number, seconds: number): SchemaBenchStep => ({
    step: name,
    rows,
    columns,
    seconds,
    rowsPerSecond: rows / seconds,
  })
  return {
    steps: [
      step('schema infer (ref.csv, streamed)', inferred.rows, inferSeconds),
      step('schema validate (cur.csv, streamed)', report.rows, validateSeconds),
      ...(parquetReport
        ? [step('schema validate (ref.parquet, streamed)', parquetReport.rows, parquetSeconds)]
        : []),
    ],
    violations: report.violations.length,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }
}
