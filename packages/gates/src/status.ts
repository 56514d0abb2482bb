import type { GateStatus } from './result.ts'

/** Severity order: a gate's status is its worst check's. */
const RANK: Record<GateStatus, number> = { pass: 0, warn: 1, fail: 2, error: 3 }

export function worstStatus(statuses: Iterable<GateStatus>): GateStatus {
  let worst: GateStatus = 'pass'
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s
  return worst
}
