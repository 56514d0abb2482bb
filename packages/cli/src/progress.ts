import { progressLines, type ProgressDisplay } from '@mlgate/gates'
import type { CliIo } from './io.ts'

/**
 * A one-line progress bar on stderr for long work (scoring rows, drawing resamples), redrawn at
 * most ten times a second. Off a terminal (a CI log, where a bar is noise) long work writes a
 * plain line every few seconds instead (`progressLines`).
 */
export function progressBar(io: CliIo, label: string, unit = 'rows'): ProgressDisplay {
  if (!io.interactive) return progressLines((line) => io.stderr(`${line}\n`), label, unit)
  let last = 0
  let drawn = false
  const width = 30
  return {
    update(done, total) {
      if (total === 0) return
      const now = Date.now()
      if (done < total && now - last < 100) return
      last = now
      const filled = Math.round((done / total) * width)
      const pct = Math.floor((done / total) * 100)
      io.stderr(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${total} ${unit}`,
      )
      drawn = true
    },
    end() {
      if (drawn) io.stderr('\n')
      drawn = false
    },
  }
}
