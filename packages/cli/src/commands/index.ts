import type { Command } from '../command.ts'
import { accuracyCommand } from './accuracy.ts'
import { demoCommand } from './demo.ts'
import { driftCommand } from './drift.ts'
import { fairnessCommand } from './fairness.ts'
import { schemaCommand } from './schema.ts'

/** Every `mlgate` command, in the order `mlgate help` lists them. */
export const COMMANDS: readonly Command[] = [
  accuracyCommand,
  driftCommand,
  fairnessCommand,
  schemaCommand,
  demoCommand,
]
