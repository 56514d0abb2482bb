import type { Runner } from './runner.ts'
import { readActionMetadata } from './action-metadata.ts'

/** A `Runner` that records what the action did, for assertions. */
export type FakeRunner = Runner & {
  readonly outputs: ReadonlyMap<string, string>
  readonly summaries: readonly string[]
  readonly infos: readonly string[]
  readonly warnings: readonly string[]
  readonly failures: readonly string[]
  readonly debugs: readonly string[]
}

export type FakeRunnerOptions = {
  /**
   * Values for `${{ … }}` expressions in `default:` values, keyed by the expression, e.g.
   * `{ 'github.token': 'ghs_rw' }`. `github.token` defaults to `'ghs_fake'`.
   */
  readonly expressions?: Readonly<Record<string, string>>
}

/**
 * A `Runner` driven by an action's own `action.yml`: defaults are filled in as strings (as the
 * runner does) and any input or output the metadata does not declare throws, so every test that
 * uses it also checks that code and metadata agree.
 */
export function fakeRunner(
  actionYmlPath: string,
  given: Readonly<Record<string, string>> = {},
  options: FakeRunnerOptions = {},
): FakeRunner {
  const meta = readActionMetadata(actionYmlPath)
  const declared = [...meta.inputs.keys()].join(', ')
  for (const name of Object.keys(given)) {
    if (!meta.inputs.has(name)) {
      throw new Error(
        `Input "${name}" is not declared in ${actionYmlPath} (declared: ${declared}).`,
      )
    }
  }
  const expressions = { 'github.token': 'ghs_fake', ...options.expressions }
  const outputs = new Map<string, string>()
  const summaries: string[] = []
  const infos: string[] = []
  const warnings: string[] = []
  const failures: string[] = []
  const debugs: string[] = []
  return {
    outputs,
    summaries,
    infos,
    warnings,
    failures,
    debugs,
    input(name) {
      const spec = meta.inputs.get(name)
      if (!spec) {
        throw new Error(
          `The action reads input "${name}", which ${actionYmlPath} does not declare (declared: ${declared}).`,
        )
      }
      const value = given[name] ?? spec.default
      return value === undefined ? '' : evaluate(value, expressions, actionYmlPath)
    },
    output(name, value) {
      if (!meta.outputs.has(name)) {
        const list = [...meta.outputs].join(', ')
        throw new Error(
          `The action writes output "${name}", which ${actionYmlPath} does not declare (declared: ${list}).`,
        )
      }
      outputs.set(name, value)
    },
    summary: (markdown) => {
      summaries.push(markdown)
      return Promise.resolve()
    },
    info: (message) => void infos.push(message),
    warn: (message) => void warnings.push(message),
    fail: (message) => void failures.push(message),
    debug: (message) => void debugs.push(message),
  }
}

// --- internal ---

/** Substitutes `${{ expr }}` the way the runner would for the few expressions defaults use. */
function evaluate(
  value: string,
  expressions: Readonly<Record<string, string>>,
  path: string,
): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_all, expr: string) => {
    const known = expressions[expr]
    if (known === undefined) {
      throw new Error(
        `${path}: default uses \${{ ${expr} }}, which fakeRunner cannot evaluate; pass it in options.expressions.`,
      )
    }
    return known
  })
}
