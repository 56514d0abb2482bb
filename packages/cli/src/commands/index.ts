import type { Command } from '../command.ts'
import { accuracyCommand } from './accuracy.ts'
import { demoCommand } from './demo.ts'

/** Every `mlgate` command, in the order `mlgate help` lists them. */
export const COMMANDS: readonly Command[] = [accuracyCommand, demoCommand]
