import type { GateResult, GateStatus } from '@mlgate/gates'

const RANK: Record<GateStatus, number> = { pass: 0, warn: 1, fail: 2, error: 3 }

/** The worst status among results: one failing gate fails the step. */
export function combinedStatus(results: readonly GateResult[]): GateStatus {
  let worst: GateStatus = 'pass'
  for (const r of results) if (RANK[r.status] > RANK[worst]) worst = r.status
  return worst
}
