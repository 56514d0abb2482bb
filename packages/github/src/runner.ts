import * as core from '@actions/core'

/**
 * Everything an action may do to its step. `githubRunner()` implements it with `@actions/core`;
 * tests pass `fakeRunner()` from `@mlgate/github/testing`, so no logic needs module mocks.
 */
export type Runner = {
  /** The raw input value, `''` when the input is absent (as the runner passes it). */
  input(name: string): string
  output(name: string, value: string): void
  /** Appends markdown to the job summary. */
  summary(markdown: string): Promise<void>
  info(message: string): void
  warn(message: string): void
  /** Marks the step failed (exit code 1) with an `::error::` line; does not exit. */
  fail(message: string): void
  debug(message: string): void
}

/** The `Runner` of a real GitHub Actions step. */
export function githubRunner(): Runner {
  return {
    // Untrimmed, so `fakeRunner` and the runner agree; the input helpers trim.
    input: (name) => core.getInput(name, { trimWhitespace: false }),
    output: (name, value) => core.setOutput(name, value),
    summary: async (markdown) => {
      // core.summary.write() throws when the variable is unset (outside a runner step); a missing
      // summary is not worth failing a gate over.
      if (!process.env['GITHUB_STEP_SUMMARY']) {
        core.debug('GITHUB_STEP_SUMMARY is not set: job summary skipped.')
        return
      }
      await core.summary.addRaw(markdown, true).write()
    },
    info: (message) => core.info(message),
    warn: (message) => core.warning(message),
    fail: (message) => core.setFailed(message),
    debug: (message) => core.debug(message),
  }
}
