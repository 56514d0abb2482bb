import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CsvRangeJob, CsvRangeReply } from '@mlgate/data'
import { holdoutTail } from '../src/policy/holdout-tail.ts'

/**
 * `holdoutTail` plans a CSV holdout's last part from the models' inputs and gives it to the drift
 * gate's worker once, only while the holdout is still to be scanned.
 */
const example = fileURLToPath(new URL('../../../examples/fraud', import.meta.url))
const holdout = join(example, 'holdout.csv')
const scorings = [
  {
    model: join(example, 'model.onnx'),
    spec: { label: 'is_fraud', sensitive: ['age_group', 'region'], columns: undefined },
    batchSize: 10_000,
  },
]

/** A reader that records the jobs it is given and reads nothing. */
function recorder() {
  const jobs: CsvRangeJob[] = []
  const read = (job: CsvRangeJob): Promise<CsvRangeReply> => {
    jobs.push(job)
    return Promise.resolve({ error: 'not read here', input: false })
  }
  return { jobs, read }
}

describe('holdoutTail', () => {
  it('gives the worker the last fifth once, the columns the models read and the kept ones', async () => {
    const tail = holdoutTail(holdout, scorings, () => true, { above: 1, blockBytes: undefined })
    await tail.planned
    const { jobs, read } = recorder()
    tail.beforeComparing(read)
    tail.beforeComparing(read)
    expect(jobs).toHaveLength(1)
    const job = jobs[0]!
    const scan = tail.scanTail()!
    expect(scan.split).toBe(job.start)
    expect(scan.size).toBe(job.size)
    expect(job.start / job.size).toBeGreaterThan(0.79)
    expect(job.start / job.size).toBeLessThan(0.82)
    const decoded = job.fields.filter((f) => !f.skip).map((f) => f.name)
    for (const kept of ['is_fraud', 'age_group', 'region']) expect(decoded).toContain(kept)
    expect(decoded.length).toBeGreaterThan(3)
  })

  it('takes no more than its most bytes from the end', async () => {
    const tail = holdoutTail(holdout, scorings, () => true, {
      above: 1,
      blockBytes: undefined,
      maxBytes: 2000,
    })
    await tail.planned
    const { jobs, read } = recorder()
    tail.beforeComparing(read)
    const job = jobs[0]!
    expect(job.size - job.start).toBeLessThanOrEqual(2000)
    expect(job.size - job.start).toBeGreaterThan(1800)
  })

  it('gives nothing once the holdout is read whole, or below the size', async () => {
    const read = holdoutTail(holdout, scorings, () => false, { above: 1, blockBytes: undefined })
    await read.planned
    const first = recorder()
    read.beforeComparing(first.read)
    expect(first.jobs).toHaveLength(0)
    expect(read.scanTail()).toBeUndefined()
    const small = holdoutTail(holdout, scorings, () => true, { above: 1 << 30, blockBytes: 4096 })
    await small.planned
    const second = recorder()
    small.beforeComparing(second.read)
    expect(second.jobs).toHaveLength(0)
  })

  it('plans nothing when a model cannot be read; the gates that open it say why', async () => {
    const broken = [{ ...scorings[0]!, model: join(example, 'no-such.onnx') }]
    const tail = holdoutTail(holdout, broken, () => true, { above: 1, blockBytes: undefined })
    await tail.planned
    const { jobs, read } = recorder()
    tail.beforeComparing(read)
    expect(jobs).toHaveLength(0)
  })
})
