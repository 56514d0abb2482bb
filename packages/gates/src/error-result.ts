import type { Finding, GateResult } from './result.ts'

/**
 * The result of a gate that evaluated nothing (no rows, a missing input, an absent result): status
 * `error` with no checks, one error finding saying what to look at, and the facts known.
 */
export function errorResult(fields: {
  readonly gate: string
  readonly title: string
  readonly summary: string
  readonly finding: Omit<Finding, 'severity'>
  readonly policy: string
  readonly context?: GateResult['context']
}): GateResult {
  return {
    gate: fields.gate,
    title: fields.title,
    status: 'error',
    summary: fields.summary,
    checks: [],
    metrics: {},
    tables: [],
    findings: [{ severity: 'error', ...fields.finding }],
    context: fields.context ?? {},
    policy: fields.policy,
  }
}
