import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { DriftConfigInput, GateResult } from '../src/index.ts'
import { driftConfigSchema, runDriftGate } from '../src/index.ts'

/** Fixtures written by scripts/oracle/drift_reference.py (breast cancer, bundled with sklearn). */
export function driftFixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
}

type ColumnReference = {
  kind: 'numeric' | 'categorical'
  psi: number
  js: number
  bins: number
  expected: number
  ksStatistic?: number
  ksPValue?: number
  unseen?: string[]
}

/** numpy/scipy values for the committed breast-cancer files, per column. */
export const gateReference = JSON.parse(
  readFileSync(driftFixture('drift-gate-reference.json'), 'utf8'),
) as {
  nodrift: Record<string, ColumnReference>
  shifted: Record<string, ColumnReference>
  predictionHalves: {
    psi: number
    js: number
    bins: number
    refCounts: number[]
    curCounts: number[]
  }
}

export function drift(input: DriftConfigInput): Promise<GateResult> {
  return runDriftGate(driftConfigSchema.parse(input))
}

/** The per-column table as records keyed by column title. */
export function driftRows(result: GateResult): Map<string, Record<string, string | number | null>> {
  const table = result.tables[0]
  if (table == null) return new Map()
  return new Map(
    table.rows.map((r) => [
      String(r[0]),
      Object.fromEntries(table.columns.map((c, j) => [c, r[j] ?? null])),
    ]),
  )
}

export function expectNear(actual: unknown, expected: number, tol: number, label: string): void {
  if (typeof actual !== 'number')
    return expect.fail(`${label}: got ${String(actual)}, expected ${expected}`)
  const error = Math.abs(actual - expected)
  if (!(error <= tol * Math.max(1, Math.abs(expected)))) {
    expect.fail(`${label}: got ${actual}, expected ${expected} (error ${error}, tolerance ${tol})`)
  }
}
