import type { ParsedSchema, SchemaDiff } from '@mlgate/data'
import { diffSchemas, readSchemaFile, schemaLine } from '@mlgate/data'
import type { Check, Finding, GateResult, GateStatus } from '../result.ts'

/** Read two schema files and compare them: `before` is the schema in use, `after` the proposal. */
export async function runSchemaDiff(before: string, after: string): Promise<GateResult> {
  return evaluateSchemaDiff(await readSchemaFile(before), await readSchemaFile(after))
}

/**
 * What changed between two schemas, as a gate: removed and retyped columns fail (data and models
 * written for the old schema break), added columns and changed rules warn (review them), no
 * change passes. Findings point at the lines of the schema where each change is.
 */
export function evaluateSchemaDiff(a: ParsedSchema, b: ParsedSchema): GateResult {
  const diff = diffSchemas(a.schema, b.schema)
  const counts = {
    removed: diff.removed.length,
    retyped: diff.retyped.length,
    added: diff.added.length,
    changed: diff.changed.length,
  }
  const check = (
    name: keyof typeof counts,
    label: string,
    bad: GateStatus,
    list: string,
  ): Check => ({
    name,
    label,
    value: counts[name],
    bound: { op: '<=', value: 0, kind: 'value' },
    verdict: counts[name] > 0 ? bad : 'pass',
    reason: counts[name] > 0 ? `${label}: ${list}.` : `No ${label.toLowerCase()}.`,
  })
  const checks = [
    check('removed', 'Removed columns', 'fail', diff.removed.join(', ')),
    check(
      'retyped',
      'Retyped columns',
      'fail',
      diff.retyped.map((r) => `${r.column} (${r.from} → ${r.to})`).join(', '),
    ),
    check('added', 'Added columns', 'warn', diff.added.join(', ')),
    check(
      'changed',
      'Changed rules',
      'warn',
      diff.changed.map((c) => `${c.column ?? 'dataset'} · ${c.rule}`).join(', '),
    ),
  ]
  const status: GateStatus =
    counts.removed + counts.retyped > 0
      ? 'fail'
      : counts.added + counts.changed > 0
        ? 'warn'
        : 'pass'
  return {
    gate: 'schema-diff',
    title: 'Schema diff',
    status,
    summary:
      status === 'pass'
        ? `${b.file} sets the same rules as ${a.file}.`
        : `From ${a.file} to ${b.file}: ${counts.added} added, ${counts.removed} removed, ${counts.retyped} retyped columns; ${counts.changed} changed rules.`,
    checks,
    metrics: { ...counts },
    tables: [changeTable(diff)],
    findings: findings(diff, a, b),
    context: { before: a.file, after: b.file },
    policy:
      'Removed and retyped columns fail: data and models built for the old schema break. Added columns and changed rules warn: review them. Reordered lists are no change.',
  }
}

// --- internal ---

function changeTable(diff: SchemaDiff): GateResult['tables'][number] {
  return {
    title: 'Changes',
    columns: ['column', 'change', 'before', 'after', 'detail'],
    rows: [
      ...diff.removed.map((c) => [c, 'removed', null, null, null]),
      ...diff.retyped.map((r) => [r.column, 'retyped', r.from, r.to, null]),
      ...diff.added.map((c) => [c, 'added', null, null, null]),
      ...diff.changed.map((c) => [c.column ?? '(dataset)', c.rule, c.from, c.to, c.detail ?? null]),
    ],
    priority: 0,
  }
}

function findings(diff: SchemaDiff, a: ParsedSchema, b: ParsedSchema): Finding[] {
  const at = (parsed: ParsedSchema, path: string[]): { file: string; line?: number } => {
    const line = schemaLine(parsed, path)
    return line == null ? { file: parsed.file } : { file: parsed.file, line }
  }
  return [
    ...diff.removed.map((column): Finding => ({
      severity: 'error',
      message: `Column "${column}" is removed.`,
      column,
      ...at(a, ['columns', column]),
    })),
    ...diff.retyped.map((r): Finding => ({
      severity: 'error',
      message: `Column "${r.column}" changes type from ${r.from} to ${r.to}.`,
      column: r.column,
      ...at(b, ['columns', r.column, 'type']),
    })),
    ...diff.added.map((column): Finding => ({
      severity: 'warning',
      message: `Column "${column}" is added.`,
      column,
      ...at(b, ['columns', column]),
    })),
    ...diff.changed.map((c): Finding => ({
      severity: 'warning',
      message: `${c.rule} changes from ${c.from} to ${c.to}${c.detail ? ` (${c.detail})` : ''}.`,
      ...(c.column != null ? { column: c.column } : {}),
      ...at(b, c.column == null ? c.rule.split('.') : ['columns', c.column, c.rule]),
    })),
  ]
}
