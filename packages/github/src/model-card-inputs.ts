import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { GateResult, Lineage, ModelCard } from '@mlgate/gates'
import { ResultsJsonError, parseResultsJson } from '@mlgate/report'
import { InputError } from './errors.ts'
import { multilineInput } from './inputs.ts'
import { findResultFiles } from './result-files.ts'
import { readRunContext } from './run-context.ts'
import type { Runner } from './runner.ts'

type Env = Readonly<Record<string, string | undefined>>

/** A card built by the model-card action, and where it was written (not when it is an error). */
export type CardRun = {
  readonly card: ModelCard
  readonly files?: { readonly markdown: string; readonly json: string }
}

/**
 * The gate results the model-card action reads: the files named by `results` (paths, folders or
 * globs, relative to the checkout), by default every `mlgate-*.json` report the gate actions of
 * this job left in RUNNER_TEMP. A single GateResult (a gate action's report file, `mlgate <gate>
 * --json`) and the report of several (`{ status, results }`, the JSON artifact) both read.
 */
export async function readCardResults(
  runner: Runner,
  env: Env = process.env,
): Promise<GateResult[]> {
  const cwd = env['GITHUB_WORKSPACE'] || process.cwd()
  const files = await resultFiles(runner, cwd, env)
  runner.info(`Reading gate results from ${files.map((f) => relative(cwd, f) || f).join(', ')}.`)
  const results: GateResult[] = []
  for (const file of files) {
    const text = await readFile(file, 'utf8')
    try {
      results.push(...parseResultsJson(text, relative(cwd, file) || file))
    } catch (error) {
      if (error instanceof ResultsJsonError) throw new InputError(error.message)
      throw error
    }
  }
  return results
}

/**
 * The lineage of this run for the card: on pull requests the head commit and branch (GITHUB_SHA
 * is the test-merge commit there), else GITHUB_SHA and GITHUB_REF.
 */
export function runLineage(env: Env = process.env): Lineage {
  const ctx = readRunContext(env)
  const head = env['GITHUB_HEAD_REF']
  const ref = head ? `refs/heads/${head}` : env['GITHUB_REF']
  return {
    ...(ctx.sha ? { commit: ctx.sha } : {}),
    repository: `${ctx.owner}/${ctx.repo}`,
    serverUrl: ctx.serverUrl,
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    ...(ref ? { ref } : {}),
  }
}

// --- internal ---

/** The files `results` names, or the gate actions' reports in RUNNER_TEMP when it is empty. */
async function resultFiles(runner: Runner, cwd: string, env: Env): Promise<string[]> {
  const given = multilineInput(runner, 'results')
  if (given.length > 0) return findResultFiles(given, cwd)
  const temp = env['RUNNER_TEMP']
  const none = (why: string) =>
    new InputError(
      `Input "results" is empty and ${why}: run the gate actions earlier in this job (they leave their reports there), or list the result files in "results".`,
    )
  if (!temp) throw none('RUNNER_TEMP is not set')
  return findResultFiles([join(temp, 'mlgate-*.json')], cwd).catch((error: unknown) => {
    throw error instanceof InputError ? none('RUNNER_TEMP holds no mlgate-*.json report') : error
  })
}
