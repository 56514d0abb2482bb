import type { Finding, GateResult, GateStatus } from '@mlgate/gates'
import { formatCount } from './_format.ts'
import { clipLine } from './_text.ts'

export const STATUS_EMOJI: Readonly<Record<GateStatus, string>> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '🚫',
}

export const STATUS_WORD: Readonly<Record<GateStatus, string>> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  error: 'Error',
}

export const SEVERITY_EMOJI: Readonly<Record<Finding['severity'], string>> = {
  error: '❌',
  warning: '⚠️',
  notice: 'ℹ️',
}

/**
 * The status of several gates: the worst one, `error` ranking above `fail` because a gate that
 * could not evaluate says less than one that measured a failure. No gates at all is `error`: a run
 * that checked nothing must not read as a pass.
 */
export function overallStatus(results: readonly GateResult[]): GateStatus {
  if (results.length === 0) return 'error'
  let worst: GateStatus = 'pass'
  for (const r of results) if (RANK[r.status] > RANK[worst]) worst = r.status
  return worst
}

/** One sentence for the headline (plain text, not escaped). */
export function headlineSentence(results: readonly GateResult[]): string {
  const [only] = results
  if (only == null) return 'No gate results to report: a run that checked nothing cannot pass.'
  if (results.length === 1) return `${only.title}: ${only.summary}`
  const passed = results.filter((r) => r.status === 'pass').length
  if (passed === results.length) return `All ${formatCount(results.length)} gates passed.`
  const others = results.filter((r) => r.status !== 'pass')
  // Worst first, so a long list still names what failed.
  const named = [...others].sort((a, b) => RANK[b.status] - RANK[a.status])
  const shown = named.slice(0, MAX_NAMED).map((r) => `${clipLine(r.title, 80)} ${VERB[r.status]}`)
  const rest = named.length - shown.length
  return `${formatCount(passed)} of ${formatCount(results.length)} gates passed; ${shown.join(', ')}${rest > 0 ? ` and ${formatCount(rest)} more did not pass` : ''}.`
}

// --- internal ---

const RANK: Readonly<Record<GateStatus, number>> = { pass: 0, warn: 1, fail: 2, error: 3 }
const VERB: Readonly<Record<GateStatus, string>> = {
  pass: 'passed',
  warn: 'warned',
  fail: 'failed',
  error: 'could not run',
}
const MAX_NAMED = 5
