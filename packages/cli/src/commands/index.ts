import type { Command } from '../command.ts'
import { accuracyCommand } from './accuracy.ts'
import { demoCommand } from './demo.ts'
import { driftCommand } from './drift.ts'
import { fairnessCommand } from './fairness.ts'
import { modelCardCommand } from './model-card.ts'
import { runCommand } from './run.ts'
import { schemaCommand } from './schema.ts'

/** Every `mlgate` command, in the order `mlgate help` lists them. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  accuracyCommand,
  driftCommand,
  fairnessCommand,
  schemaCommand,
  modelCardCommand,
  demoCommand,
]
