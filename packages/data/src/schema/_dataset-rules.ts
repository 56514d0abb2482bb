import { count } from './_format.ts'
import { schemaLine, type ParsedSchema } from './parse-schema.ts'
import type { Violation } from './report.ts'

/** The rules known from the header alone, and which columns have cells to check. */
export type Structure = {
  /** Forbidden, unknown, required and environment violations, in schema order. */
  readonly violations: readonly Violation[]
  /** Schema columns present and expected in the environment: their cells are checked. */
  readonly checked: readonly string[]
  /** Schema columns the data has. */
  readonly present: ReadonlySet<string>
  /** Data columns the schema neither lists nor forbids. */
  readonly unknown: readonly string[]
  readonly rulesChecked: number
}

/**
 * Forbidden columns, unknown columns (by the `unknown_columns` policy), required columns and
 * environments: a column limited to other environments must be absent, one limited to this
 * environment is required; with no environment such columns are optional.
 */
export function checkStructure(
  parsed: ParsedSchema,
  header: readonly string[],
  environment: string | null,
): Structure {
  const { schema } = parsed
  const inData = new Set(header)
  const violations: Violation[] = []
  const line = (path: (string | number)[]): { line?: number } => {
    const l = schemaLine(parsed, path)
    return l == null ? {} : { line: l }
  }
  const structural = (
    column: string,
    rule: Violation['rule'],
    expected: string,
    found: string,
    path: (string | number)[],
    severity: Violation['severity'] = 'error',
  ): Violation => ({
    column,
    rule,
    severity,
    expected,
    found,
    count: 1,
    value: null,
    rows: [],
    ...line(path),
  })
  let rulesChecked = 0

  ;(schema.forbidden ?? []).forEach((name, i) => {
    rulesChecked++
    if (inData.has(name)) {
      violations.push(
        structural(
          name,
          'forbidden',
          'column absent (it is listed under forbidden)',
          'the column is present',
          ['forbidden', i],
        ),
      )
    }
  })
  const listed = new Set(Object.keys(schema.columns))
  const forbidden = new Set(schema.forbidden ?? [])
  const unknown = header.filter((name) => !listed.has(name) && !forbidden.has(name))
  const policy = schema.unknown_columns ?? 'warn'
  if (policy !== 'allow') {
    rulesChecked++
    for (const name of unknown) {
      violations.push(
        structural(
          name,
          'unknown_columns',
          'only the columns the schema lists',
          'a column the schema does not list (renamed, or new?)',
          // The policy's line, or the columns key when the default applies.
          schema.unknown_columns == null ? ['columns'] : ['unknown_columns'],
          policy === 'fail' ? 'error' : 'warning',
        ),
      )
    }
  }

  const checked: string[] = []
  const present = new Set<string>()
  for (const [name, spec] of Object.entries(schema.columns)) {
    rulesChecked++
    const presence = presenceOf(spec.environments, spec.required, environment)
    if (inData.has(name)) present.add(name)
    if (presence === 'absent') {
      if (inData.has(name)) {
        violations.push(
          structural(
            name,
            'environments',
            `column absent in ${environment} (it belongs to ${(spec.environments ?? []).join(', ')})`,
            'the column is present',
            ['columns', name, 'environments'],
          ),
        )
      }
    } else if (inData.has(name)) {
      checked.push(name)
    } else if (presence === 'required') {
      violations.push(
        structural(
          name,
          'required',
          'the column is present',
          `no column "${name}"${nearName(name, unknown)}`,
          ['columns', name],
        ),
      )
    }
  }
  return { violations, checked, present, unknown, rulesChecked }
}

/** The `rows.min` and `rows.max` rules on the row count, and how many were checked. */
export function rowCountViolations(
  parsed: ParsedSchema,
  rows: number,
): { violations: Violation[]; checked: number } {
  const bounds = parsed.schema.rows
  const violations: Violation[] = []
  let checked = 0
  for (const key of ['min', 'max'] as const) {
    const limit = bounds?.[key]
    if (limit == null) continue
    checked++
    if (key === 'min' ? rows >= limit : rows <= limit) continue
    const line = schemaLine(parsed, ['rows', key])
    violations.push({
      column: null,
      rule: key === 'min' ? 'rows.min' : 'rows.max',
      severity: 'error',
      expected: `${key === 'min' ? 'at least' : 'at most'} ${count(limit)} rows`,
      found: `${count(rows)} rows`,
      count: Math.abs(rows - limit),
      value: rows,
      bound: { op: key === 'min' ? '>=' : '<=', value: limit },
      rows: [],
      ...(line == null ? {} : { line }),
    })
  }
  return { violations, checked }
}

// --- internal ---

/** Where a schema column stands in the environment checked. */
type Presence = 'required' | 'optional' | 'absent'

function presenceOf(
  environments: readonly string[] | undefined,
  required: boolean | undefined,
  environment: string | null,
): Presence {
  if (environments != null) {
    if (environment == null) return 'optional'
    if (!environments.includes(environment)) return 'absent'
  }
  return required === false ? 'optional' : 'required'
}

/** ", but the data has "amount_usd"" when an unknown column looks like a rename. */
function nearName(name: string, unknown: readonly string[]): string {
  const lower = name.toLowerCase()
  const near = unknown.filter((u) => {
    const l = u.toLowerCase()
    return l.includes(lower) || lower.includes(l) || editDistance(l, lower) <= 2
  })
  if (near.length === 0) return ''
  return `; the data has ${near
    .slice(0, 3)
    .map((n) => `"${n}"`)
    .join(', ')}, which the schema does not list: renamed?`
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      )
    }
    previous = current
  }
  return previous[b.length] as number
}
