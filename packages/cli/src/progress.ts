import type { CliIo } from './io.ts'

/**
 * A one-line progress bar on stderr for long work (scoring rows, drawing resamples). Redrawn at
 * most ten times a second, and only on a terminal: in CI logs a bar is noise.
 */
export function progressBar(
  io: CliIo,
  label: string,
  unit = 'rows',
): { update(done: number, total: number): void; end(): void } {
  let last = 0
  let drawn = false
  const width = 30
  return {
    update(done, total) {
      if (!io.interactive || total === 0) return
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
