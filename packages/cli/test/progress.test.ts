import { describe, expect, it } from 'vitest'
import type { CliIo } from '../src/io.ts'
import { progressBar } from '../src/progress.ts'

function io(interactive: boolean): CliIo & { readonly err: string[] } {
  const err: string[] = []
  return { stdout: () => undefined, stderr: (t) => err.push(t), interactive, cwd: '.', err }
}

describe('progressBar', () => {
  it('draws on a terminal in the unit it is given, the end always', () => {
    const terminal = io(true)
    const bar = progressBar(terminal, 'bootstrap', 'resamples')
    bar.update(25, 1000)
    // The end is drawn however soon after the last draw it comes.
    bar.update(1000, 1000)
    bar.end()
    expect(terminal.err).toEqual([
      `\rbootstrap [#${'.'.repeat(29)}] 2% 25/1000 resamples`,
      `\rbootstrap [${'#'.repeat(30)}] 100% 1000/1000 resamples`,
      '\n',
    ])
  })

  it('counts rows by default, and off a terminal stays silent for work of a few seconds', () => {
    const terminal = io(true)
    progressBar(terminal, 'scoring').update(10, 10)
    expect(terminal.err).toEqual([`\rscoring [${'#'.repeat(30)}] 100% 10/10 rows`])
    const log = io(false)
    const bar = progressBar(log, 'scoring')
    bar.update(10, 10)
    bar.end()
    expect(log.err).toEqual([])
  })

  it('off a terminal writes plain lines for long work (every update with interval 0)', () => {
    const before = process.env['MLGATE_PROGRESS_EVERY_MS']
    process.env['MLGATE_PROGRESS_EVERY_MS'] = '0'
    try {
      const log = io(false)
      const bar = progressBar(log, 'bootstrap', 'resamples')
      bar.update(500, 1000)
      bar.update(1000, 1000)
      bar.end()
      expect(log.err).toEqual([
        expect.stringMatching(/^bootstrap: 500\/1000 resamples \(50%, \d+\.\d s\)\n$/),
        expect.stringMatching(/^bootstrap: 1000\/1000 resamples \(100%, \d+\.\d s\)\n$/),
      ])
    } finally {
      if (before === undefined) delete process.env['MLGATE_PROGRESS_EVERY_MS']
      else process.env['MLGATE_PROGRESS_EVERY_MS'] = before
    }
  })
})
