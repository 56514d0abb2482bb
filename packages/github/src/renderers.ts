import type { GateResult } from '@mlgate/gates'
import { renderCheckOutput, renderJson, renderMarkdown, renderSummary } from '@mlgate/report'
import type { CheckOutput } from './check-run.ts'

/** The documents `publish` needs; `@mlgate/report` provides them, tests may pass their own. */
export type Renderers = {
  /** The PR comment. Must stay under `limit` characters and contain `marker`. */
  readonly renderMarkdown: (
    results: readonly GateResult[],
    options: { readonly limit: number; readonly marker: string; readonly runUrl?: string },
  ) => string
  readonly renderCheckOutput: (results: readonly GateResult[]) => CheckOutput
  readonly renderSummary: (results: readonly GateResult[]) => string
  readonly renderJson: (results: readonly GateResult[]) => string
}

export const reportRenderers: Renderers = {
  renderMarkdown,
  renderCheckOutput,
  renderSummary,
  renderJson,
}
