import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { nodeWithPeakRss } from '../scripts/bench/peak-rss.ts'

const hasTime = existsSync('/usr/bin/time')

describe("the bench's usage of a child process (GNU time)", () => {
  it.skipIf(!hasTime)('reads the peak RSS, CPU times and page faults of a child', () => {
    // 400 MB of doubles, a value in each 4 KiB page: that much resident, and page faults (fewer
    // than pages where the kernel maps huge pages).
    const { child, peakRssMib, userSeconds, systemSeconds, pageFaults } = nodeWithPeakRss([
      '-e',
      'const a = new Float64Array(5e7); for (let i = 0; i < a.length; i += 512) a[i] = i',
    ])
    expect(child.status).toBe(0)
    expect(peakRssMib).toBeGreaterThan(381)
    expect(userSeconds).toBeGreaterThanOrEqual(0)
    expect(systemSeconds).toBeGreaterThanOrEqual(0)
    expect((userSeconds ?? 0) + (systemSeconds ?? 0)).toBeGreaterThan(0)
    expect(pageFaults).toBeGreaterThan(100)
  })

  it.skipIf(hasTime)('runs the child alone without /usr/bin/time, its usage unknown', () => {
    const usage = nodeWithPeakRss(['-e', ''])
    expect(usage.child.status).toBe(0)
    expect(usage).toMatchObject({ peakRssMib: null, userSeconds: null, pageFaults: null })
  })
})
