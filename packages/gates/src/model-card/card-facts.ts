import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { GateResult } from '../result.ts'
import type { ModelCardConfig } from './config.ts'
import type { DatasetFacts } from './data-facts.ts'
import type { Evidence } from './evidence.ts'
import type { Lineage } from './lineage.ts'
import type { ModelFacts } from './model-facts.ts'
import type { HumanSection } from './sections.ts'

/** Everything the card is rendered from; each renderer reads this and nothing else. */
export type CardFacts = {
  readonly name: string
  readonly version?: string
  readonly config: ModelCardConfig
  readonly model: ModelFacts
  readonly datasets: readonly DatasetFacts[]
  readonly lineage: Lineage
  readonly results: readonly GateResult[]
  readonly evidence: Evidence
  readonly sections: readonly HumanSection[]
  readonly overview?: string
  readonly documentation?: string
}

/** A path relative to the working directory (the repository root on a runner), `/`-separated; undefined outside it. */
export function repoPath(path: string, cwd: string = process.cwd()): string | undefined {
  const rel = relative(cwd, resolve(cwd, path))
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined
  return rel.split(sep).join('/')
}

/** The gates whose result is fail or error: the card says so at the top. */
export function failedResults(results: readonly GateResult[]): GateResult[] {
  return results.filter((r) => r.status === 'fail' || r.status === 'error')
}

/** The same file, however the two paths are written. */
export function samePath(a: unknown, b: string): boolean {
  return typeof a === 'string' && resolve(a) === resolve(b)
}
