import type { InputReader } from '@mlgate/gates'
import type { Runner } from './runner.ts'
import { InputError } from './errors.ts'

/** The input trimmed, or undefined when it is empty or absent (the runner passes `''` then). */
export function optionalInput(runner: Runner, name: string): string | undefined {
  const value = runner.input(name).trim()
  return value === '' ? undefined : value
}

/** The input trimmed; throws an `InputError` naming the input when it is empty or absent. */
export function requiredInput(runner: Runner, name: string): string {
  const value = optionalInput(runner, name)
  if (value === undefined) {
    throw new InputError(
      `Input "${name}" is required but was empty. Set it under \`with:\` in the workflow step.`,
    )
  }
  return value
}

/**
 * A boolean input, undefined when absent. Accepts exactly the YAML 1.2 Core Schema spellings, as
 * `@actions/core` `getBooleanInput` does, so `yes`/`1` are mistakes rather than silent `false`.
 */
export function booleanInput(runner: Runner, name: string): boolean | undefined {
  const value = optionalInput(runner, name)
  if (value === undefined) return undefined
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw new InputError(`Input "${name}" must be true or false, got "${value}".`)
}

/** Non-empty trimmed lines of a multi-line input (toolkit `getMultilineInput` semantics). */
export function multilineInput(runner: Runner, name: string): string[] {
  return runner
    .input(name)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

// --- internal ---

// YAML 1.2 Core Schema booleans, the set @actions/core accepts.
const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

/** The step's inputs as an InputReader, the shape the gates read their settings through. */
export function actionInputs(runner: Runner): InputReader {
  return {
    text: (name) => optionalInput(runner, name),
    lines: (name) => multilineInput(runner, name),
  }
}
