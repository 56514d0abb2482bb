import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { TreeNode } from '@mlgate/onnx'
import { createRng } from '@mlgate/stats'

/** The shared yardstick's generator (performance.md): ref/cur CSV and JSONL plus truth.json. */
export function generatorPath(root: string): string {
  return join(root, '..', 'shared', 'bench', 'gen.mjs')
}

/** Write the reference workload into `dir` unless a run of the same size is already there. */
export function ensureWorkload(root: string, dir: string, rows: number): void {
  const truth = join(dir, 'truth.json')
  if (existsSync(truth) && (JSON.parse(readFileSync(truth, 'utf8')) as { N: number }).N === rows)
    return
  const gen = generatorPath(root)
  if (!existsSync(gen)) {
    throw new Error(
      `The benchmark workload generator is missing at ${gen}; it comes with the shared design folder beside the repository.`,
    )
  }
  process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows into ${dir} …\n`)
  execFileSync(process.execPath, [gen, dir, String(rows)], { stdio: 'inherit' })
}

export function fileMegabytes(path: string): number {
  return statSync(path).size / 1e6
}

type Truth = { w: number[]; mu: number[]; sd: number[]; intercept: number }

/** The model reads f0..f19: the workload's label depends on those alone (f20..f29 weigh 0). */
export const FEATURES = Array.from({ length: 20 }, (_, j) => `f${j}`)

/** The logistic model of the workload, folded to raw features exactly as the Python peer does. */
export function linearWeights(dir: string): { coefficients: number[]; intercept: number } {
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth
  const coefficients = new Array<number>(FEATURES.length).fill(0)
  let intercept = truth.intercept
  for (let j = 0; j < 20; j++) {
    const w = truth.w[j] ?? 0
    const sd = truth.sd[j] ?? 1
    coefficients[j] = w / sd
    intercept -= (w * (truth.mu[j] ?? 0)) / sd
  }
  return { coefficients, intercept }
}

/**
 * 100 random trees of depth 6 over the model's features, with thresholds drawn around each feature's
 * centre: the size of ensemble performance.md measured (TreeEnsembleClassifier, 100 × depth 6).
 */
export function randomForest(dir: string, count = 100, depth = 6): TreeNode[] {
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth
  const rand = createRng(7)
  const grow = (level: number): TreeNode => {
    if (level === depth) return { probability: Math.round(rand() * 1000) / 1000 }
    const feature = Math.floor(rand() * 20)
    const threshold = (truth.mu[feature] ?? 0) + (rand() - 0.5) * 2 * (truth.sd[feature] ?? 1)
    return { feature, threshold, left: grow(level + 1), right: grow(level + 1) }
  }
  return Array.from({ length: count }, () => grow(0))
}
