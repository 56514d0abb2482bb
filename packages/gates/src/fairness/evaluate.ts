import type { Table } from '@mlgate/data'
import { DISPARITY_NAMES } from '@mlgate/stats'
import type { Scored } from '../accuracy/evaluate.ts'
import type { Finding, GateResult } from '../result.ts'
import { worstStatus } from '../status.ts'
import { analyseAttributes } from './_analysis.ts'
import { buildAttributes } from './_attributes.ts'
import type { FairnessBound } from './_checks.ts'
import { fairnessChecks } from './_checks.ts'
import { binaryDecisions } from './_decisions.ts'
import { fairnessDetails } from './_details.ts'
import { groupFindings } from './_findings.ts'
import { fairnessPolicy, fairnessSummary } from './_policy.ts'
import { disparitiesTable, groupsTable } from './_tables.ts'
import type { FairnessConfig } from './config.ts'
import { FAIRNESS_RULES } from './config.ts'
import { noRowsResult } from '../positive-score.ts'

export type FairnessInputs = {
  readonly table: Table
  /** The model's predictions on `table`'s rows, e.g. shared with the accuracy gate. */
  readonly scored: Scored
  /** Sensitive columns kept from the model because it does not read them (for the report). */
  readonly withheld?: readonly string[]
}

/**
 * The fairness gate's verdict from predictions already made: per-group rates and disparities of
 * each protected attribute and their intersection, bootstrap intervals, and the bounds the user
 * declared (or the rules they named). Scoring is separate so one scoring pass can serve several
 * gates in the same run. `onBootstrap` hears how the bootstrap advances (resamples).
 */
export function evaluateFairness(
  config: FairnessConfig,
  inputs: FairnessInputs,
  onBootstrap?: (resamplesDone: number, resamplesTotal: number) => void,
): GateResult {
  const { table, scored } = inputs
  if (table.rowCount === 0) return noRowsResult('fairness', 'Fairness gate', config.data, table)
  const findings: Finding[] = []
  const decisions = binaryDecisions(table, config, scored, findings)
  const attributes = buildAttributes(table, config, findings)
  const analyses = analyseAttributes(attributes, decisions, config, onBootstrap)
  const bounds: FairnessBound[] = [
    ...config.bounds.map((spec) => ({ spec })),
    ...config.rules.map((rule) => ({
      spec: FAIRNESS_RULES[rule].bound,
      source: `${rule} rule`,
    })),
  ]
  const checks = fairnessChecks(analyses, bounds, config)
  findings.push(...groupFindings(analyses, config.minGroupSize, config.data))
  const evaluated = checks.filter((c) => c.value != null)
  const status =
    checks.length === 0
      ? 'warn'
      : evaluated.length === 0
        ? 'error'
        : worstStatus(checks.map((c) => c.verdict))
  const metrics: Record<string, number | null> = {}
  for (const a of analyses) {
    for (const name of DISPARITY_NAMES) {
      metrics[`${name}[${a.attribute.key}]`] = a.disparities.values[name].value
    }
  }
  const context: Record<string, string | number | boolean> = {
    model: config.model,
    model_sha256: scored.info.sha256,
    data: config.data,
    rows: table.rowCount,
    label: config.label,
    positive_class: `${decisions.positive} (${decisions.positiveSource})`,
    threshold: config.threshold,
    sensitive: config.sensitive.join(', '),
    min_group_size: config.minGroupSize,
  }
  if (inputs.withheld && inputs.withheld.length > 0) {
    context.withheld_from_model = inputs.withheld.join(', ')
  }
  if (config.resamples > 0) {
    context.bootstrap = `${config.resamples} resamples, seed ${config.seed}, ${Math.round(config.level * 100)}% stratified percentile intervals`
  }
  return {
    gate: 'fairness',
    title: 'Fairness gate',
    status,
    summary: fairnessSummary(status, checks, analyses, table.rowCount),
    checks,
    metrics,
    tables: [
      disparitiesTable(analyses),
      ...analyses.map((a) => groupsTable(a, config.minGroupSize)),
    ],
    findings,
    context,
    policy: fairnessPolicy(config, bounds, analyses),
    details: {
      threshold: config.threshold,
      positive_class: decisions.positive,
      min_group_size: config.minGroupSize,
      ...fairnessDetails(analyses, config.minGroupSize),
    },
  }
}

// --- internal ---
