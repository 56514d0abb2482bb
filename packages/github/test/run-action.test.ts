import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { GateResult, GateStatus } from '@mlgate/gates'
import { runAction } from '@mlgate/github'
import { fakeRunner } from '@mlgate/github/testing'

const yml = fileURLToPath(new URL('./fixtures/action.yml', import.meta.url))

function result(gate: string, status: GateStatus): GateResult {
  return {
    gate,
    title: `${gate} gate`,
    status,
    summary: `${gate} is ${status}.`,
    checks: [],
    metrics: {},
    tables: [],
    findings: [],
    context: {},
    policy: '',
  }
}

describe('runAction', () => {
  it('passes: status output, an info line, no warning or failure', async () => {
    const runner = fakeRunner(yml)
    expect(await runAction(() => Promise.resolve(result('drift', 'pass')), runner)).toBe('pass')
    expect(runner.outputs.get('status')).toBe('pass')
    expect(runner.infos).toEqual(['drift gate: drift is pass.'])
    expect([runner.warnings, runner.failures]).toEqual([[], []])
  })

  it('warns without failing', async () => {
    const runner = fakeRunner(yml)
    expect(
      await runAction(() => Promise.resolve([result('a', 'pass'), result('b', 'warn')]), runner),
    ).toBe('warn')
    expect(runner.outputs.get('status')).toBe('warn')
    expect(runner.warnings).toEqual(['b gate: b is warn.'])
    expect(runner.failures).toEqual([])
  })

  it('fails with the worst status and names each failing gate', async () => {
    const runner = fakeRunner(yml)
    const status = await runAction(
      () => Promise.resolve([result('a', 'fail'), result('b', 'error'), result('c', 'pass')]),
      runner,
    )
    expect(status).toBe('error')
    expect(runner.outputs.get('status')).toBe('error')
    expect(runner.failures).toEqual([
      'a gate failed: a is fail.\nb gate could not be evaluated: b is error.',
    ])
  })

  it('turns a thrown Error into status error, a failure message and a debug stack', async () => {
    const runner = fakeRunner(yml)
    const status = await runAction(
      () => Promise.reject(new Error('data/holdout.csv: no rows', { cause: 'EOF' })),
      runner,
    )
    expect(status).toBe('error')
    expect(runner.outputs.get('status')).toBe('error')
    expect(runner.failures).toEqual(['data/holdout.csv: no rows'])
    expect(runner.debugs[0]).toMatch(/^Error: data\/holdout.csv: no rows\n\s+at /)
    expect(runner.debugs[1]).toBe('Caused by: EOF')
  })

  it('reports a thrown non-Error as a string, so the step cannot pass', async () => {
    const runner = fakeRunner(yml)
    expect(await runAction(() => Promise.reject('plain string'), runner)).toBe('error')
    expect(runner.failures).toEqual(['plain string'])
  })

  it('treats an empty result list as an error, not a pass', async () => {
    const runner = fakeRunner(yml)
    expect(await runAction(() => Promise.resolve([]), runner)).toBe('error')
    expect(runner.failures[0]).toMatch(/no gate result/)
  })

  it('writes no status for actions that return nothing', async () => {
    const runner = fakeRunner(yml)
    expect(await runAction(() => Promise.resolve(undefined), runner)).toBeUndefined()
    expect(runner.outputs.size).toBe(0)
    expect(runner.failures).toEqual([])
  })

  it('still fails when the status output is not declared', async () => {
    const noStatus = fileURLToPath(new URL('./fixtures/no-status.yml', import.meta.url))
    const runner = fakeRunner(noStatus)
    expect(await runAction(() => Promise.resolve(result('a', 'pass')), runner)).toBe('error')
    expect(runner.failures[0]).toMatch(/writes output "status", which .* does not declare/)
  })
})
