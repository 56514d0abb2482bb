import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * `node ...args` in a fresh process under GNU time, which reports the child's peak resident set;
 * without /usr/bin/time the child runs alone and the peak is null. In MiB (GNU time's KB / 1024).
 * `node`: the Node binary, by default this process's.
 */
export function nodeWithPeakRss(
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
  node = process.execPath,
): { readonly child: SpawnSyncReturns<string>; readonly peakRssMib: number | null } {
  const options = { encoding: 'utf8' as const, ...(env ? { env } : {}) }
  const child = existsSync('/usr/bin/time')
    ? spawnSync('/usr/bin/time', ['-f', `${MARK} %M`, node, ...args], options)
    : spawnSync(node, args, options)
  const kb = new RegExp(`${MARK} (\\d+)`).exec(child.stderr)?.[1]
  return { child, peakRssMib: kb == null ? null : Number(kb) / 1024 }
}

// --- internal ---

/** GNU time's line on the child's stderr. */
const MARK = 'mlgate-peak-kb'
