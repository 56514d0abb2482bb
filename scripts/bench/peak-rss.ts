import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync } from 'node:fs'

/** What GNU time reports of a child; each null without /usr/bin/time. */
export type ChildUsage = {
  /** Peak resident set in MiB (GNU time's KB / 1024). */
  readonly peakRssMib: number | null
  /** CPU seconds outside the kernel, all threads: more than the run's seconds when both cores work. */
  readonly userSeconds: number | null
  /** CPU seconds in the kernel: on a virtual machine mostly page faults of new memory. */
  readonly systemSeconds: number | null
  /** Minor page faults: pages of new memory mapped on first touch. */
  readonly pageFaults: number | null
}

/**
 * `node ...args` in a fresh process under GNU time, which reports the child's peak resident set,
 * system time and page faults; without /usr/bin/time the child runs alone and they are null.
 * `node`: the Node binary, by default this process's.
 */
export function nodeWithPeakRss(
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
  node = process.execPath,
): { readonly child: SpawnSyncReturns<string> } & ChildUsage {
  const options = { encoding: 'utf8' as const, ...(env ? { env } : {}) }
  const child = existsSync('/usr/bin/time')
    ? spawnSync('/usr/bin/time', ['-f', `${MARK} %M %U %S %R`, node, ...args], options)
    : spawnSync(node, args, options)
  const m = new RegExp(`${MARK} (\\d+) ([\\d.]+) ([\\d.]+) (\\d+)`).exec(child.stderr)
  return {
    child,
    peakRssMib: m == null ? null : Number(m[1]) / 1024,
    userSeconds: m == null ? null : Number(m[2]),
    systemSeconds: m == null ? null : Number(m[3]),
    pageFaults: m == null ? null : Number(m[4]),
  }
}

// --- internal ---

/** GNU time's line on the child's stderr. */
const MARK = 'mlgate-peak-kb'
