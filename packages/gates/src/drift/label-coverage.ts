import type { Column, Table } from '@mlgate/data'
import { getColumn } from '@mlgate/data'
import {
  alignCategories,
  binCountsWeighted,
  binCountsWithMissing,
  columnDistribution,
  distinctEdges,
  populationStability,
} from '@mlgate/stats'
import { ConfigError } from '../errors.ts'
import { fmt } from '../judge.ts'
import type { Finding, ResultTable } from '../result.ts'
import { categoryCounts, isCategorical } from './_columns.ts'
import { numericBins } from './feature-drift.ts'

export type CoverageSettings = {
  readonly column: string
  readonly when: 'auto' | 'present' | 'true'
  /** PSI (labelled rows vs all rows) from which coverage counts as partial. */
  readonly warnAt: number
  readonly categorical: ReadonlySet<string>
}

export type CoverageReport = {
  readonly labelledRows: number
  readonly rows: number
  readonly partial: boolean
  readonly maxPsi: number | null
  readonly table: ResultTable
  readonly findings: readonly Finding[]
  /** How labelled rows were told apart, for the report. */
  readonly rule: string
}

/**
 * Label-coverage audit: are the rows that got labels representative of all the rows? Each feature
 * is binned on the quantiles of all current rows, and PSI compares the labelled rows with all
 * rows. PSI at or above `warnAt` means labelling covers only part of the input distribution, so
 * metrics measured on labelled rows may not hold on the rest; bins with inputs but no labels are
 * named.
 */
export function labelCoverage(
  table: Table,
  features: readonly string[],
  settings: CoverageSettings,
): CoverageReport {
  const marker = getColumn(table, settings.column)
  const { labelled, rule } = labelledMask(marker, settings.when, table.source)
  let labelledRows = 0
  for (let i = 0; i < labelled.length; i++) labelledRows += labelled[i]!
  const findings: Finding[] = []
  const rows: (string | number | null)[][] = []
  let maxPsi: number | null = null
  if (labelledRows === 0) {
    findings.push({
      severity: 'warning',
      message: `No current row is labelled (${rule}): the label-coverage audit has nothing to compare, and no metric can be measured on this data.`,
      column: settings.column,
    })
  } else {
    for (const name of features) {
      const column = getColumn(table, name)
      const audit = auditColumn(column, labelled, labelledRows, settings.categorical)
      maxPsi = Math.max(maxPsi ?? 0, audit.psi)
      const partial = audit.psi >= settings.warnAt
      rows.push([
        name,
        audit.psi,
        audit.uncovered.join(', ') || '—',
        partial ? 'partial' : 'covered',
      ])
      if (partial) {
        const gaps =
          audit.uncovered.length > 0
            ? ` No labelled rows in ${audit.uncovered.slice(0, 5).join(', ')}${audit.uncovered.length > 5 ? ' …' : ''}.`
            : ''
        findings.push({
          severity: 'warning',
          message: `Labelled rows cover only part of the input distribution of "${name}": PSI ${fmt(audit.psi)} (≥ ${fmt(settings.warnAt)}) between the ${labelledRows} labelled rows and all ${table.rowCount} rows.${gaps} Metrics measured on labelled rows may not hold for the rest.`,
          column: name,
        })
      }
    }
  }
  rows.sort((a, b) => (Number(b[1]) || 0) - (Number(a[1]) || 0))
  return {
    labelledRows,
    rows: table.rowCount,
    partial: findings.length > 0,
    maxPsi,
    table: {
      title: `Label coverage: ${labelledRows} of ${table.rowCount} current rows labelled (${rule})`,
      columns: ['column', 'PSI labelled vs all', 'bins without labels', 'coverage'],
      rows,
      priority: 2,
    },
    findings,
    rule,
  }
}

// --- internal ---

/**
 * Shares below this are not reported as uncovered: a bin holding under 1% of all rows without a
 * label is expected from sampling alone.
 */
const MIN_UNCOVERED_SHARE = 0.01

const TRUE_TEXTS = new Set(['true', '1', 'yes', 'y', 't'])

function labelledMask(
  column: Column,
  when: CoverageSettings['when'],
  source: string,
): { labelled: Uint8Array; rule: string } {
  const n = column.type === 'string' ? column.codes.length : column.values.length
  const mode = when === 'auto' ? (column.nullCount > 0 ? 'present' : 'true') : when
  const labelled = new Uint8Array(n)
  if (mode === 'present') {
    for (let i = 0; i < n; i++) {
      labelled[i] =
        column.type === 'string'
          ? column.codes[i]! >= 0
            ? 1
            : 0
          : Number.isNaN(column.values[i]) || column.missing?.[i] === 1
            ? 0
            : 1
    }
    return { labelled, rule: `labelled where "${column.name}" is not missing` }
  }
  if (column.type === 'string') {
    const truthy = column.dictionary.map((t) => TRUE_TEXTS.has(t.trim().toLowerCase()))
    for (let i = 0; i < n; i++) labelled[i] = truthy[column.codes[i]!] === true ? 1 : 0
  } else {
    for (let i = 0; i < n; i++) {
      const v = column.values[i]!
      if (!Number.isNaN(v) && v !== 0 && v !== 1) {
        throw new ConfigError(
          `Column "${column.name}" of ${source} marks labelled rows but holds ${v} at data row ${i + 1}; expected 1/true (labelled) or 0/false. To count rows with any value as labelled, use labelled-when: present.`,
        )
      }
      labelled[i] = v === 1 ? 1 : 0
    }
  }
  return { labelled, rule: `labelled where "${column.name}" is true` }
}

function auditColumn(
  column: Column,
  labelled: Uint8Array,
  labelledRows: number,
  categorical: ReadonlySet<string>,
): { psi: number; uncovered: string[] } {
  let bins: readonly string[]
  let all: Float64Array
  let some: Float64Array
  if (column.type === 'string' || isCategorical(column, categorical)) {
    const counts = categoryCounts(column)
    const subset = categoryCounts(subsetColumn(column, labelled, labelledRows))
    const aligned = alignCategories(counts, subset)
    bins = [...aligned.names, 'missing']
    all = aligned.refCounts
    some = aligned.curCounts
  } else {
    const { distinct, missing } = columnDistribution(column.values)
    const edges = distinctEdges(distinct)
    all = Float64Array.from([
      ...binCountsWeighted(distinct.values, distinct.counts, edges),
      missing,
    ])
    const values = new Float64Array(labelledRows)
    for (let i = 0, k = 0; i < labelled.length; i++)
      if (labelled[i] === 1) values[k++] = column.values[i]!
    some = binCountsWithMissing(values, edges)
    bins = numericBins(edges)
  }
  const psi = populationStability(all, some)
  const uncovered = bins.filter(
    (_, b) => (psi.refShare[b] ?? 0) >= MIN_UNCOVERED_SHARE && psi.curShare[b] === 0,
  )
  return { psi: psi.psi, uncovered }
}

/** The labelled rows of a column (for category counts). */
function subsetColumn(column: Column, labelled: Uint8Array, rows: number): Column {
  if (column.type === 'string') {
    const codes = new Int32Array(rows)
    for (let i = 0, k = 0; i < labelled.length; i++)
      if (labelled[i] === 1) codes[k++] = column.codes[i]!
    return { ...column, codes }
  }
  const values = new Float64Array(rows)
  for (let i = 0, k = 0; i < labelled.length; i++)
    if (labelled[i] === 1) values[k++] = column.values[i]!
  return { ...column, values, missing: null }
}
