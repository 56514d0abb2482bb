import type { Check, Finding, GateResult, ResultTable } from '@mlgate/gates'
import { overallStatus } from './_status.ts'

/**
 * The results as stable JSON, 2-space indent: `{ "status": <overall>, "results": [...] }`, each
 * object's keys in a fixed order (the order of the `GateResult` type; `metrics` and `context`
 * sorted by key), so the same results always give the same bytes whatever order their objects
 * were built in. Numbers that JSON cannot hold (NaN, ±Infinity) become null.
 */
export function renderJson(results: readonly GateResult[]): string {
  return `${JSON.stringify({ status: overallStatus(results), results: results.map(gate) }, null, 2)}\n`
}

// --- internal ---

function gate(r: GateResult): object {
  return {
    gate: r.gate,
    title: r.title,
    status: r.status,
    summary: r.summary,
    checks: r.checks.map(check),
    metrics: sorted(r.metrics),
    tables: r.tables.map(table),
    findings: r.findings.map(finding),
    context: sorted(r.context),
    policy: r.policy,
    // Gate-specific structured evidence (e.g. fairness groups): kept for later steps and auditors.
    ...(r.details != null ? { details: r.details } : {}),
  }
}

function check(c: Check): object {
  return {
    name: c.name,
    label: c.label,
    value: c.value,
    ...(c.bound
      ? {
          bound: {
            op: c.bound.op,
            value: c.bound.value,
            kind: c.bound.kind,
            ...(c.bound.relative != null ? { relative: c.bound.relative } : {}),
          },
        }
      : {}),
    verdict: c.verdict,
    ...(c.interval
      ? {
          interval: {
            low: c.interval.low,
            high: c.interval.high,
            level: c.interval.level,
            method: c.interval.method,
          },
        }
      : {}),
    reason: c.reason,
  }
}

function table(t: ResultTable): object {
  return {
    title: t.title,
    columns: t.columns,
    rows: t.rows,
    ...(t.priority != null ? { priority: t.priority } : {}),
  }
}

function finding(f: Finding): object {
  return {
    severity: f.severity,
    message: f.message,
    ...(f.file != null ? { file: f.file } : {}),
    ...(f.line != null ? { line: f.line } : {}),
    ...(f.row != null ? { row: f.row } : {}),
    ...(f.column != null ? { column: f.column } : {}),
  }
}

function sorted<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  // Code-point order, not localeCompare: the same on every machine and locale.
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
