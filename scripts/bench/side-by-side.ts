import type { CliRunStep, NodeBinary } from './cli-run.ts'
import { coldAndCached } from './cli-run.ts'
import { PEER_TOTAL, runPythonPeer } from './python-peer.ts'

/**
 * One round: the Python peer, then `mlgate run` cold and with its profile cached, on this
 * process's Node and (`actions`) on the Node GitHub's runner starts actions with.
 */
export type SideBySideRound = {
  readonly peer: Record<string, number>
  readonly cold: CliRunStep
  readonly cached: CliRunStep
  readonly actions?: { readonly cold: CliRunStep; readonly cached: CliRunStep }
}

/**
 * `rounds` rounds of the Python peer and `mlgate run` of its pipeline back to back, so that
 * each ratio compares runs made within the same minute: this machine's pace moves from one
 * minute to the next, and mlgate, which uses both cores, moves with it more than the peer.
 * Null when the peer cannot run.
 */
export function benchSideBySide(
  root: string,
  out: string,
  dataDir: string,
  model: { readonly name: string; readonly path: string },
  rows: number,
  rounds: number,
  actionsNode: NodeBinary | null,
): SideBySideRound[] | null {
  const done: SideBySideRound[] = []
  for (let round = 1; round <= rounds; round++) {
    const peer = runPythonPeer(root, out, dataDir)
    if (peer == null) return null
    process.stderr.write(
      `side by side, round ${round}: Python peer ${peerTotal(peer).toFixed(3)} s\n`,
    )
    const [cold, cached] = coldAndCached(
      root,
      out,
      dataDir,
      model,
      rows,
      0,
      `side by side, round ${round}: mlgate run, ${model.name}`,
    )
    if (actionsNode == null) {
      done.push({ peer, cold, cached })
      continue
    }
    const [actionsCold, actionsCached] = coldAndCached(
      root,
      out,
      dataDir,
      model,
      rows,
      0,
      `side by side, round ${round}: mlgate run, ${model.name}, Node ${actionsNode.version}`,
      actionsNode,
    )
    done.push({ peer, cold, cached, actions: { cold: actionsCold, cached: actionsCached } })
  }
  return done
}

export function peerTotal(peer: Record<string, number>): number {
  return peer[PEER_TOTAL] as number
}

/** The round whose peer time is the median (the lower middle one for an even count). */
export function medianRound(rounds: readonly SideBySideRound[]): SideBySideRound {
  const sorted = [...rounds].sort((a, b) => peerTotal(a.peer) - peerTotal(b.peer))
  return sorted[Math.floor((sorted.length - 1) / 2)] as SideBySideRound
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
