import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  InputError,
  booleanInput,
  multilineInput,
  optionalInput,
  requiredInput,
} from '@mlgate/github'
import { fakeRunner, inputEnvName, readActionMetadata } from '@mlgate/github/testing'

const yml = fileURLToPath(new URL('./fixtures/action.yml', import.meta.url))

describe('readActionMetadata', () => {
  it('reads inputs, defaults as strings, outputs and runs', () => {
    const meta = readActionMetadata(yml)
    expect([...meta.inputs.keys()]).toEqual([
      'threshold',
      'fail-on-regression',
      'features',
      'retries',
      'token',
    ])
    expect(meta.inputs.get('fail-on-regression')?.default).toBe('true')
    expect(meta.inputs.get('retries')?.default).toBe('3')
    expect(meta.inputs.get('threshold')?.default).toBeUndefined()
    expect([...meta.outputs]).toEqual(['status', 'comment-url', 'check-run-url'])
    expect([meta.using, meta.main]).toEqual(['node24', '../../dist/fixture.js'])
  })

  it('names input variables as the runner does, keeping hyphens', () => {
    expect(inputEnvName('fail-on-regression')).toBe('INPUT_FAIL-ON-REGRESSION')
    expect(inputEnvName('model path')).toBe('INPUT_MODEL_PATH')
  })
})

describe('fakeRunner', () => {
  it('fills defaults as strings, evaluates github.token, and gives "" for absent inputs', () => {
    const runner = fakeRunner(
      yml,
      { threshold: ' 0.2 ' },
      { expressions: { 'github.token': 'ghs_rw' } },
    )
    expect(runner.input('threshold')).toBe(' 0.2 ')
    expect(runner.input('retries')).toBe('3')
    expect(runner.input('token')).toBe('ghs_rw')
    expect(runner.input('features')).toBe('')
  })

  it('throws on inputs and outputs action.yml does not declare', () => {
    expect(() => fakeRunner(yml, { treshold: '1' })).toThrow('Input "treshold" is not declared')
    const runner = fakeRunner(yml)
    expect(() => runner.input('model')).toThrow('reads input "model", which')
    expect(() => runner.output('score', '1')).toThrow('writes output "score", which')
    runner.output('status', 'pass')
    expect(runner.outputs.get('status')).toBe('pass')
  })
})

describe('input helpers', () => {
  it('trims, treats empty as absent, and names the input when required', () => {
    const runner = fakeRunner(yml, { threshold: '  ', features: ' age \n\n  income\n' })
    expect(optionalInput(runner, 'threshold')).toBeUndefined()
    expect(() => requiredInput(runner, 'threshold')).toThrow(InputError)
    expect(() => requiredInput(runner, 'threshold')).toThrow('Input "threshold" is required')
    expect(multilineInput(runner, 'features')).toEqual(['age', 'income'])
  })

  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['', undefined],
  ])('booleanInput(%j) is %j', (given, expected) => {
    expect(
      booleanInput(fakeRunner(yml, { 'fail-on-regression': given }), 'fail-on-regression'),
    ).toBe(expected)
  })

  it.each(['yes', '1', 'tRUE'])('booleanInput rejects %j (not YAML 1.2 Core Schema)', (given) => {
    expect(() =>
      booleanInput(fakeRunner(yml, { 'fail-on-regression': given }), 'fail-on-regression'),
    ).toThrow(`Input "fail-on-regression" must be true or false, got "${given}".`)
  })
})
