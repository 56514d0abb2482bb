import { describe, expect, it } from 'vitest'
import { progressLines } from '../src/progress-lines.ts'

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
