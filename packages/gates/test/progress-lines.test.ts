import { describe, expect, it } from 'vitest'
import {
  accuracyProgress,
  fairnessProgress,
  progressLines,
  type MakeProgress,
} from '../src/progress-lines.ts'

/** A clock the test moves, and the lines written. */
function setup(every = 5000) {
  let time = 1_000
  const lines: string[] = []
  const progress = progressLines((l) => lines.push(l), 'bootstrap', 'resamples', {
    every,
    now: () => time,
  })
  return { progress, lines, advance: (ms: number) => (time += ms) }
}

describe('progressLines', () => {
  it('says nothing for work that ends within the interval', () => {
    const { progress, lines, advance } = setup()
    for (let done = 0; done <= 1000; done += 25) {
      progress.update(done, 1000)
      advance(100)
    }
    progress.end()
    expect(lines).toEqual([])
  })

  it('writes a line per interval of long work, and where it ended', () => {
    const { progress, lines, advance } = setup()
    for (let done = 25; done <= 1000; done += 25) {
      progress.update(done, 1000)
      advance(400) // 1,000 resamples in 16 s
    }
    progress.end()
    // The last update fell on an interval: its line is where the work ended.
    expect(lines).toEqual([
      'bootstrap: 350/1000 resamples (35%, 5.2 s)',
      'bootstrap: 675/1000 resamples (67%, 10.4 s)',
      'bootstrap: 1000/1000 resamples (100%, 15.6 s)',
    ])
  })

  it('ends with where the work stopped, once', () => {
    const { progress, lines, advance } = setup()
    progress.update(0, 10)
    advance(6000)
    progress.update(4, 10)
    advance(1000)
    progress.update(7, 10)
    progress.end()
    expect(lines).toEqual([
      'bootstrap: 4/10 resamples (40%, 6.0 s)',
      'bootstrap: 7/10 resamples (70%, 7.0 s)',
    ])
  })

  it('does not repeat the last line, and starts anew after end', () => {
    const { progress, lines, advance } = setup()
    progress.update(0, 10)
    advance(6000)
    progress.update(10, 10)
    progress.end()
    expect(lines).toEqual(['bootstrap: 10/10 resamples (100%, 6.0 s)'])
    progress.update(0, 10)
    advance(1000)
    progress.update(10, 10)
    progress.end()
    expect(lines).toHaveLength(1)
  })

  it('writes every update with an interval of 0', () => {
    const { progress, lines } = setup(0)
    progress.update(1, 2)
    progress.update(2, 2)
    progress.end()
    expect(lines).toEqual([
      'bootstrap: 1/2 resamples (50%, 0.0 s)',
      'bootstrap: 2/2 resamples (100%, 0.0 s)',
    ])
  })
})

describe("the gates' progress hooks", () => {
  /** Displays that record what they are told. */
  function recorder() {
    const calls: string[] = []
    const make: MakeProgress = (label, unit) => ({
      update: (done, total) => calls.push(`${label} ${done}/${total} ${unit}`),
      end: () => calls.push(`${label} end`),
    })
    return { calls, make }
  }

  it('route each kind of work to its own display and end it when it completes', () => {
    const { calls, make } = recorder()
    const progress = accuracyProgress(make)
    progress.onProgress('candidate', 5, 10)
    progress.onProgress('bootstrap', 25, 200)
    progress.onProgress('candidate', 10, 10)
    expect(calls).toEqual([
      'scoring candidate 5/10 rows',
      'bootstrap 25/200 resamples',
      'scoring candidate 10/10 rows',
      'scoring candidate end',
    ])
    calls.length = 0
    progress.end()
    expect(calls.sort()).toEqual([
      'bootstrap end',
      'paired bootstrap end',
      'scoring candidate end',
      'scoring champion end',
    ])
  })

  it('give the fairness gate its two hooks', () => {
    const { calls, make } = recorder()
    const progress = fairnessProgress(make)
    progress.onProgress(3, 3)
    progress.onBootstrap(100, 1000)
    expect(calls).toEqual(['scoring 3/3 rows', 'scoring end', 'bootstrap 100/1000 resamples'])
  })
})
