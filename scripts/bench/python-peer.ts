import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { settle } from './settle.ts'

/** The seconds of the peer's step that covers its whole pipeline. */
export const PEER_TOTAL = 'TOTAL (in-process, incl. imports)'

/**
 * One run of the Python peer of performance.md on `dir` (its per-step seconds), or null when
 * Debian's pandas/scikit-learn/scipy or the peer's script are not there. `out` is its working
 * folder: the peer writes its Markdown report there.
 */
export function runPythonPeer(
  root: string,
  out: string,
  dir: string,
): Record<string, number> | null {
  const script = join(root, '..', 'shared', 'bench', 'py_pipeline.py')
  if (!existsSync('/usr/bin/python3') || !existsSync(script)) return null
  settle()
  try {
    const text = execFileSync('/usr/bin/python3', [script, dir], {
      encoding: 'utf8',
      cwd: out,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const seconds: Record<string, number> = {}
    for (const line of text.split('\n')) {
      const m = /^(.+?)\s+([0-9.]+) s$/.exec(line.trim())
      if (m?.[1] != null && m[2] != null) seconds[m[1]] = Number(m[2])
    }
    return seconds[PEER_TOTAL] === undefined ? null : seconds
  } catch {
    return null
  }
}
