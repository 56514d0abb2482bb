import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { settle } from './settle.ts'

/**
 * An action's cold start: a fresh Node process (`node`, the runner's Node 24 where installed)
 * loading the bundled accuracy-gate, opening an ONNX Runtime session and gating 100 rows of the
 * example (no bootstrap, no GitHub calls), as the runner starts it. The median of `runs`, in
 * seconds, with every run's time.
 */
export function benchColdStart(
  root: string,
  node: string,
  runs = 7,
): { median: number; all: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-cold-'))
  try {
    const holdout = readFileSync(join(root, 'examples/fraud/holdout.csv'), 'utf8')
    const data = join(dir, 'small.csv')
    writeFileSync(data, holdout.split('\n').slice(0, 101).join('\n') + '\n')
    const env = {
      PATH: process.env['PATH'] ?? '',
      RUNNER_TEMP: dir,
      // A push run with nothing to post to: no pull request, no SHA for a check run.
      GITHUB_REPOSITORY: 'bench/mlgate',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      INPUT_MODEL: join(root, 'examples/fraud/model.onnx'),
      INPUT_DATA: data,
      INPUT_LABEL: 'is_fraud',
      INPUT_RESAMPLES: '0',
      INPUT_COMMENT: 'false',
      'INPUT_CHECK-RUN': 'false',
    }
    // The runner creates these files before a step starts.
    writeFileSync(env.GITHUB_OUTPUT, '')
    writeFileSync(env.GITHUB_STEP_SUMMARY, '')
    const all: number[] = []
    for (let i = 0; i < runs; i++) {
      settle()
      const started = process.hrtime.bigint()
      const child = spawnSync(node, [join(root, 'dist/accuracy-gate.js')], {
        env,
        encoding: 'utf8',
      })
      all.push(Number(process.hrtime.bigint() - started) / 1e9)
      if (child.status !== 0)
        throw new Error(`accuracy-gate failed: ${child.stdout}${child.stderr}`)
    }
    const sorted = [...all].sort((a, b) => a - b)
    return { median: sorted[Math.floor(sorted.length / 2)]!, all }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
