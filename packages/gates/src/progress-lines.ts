import type { RunHooks } from './accuracy/run.ts'
import type { DriftRunHooks } from './drift/run.ts'
import type { FairnessRunHooks } from './fairness/run.ts'

/** Shows how far one kind of work is: a terminal bar, or log lines (`progressLines`). */
export type ProgressDisplay = {
  update(done: number, total: number): void
  end(): void
}

export type ProgressLineOptions = {
  readonly every?: number
  /** Milliseconds since some fixed time; `Date.now` unless a test sets a clock. */
  readonly now?: () => number
}

/**
 * Progress of long work as plain log lines, for logs that are not terminals (a CI job's log,
 * where a redrawn bar is noise): nothing for work that ends within `every` milliseconds, then
 * a line at most every `every` ms, and a last line when such work ends. The default interval is
 * 5 s; MLGATE_PROGRESS_EVERY_MS sets another (0: a line at every update; a value that is not a
 * number of milliseconds keeps the default, since progress is no reason to fail a gate).
 */
export function progressLines(
  write: (line: string) => void,
  label: string,
  unit: string,
  options: ProgressLineOptions = {},
): ProgressDisplay {
  const every = options.every ?? everyFromEnvironment()
  const now = options.now ?? Date.now
  let started: number | undefined
  let last = 0
  // What the last line showed, and what the work has reached since.
  let shown: string | undefined
  let latest: { done: number; total: number } | undefined
  const line = (done: number, total: number, at: number): string => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100
    const seconds = ((at - (started ?? at)) / 1000).toFixed(1)
    return `${label}: ${done}/${total} ${unit} (${pct}%, ${seconds} s)`
  }
  const count = (done: number, total: number) => `${done}/${total}`
  return {
    update(done, total) {
      const at = now()
      started ??= at
      latest = { done, total }
      if (at - started < every || (shown !== undefined && at - last < every)) return
      write(line(done, total, at))
      last = at
      shown = count(done, total)
    },
    end() {
      // Only work that has shown a line shows where it ended.
      if (
        shown !== undefined &&
        latest !== undefined &&
        shown !== count(latest.done, latest.total)
      ) {
        write(line(latest.done, latest.total, now()))
      }
      started = undefined
      shown = undefined
      latest = undefined
    },
  }
}

const DEFAULT_EVERY_MS = 5000

function everyFromEnvironment(): number {
  const text = process.env['MLGATE_PROGRESS_EVERY_MS']
  if (text === undefined || text.trim() === '') return DEFAULT_EVERY_MS
  const value = Number(text)
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_EVERY_MS
}

/** Makes a progress display (a terminal bar, log lines) for one kind of work. */
export type MakeProgress = (label: string, unit: string) => ProgressDisplay

/** A progress hook over several kinds of work: one display each, ended as it completes. */
export type KindsProgress<K extends string> = {
  readonly onProgress: (which: K, done: number, total: number) => void
  /** Ends every display (after the gate, whatever happened). */
  end(): void
}

/** The accuracy gate's progress hook: scoring each model, and the bootstraps. */
export function accuracyProgress(
  make: MakeProgress,
): KindsProgress<Parameters<NonNullable<RunHooks['onProgress']>>[0]> {
  return kindsProgress(make, {
    candidate: ['scoring candidate', 'rows'],
    champion: ['scoring champion', 'rows'],
    bootstrap: ['bootstrap', 'resamples'],
    'paired bootstrap': ['paired bootstrap', 'resamples'],
  })
}

/** The drift gate's progress hook: scoring the reference and the current rows. */
export function driftProgress(
  make: MakeProgress,
): KindsProgress<Parameters<NonNullable<DriftRunHooks['onProgress']>>[0]> {
  return kindsProgress(make, {
    reference: ['scoring reference', 'rows'],
    current: ['scoring current', 'rows'],
  })
}

/** The fairness gate's hooks: scoring and the bootstrap, each display ended as it completes. */
export function fairnessProgress(make: MakeProgress): Required<FairnessRunHooks> & {
  end(): void
} {
  const { onProgress, end } = kindsProgress(make, {
    scoring: ['scoring', 'rows'],
    bootstrap: ['bootstrap', 'resamples'],
  })
  return {
    onProgress: (done, total) => onProgress('scoring', done, total),
    onBootstrap: (done, total) => onProgress('bootstrap', done, total),
    end,
  }
}

function kindsProgress<K extends string>(
  make: MakeProgress,
  kinds: Readonly<Record<K, readonly [label: string, unit: string]>>,
): KindsProgress<K> {
  const displays = new Map<K, ProgressDisplay>()
  for (const [kind, [label, unit]] of Object.entries(kinds) as [K, readonly [string, string]][]) {
    displays.set(kind, make(label, unit))
  }
  return {
    onProgress: (which, done, total) => {
      const display = displays.get(which)!
      display.update(done, total)
      if (done === total) display.end()
    },
    end: () => displays.forEach((d) => d.end()),
  }
}
