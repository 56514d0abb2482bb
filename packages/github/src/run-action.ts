import type { GateResult, GateStatus } from '@mlgate/gates'
import { combinedStatus } from './_status.ts'
import { githubRunner, type Runner } from './runner.ts'

/** An action's body: returns its gate result(s), or nothing for actions that gate nothing. */
export type ActionBody = (
  runner: Runner,
) => Promise<GateResult | readonly GateResult[] | undefined | void>

/**
 * The one outer catch of every action. Writes the `status` output before anything can fail the
 * step (so `if: always()` steps can read it), maps pass/warn to success (warn also as a
 * `::warning::`) and fail/error to a failed step with an `::error::` line. A thrown non-Error is
 * reported as `String(thrown)`, so a `throw 'x'` cannot let the step pass; stacks go to the debug
 * log. Never throws; only this function decides the step's exit status.
 */
export async function runAction(
  body: ActionBody,
  runner: Runner = githubRunner(),
): Promise<GateStatus | undefined> {
  let results: readonly GateResult[]
  try {
    const returned = await body(runner)
    if (returned === undefined) return undefined
    results = isList(returned) ? returned : [returned]
    if (results.length === 0) {
      throw new Error(
        'The action returned no gate result: nothing was evaluated, which counts as an error, not a pass.',
      )
    }
  } catch (error) {
    return failWithError(runner, error)
  }
  try {
    const status = combinedStatus(results)
    runner.output('status', status)
    for (const r of results) {
      const line = `${r.title}: ${r.summary}`
      if (r.status === 'pass') runner.info(line)
      else if (r.status === 'warn') runner.warn(line)
    }
    if (status === 'fail' || status === 'error') {
      runner.fail(
        results
          .filter((r) => r.status === 'fail' || r.status === 'error')
          .map(
            (r) =>
              `${r.title} ${r.status === 'fail' ? 'failed' : 'could not be evaluated'}: ${r.summary}`,
          )
          .join('\n'),
      )
    }
    return status
  } catch (error) {
    return failWithError(runner, error)
  }
}

// --- internal ---

function failWithError(runner: Runner, error: unknown): 'error' {
  const message = error instanceof Error ? error.message : String(error)
  let extra = ''
  try {
    runner.output('status', 'error')
  } catch (outputError) {
    extra = `\n(The status output could not be written either: ${outputError instanceof Error ? outputError.message : String(outputError)})`
  }
  if (error instanceof Error && error.stack) runner.debug(error.stack)
  if (error instanceof Error && error.cause !== undefined)
    runner.debug(`Caused by: ${String(error.cause)}`)
  runner.fail(message + extra)
  return 'error'
}

function isList(value: GateResult | readonly GateResult[]): value is readonly GateResult[] {
  return Array.isArray(value)
}
