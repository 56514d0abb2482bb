import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { GateResult } from '@mlgate/gates'
import { parseResultsJson } from '@mlgate/report'
import { downloadRunArtifacts } from './artifact-download.ts'
import { InputError } from './errors.ts'
import { multilineInput, optionalInput } from './inputs.ts'
import { findResultFiles, globRegExp } from './result-files.ts'
import type { Runner } from './runner.ts'

type Env = Readonly<Record<string, string | undefined>>

/** The key the combined report publishes under: comment marker, and artifact `mlgate-report`. */
export const REPORT_KEY = 'report'

/** One file of gate results and where it came from. */
export type ResultFile = {
  /** What a person reads in a message, e.g. `artifact mlgate-drift (drift.json)`. */
  readonly source: string
  /** The gate id to report under when the file cannot be read, e.g. `drift` for `mlgate-drift`. */
  readonly fallbackGate: string
  /** Larger is newer: upload time in ms, then artifact id (or the file's place in the list). */
  readonly newness: readonly [number, number]
  readonly text: string
  /** Why the file could not be fetched; its text is not read then. */
  readonly problem?: string
}

/**
 * The gate results of this workflow run, from the inputs of the report action: the files named by
 * `results` when given, else the run's artifacts whose names match `pattern` (default
 * `mlgate-*`, never the report's own `mlgate-report`). Then as `combineResults` does, with the
 * gate ids listed in `expect` (or `declared` when it is empty).
 */
export async function collectResultsFromInputs(
  runner: Runner,
  env: Env = process.env,
  /** Gate ids expected when the `expect` input is empty, e.g. those a policy file declares. */
  declared: readonly string[] = [],
): Promise<GateResult[]> {
  const paths = multilineInput(runner, 'results')
  const pattern = optionalInput(runner, 'pattern') ?? ''
  const given = splitIds(runner.input('expect'))
  const expect = given.length > 0 ? given : [...declared]
  if (paths.length > 0) {
    const cwd = env['GITHUB_WORKSPACE'] || process.cwd()
    const files = await findResultFiles(paths, cwd)
    runner.info(
      `Reading ${files.length} result file(s): ${files.map((f) => relative(cwd, f)).join(', ')}`,
    )
    const read = await Promise.all(
      files.map(async (f, i): Promise<ResultFile> => {
        const name = relative(cwd, f)
        return {
          source: name,
          fallbackGate: stem(name),
          newness: [0, i],
          text: await readFile(f, 'utf8'),
        }
      }),
    )
    return combineResults(read, expect, runner, 'none of the `results` files holds one')
  }
  if (pattern === '') {
    throw new InputError(
      'Inputs "pattern" and "results" are both empty, so there are no gate results to gather. Leave "pattern" at its default (mlgate-*) to read the artifacts the gate jobs uploaded, or list result files in "results".',
    )
  }
  const own = `mlgate-${REPORT_KEY}`
  const matcher = globRegExp(pattern)
  const into = await mkdtemp(join(env['RUNNER_TEMP'] || tmpdir(), 'mlgate-results-'))
  // The files are read into memory; the downloaded zips are not needed after that.
  const download = await downloadRunArtifacts(
    (n) => n !== own && matcher.test(n),
    into,
    env,
  ).finally(() => rm(into, { recursive: true, force: true }))
  if (!download.available) {
    throw new InputError(
      `Cannot list this run's artifacts: ${download.reason}. The report action must run as its own step in a job of the same workflow run as the gates; or download the results with actions/download-artifact and list them in "results".`,
    )
  }
  runner.info(
    `Found ${download.artifacts.length} artifact(s) matching ${pattern}: ${download.artifacts.map((a) => a.name).join(', ') || 'none'}`,
  )
  const files: ResultFile[] = []
  for (const a of download.artifacts) {
    const base = {
      fallbackGate: a.name.replace(/^mlgate-/, ''),
      newness: [a.createdAt?.getTime() ?? 0, a.id] as const,
      text: '',
    }
    const json = 'files' in a ? [...a.files.keys()].filter((f) => f.endsWith('.json')).sort() : []
    if ('problem' in a || json.length === 0) {
      const problem = 'problem' in a ? a.problem : 'it holds no .json file'
      files.push({ ...base, source: `artifact ${a.name}`, problem })
      continue
    }
    for (const f of json) {
      const text = a.files.get(f)?.toString('utf8') ?? ''
      files.push({ ...base, source: `artifact ${a.name} (${f})`, text })
    }
  }
  return combineResults(files, expect, runner, `no ${pattern} artifact in this run holds one`)
}

