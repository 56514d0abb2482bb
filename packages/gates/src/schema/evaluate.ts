import type { SchemaReport, Violation } from '@mlgate/data'
import { formatDatetime } from '@mlgate/data'
import type { Check, Finding, GateResult, GateStatus, ResultTable } from '../result.ts'
import type { ModelFit } from './model-inputs.ts'

/** What the gate knows besides the validation report. */
export type SchemaExtras = {
  /** The model's fit, when a model was given. */
  readonly model?: ModelFit & { readonly path: string; readonly sha256: string }
}

/**
 * The schema gate's verdict from a validation report: one check per broken rule, in schema order
 * so the violations of a column stand together, a table of every violation with its example
 * rows, and a finding per violation pointing at the rule's line in the schema file (check-run
 * annotations). Errors fail the gate, warnings warn; a file with no data rows is an error.
 */
export function evaluateSchema(report: SchemaReport, extras: SchemaExtras = {}): GateResult {
  const violations: Violation[] = [...report.violations, ...(extras.model?.violations ?? [])]
  const errors = violations.filter((v) => v.severity === 'error').length
  const warnings = violations.length - errors
  const empty = report.rows === 0
  const status: GateStatus = empty ? 'error' : errors > 0 ? 'fail' : warnings > 0 ? 'warn' : 'pass'
  const checks: Check[] = [
    {
      name: 'rules',
      label: 'Broken rules',
      value: errors,
      bound: { op: '<=', value: 0, kind: 'value' },
      verdict: empty ? 'error' : errors > 0 ? 'fail' : 'pass',
      reason: empty
        ? `${report.dataFile} has no data rows: nothing was checked.`
        : errors === 0
          ? `All ${report.rulesChecked} rules hold on ${report.rows} rows.`
          : `${errors} of ${report.rulesChecked} rules are broken on ${report.rows} rows.`,
    },
    ...violations.map(toCheck),
  ]
  const tables: ResultTable[] = [violationTable(violations), columnTable(report)]
  if (extras.model) tables.push(extras.model.table)
  const context: Record<string, string | number | boolean> = {
    schema: report.schemaFile,
    data: report.dataFile,
    rows: report.rows,
    columns_checked: report.columns.filter((c) => c.checked).length,
    rules_checked: report.rulesChecked,
    reading: report.reading,
    environment: report.environment ?? 'none',
  }
  if (report.unknownColumns.length > 0) context.unknown_columns = report.unknownColumns.join(', ')
  if (extras.model) {
    context.model = extras.model.path
    context.model_sha256 = extras.model.sha256
  }
  return {
    gate: 'schema',
    title: 'Schema gate',
    status,
    summary: summarize(status, report, errors, warnings, violations),
    checks,
    metrics: {
      rows: report.rows,
      rules_checked: report.rulesChecked,
      violations: errors,
      warnings,
    },
    tables,
    findings: violations.map((v) => toFinding(v, report.schemaFile)),
    context,
    policy:
      'Every rule is a hard bound checked on every row, with no sampling: one cell that breaks a type, range, regex or uniqueness rule fails the gate; missing cells and unseen categories fail above their allowed share. Columns the schema does not list follow unknown_columns (default: warn); a file with no data rows is an error.',
  }
}

/** "amount · max", or "dataset · rows.min". */
export function violationLabel(v: Violation): string {
  return `${v.column ?? 'dataset'} · ${v.rule}`
}

// --- internal ---

function toCheck(v: Violation): Check {
  // A structural rule (a missing, forbidden or unknown column) measures no quantity: the check
  // shows how many columns broke it, against none allowed.
  const bound = v.bound ?? (v.value == null ? { op: '<=' as const, value: 0 } : undefined)
  return {
    name: `${v.column ?? 'dataset'}.${v.rule}`,
    label: violationLabel(v),
    value: v.value ?? v.count,
    ...(bound ? { bound: { ...bound, kind: 'value' as const } } : {}),
    verdict: v.severity === 'error' ? 'fail' : 'warn',
    reason: `Expected ${v.expected}; found ${v.found}.`,
  }
}

function toFinding(v: Violation, schemaFile: string): Finding {
  const first = v.rows[0]
  return {
    severity: v.severity,
    message: `${violationLabel(v)}: expected ${v.expected}; found ${v.found}.`,
    file: schemaFile,
    ...(v.line != null ? { line: v.line } : {}),
    ...(first != null ? { row: first } : {}),
    ...(v.column != null ? { column: v.column } : {}),
  }
}

function violationTable(violations: readonly Violation[]): ResultTable {
  return {
    title: 'Violations by column',
    columns: ['column', 'rule', 'expected', 'found', 'count', 'example rows', 'schema line'],
    rows: violations.map((v) => [
      v.column ?? '(dataset)',
      v.rule,
      v.expected,
      v.found,
      v.count,
      v.rows.join(', '),
      v.line ?? null,
    ]),
    priority: 0,
    // Counts of cells, rows and columns side by side: no chart can compare them.
    chart: false,
  }
}

function columnTable(report: SchemaReport): ResultTable {
  return {
    title: 'Columns',
    columns: ['column', 'type', 'present', 'missing cells', 'min', 'max', 'violations'],
    rows: report.columns.map((c) => [
      c.name,
      c.type,
      c.present ? (c.checked ? 'yes' : 'yes, not checked') : 'no',
      c.checked ? c.nulls : null,
      shown(c.min, c.type),
      shown(c.max, c.type),
      c.violations,
    ]),
    priority: 1,
    chart: false,
  }
}

function shown(value: number | null, type: string): string | number | null {
  if (value == null) return null
  return type === 'datetime' ? formatDatetime(value) : value
}

function summarize(
  status: GateStatus,
  report: SchemaReport,
  errors: number,
  warnings: number,
  violations: readonly Violation[],
): string {
  if (status === 'error') {
    return `${report.dataFile} has a header but no data rows: the gate checked nothing, so it cannot pass.`
  }
  if (errors === 0 && warnings === 0) {
    return `All ${report.rulesChecked} rules of ${report.schemaFile} hold on ${report.rows} rows of ${report.dataFile}.`
  }
  const first = violations.find((v) => v.severity === (errors > 0 ? 'error' : 'warning'))
  const columns = new Set(violations.map((v) => v.column ?? '(dataset)'))
  const what =
    errors > 0
      ? `${errors} broken ${errors === 1 ? 'rule' : 'rules'}`
      : `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`
  return `${what} in ${columns.size} ${columns.size === 1 ? 'column' : 'columns'} of ${report.dataFile}; first: ${first ? `${violationLabel(first)}: expected ${first.expected}, found ${first.found}` : ''}`
}