/**
 * One result per gate from many files, in a stable order: the `expect` ids first, as listed, then
 * the rest by gate id. A file that cannot be read becomes an `error` result under its fallback
 * gate id, saying why, so its section shows rather than vanishes. When two files hold the same
 * gate (a re-run job), the newer wins and the log says which was dropped. An expected gate with no
 * result becomes an `error` result: "no result: the job did not upload one". `whyMissing` ends that
 * sentence with what was searched.
 */
export function combineResults(
  files: readonly ResultFile[],
  expect: readonly string[],
  runner: Pick<Runner, 'info' | 'warn'>,
  whyMissing: string,
): GateResult[] {
  const newest = new Map<string, { result: GateResult; file: ResultFile }>()
  for (const file of files) {
    let results: GateResult[]
    try {
      if (file.problem != null) throw new Error(`${file.source}: ${file.problem}.`)
      results = parseResultsJson(file.text, file.source)
    } catch (error) {
      results = [unreadable(file, error instanceof Error ? error.message : String(error))]
    }
    for (const result of results) {
      const seen = newest.get(result.gate)
      if (seen == null) {
        newest.set(result.gate, { result, file })
        continue
      }
      const [keep, drop] = newer(file, seen.file) ? [file, seen.file] : [seen.file, file]
      runner.warn(
        `Two results for gate "${result.gate}": kept the newer one from ${keep.source}, dropped ${drop.source}.`,
      )
      if (keep === file) newest.set(result.gate, { result, file })
    }
  }
  const expected = expect.map(
    (id) => newest.get(id)?.result ?? missing(id, `${MISSING} (${whyMissing}).`),
  )
  const rest = [...newest.keys()]
    .filter((id) => !expect.includes(id))
    .sort()
    .map((id) => newest.get(id)?.result)
    .filter((r): r is GateResult => r != null)
  if (expect.length > 0 && rest.length > 0) {
    runner.info(
      `Reporting gates not listed in "expect" as well: ${rest.map((r) => r.gate).join(', ')}.`,
    )
  }
  const all = [...expected, ...rest]
  if (all.length === 0) {
    throw new InputError(
      `No gate results found (${whyMissing}). Make the report job \`needs:\` the gate jobs, and let each gate upload its result (the default); or list the gate ids in "expect" so that missing ones are reported.`,
    )
  }
  return all
}

// --- internal ---

const MISSING = 'No result: the job did not upload one'

function newer(a: ResultFile, b: ResultFile): boolean {
  return a.newness[0] !== b.newness[0] ? a.newness[0] > b.newness[0] : a.newness[1] > b.newness[1]
}

function unreadable(file: ResultFile, message: string): GateResult {
  return missing(file.fallbackGate, `Its result could not be read: ${message}`)
}

/** An `error` result standing for a gate whose result is absent or unreadable. */
function missing(gate: string, summary: string): GateResult {
  return {
    gate,
    title: `${gate.charAt(0).toUpperCase()}${gate.slice(1)} gate`,
    status: 'error',
    summary,
    checks: [],
    metrics: {},
    tables: [],
    findings: [
      {
        severity: 'error',
        message: `Open the log of the job that runs the ${gate} gate: it may have failed before publishing, or run with a different artifact name.`,
      },
    ],
    context: {},
    policy: 'A gate without a readable result counts as an error: the report cannot vouch for it.',
  }
}

/** Gate ids from a comma- or line-separated list. */
function splitIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ]
}

function stem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path
  return base.replace(/\.json$/i, '').replace(/^mlgate-/, '') || base
}
