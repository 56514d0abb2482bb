import { UNSEEN_KEPT, type ColumnCheck, type Tally } from './_column-check.ts'
import { formatDatetime } from './datetime.ts'
import { count, quote, share } from './_format.ts'
import type { Violation } from './report.ts'

/** How many example values a violation's `found` text quotes. */
const QUOTED = 3
/** How many unseen categories a violation names, the most frequent first. */
const UNSEEN_NAMED = 5

/**
 * The broken rules of one column after all its cells were counted, in the order of the schema
 * keys, and how many rules were checked. `lineOf(key)` is the schema line of a rule key.
 */
export function columnViolations(
  check: ColumnCheck,
  rows: number,
  lineOf: (key: string) => number | undefined,
): { violations: Violation[]; checked: number } {
  const { spec, name } = check
  const out: Violation[] = []
  let checked = 0
  const at = (key: string, fallback?: string): { line?: number } => {
    const line = lineOf(key) ?? (fallback == null ? undefined : lineOf(fallback))
    return line == null ? {} : { line }
  }
  const examples = (t: Tally): Pick<Violation, 'rows'> & { text: string } => {
    const order = t.rows
      .map((_, i) => i)
      .sort((a, b) => (t.rows[a] as number) - (t.rows[b] as number))
    const shown = order.slice(0, QUOTED).map((i) => {
      const earlier = t.earlier[i]
      const also = earlier == null ? '' : `, first at row ${count(earlier)}`
      return `${quote(t.values[i] as string)} (row ${count(t.rows[i] as number)}${also})`
    })
    return { rows: order.map((i) => t.rows[i] as number), text: shown.join(', ') }
  }

  if (check.type !== 'string' && check.type !== 'category') {
    checked++
    if (check.invalid.count > 0) {
      const ex = examples(check.invalid)
      out.push({
        column: name,
        rule: 'type',
        severity: 'error',
        expected: TYPE_NOUN[check.type],
        found: `${count(check.invalid.count)} ${plural(check.invalid.count, 'cell')} of another kind: ${ex.text}`,
        count: check.invalid.count,
        value: check.invalid.count,
        bound: { op: '<=', value: 0 },
        rows: ex.rows,
        ...at('type'),
      })
    }
  }

  checked++
  const allowed = spec.max_null_share ?? 0
  const nullShare = rows === 0 ? 0 : check.nulls.count / rows
  if (nullShare > allowed) {
    const ex = examples(check.nulls)
    out.push({
      column: name,
      rule: 'max_null_share',
      severity: 'error',
      expected: allowed === 0 ? 'no missing cells' : `at most ${share(allowed)} missing cells`,
      found: `${share(nullShare)} missing (${count(check.nulls.count)} of ${count(rows)} rows), first at rows ${ex.rows.map(count).join(', ')}`,
      count: check.nulls.count,
      value: nullShare,
      bound: { op: '<=', value: allowed },
      rows: ex.rows,
      ...at('max_null_share'),
    })
  }

  const show = (v: number): string => (check.type === 'datetime' ? formatDatetime(v) : String(v))
  for (const key of ['min', 'max'] as const) {
    const limit = spec[key]
    if (limit == null) continue
    checked++
    const t = key === 'min' ? check.below : check.above
    if (t.count === 0) continue
    const ex = examples(t)
    const extreme = key === 'min' ? check.min : check.max
    out.push({
      column: name,
      rule: key,
      severity: 'error',
      expected: `values ${key === 'min' ? '≥' : '≤'} ${String(limit)}`,
      found: `${count(t.count)} ${plural(t.count, 'cell')} ${key === 'min' ? 'below' : 'above'}, ${key === 'min' ? 'smallest' : 'largest'} ${show(extreme)}: ${ex.text}`,
      count: t.count,
      value: check.type === 'datetime' ? null : extreme,
      ...(check.type === 'datetime'
        ? {}
        : {
            bound: {
              op: key === 'min' ? ('>=' as const) : ('<=' as const),
              value: check[key === 'min' ? 'lo' : 'hi'],
            },
          }),
      rows: ex.rows,
      ...at(key),
    })
  }

  if (check.categories != null) {
    checked++
    const allowedUnseen = spec.max_unseen_share ?? 0
    const unseenShare = check.nonNull === 0 ? 0 : check.unseen.count / check.nonNull
    if (unseenShare > allowedUnseen) {
      const ex = examples(check.unseen)
      const named = [...check.unseenValues.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, UNSEEN_NAMED)
        .map(([value, n]) => `${quote(value)} (${count(n)})`)
      const more = check.unseenValues.size - named.length
      out.push({
        column: name,
        rule: 'categories',
        severity: 'error',
        expected: `one of the ${check.categories.size} categories${allowedUnseen > 0 ? `, other values in at most ${share(allowedUnseen)} of cells` : ''}`,
        found: `${share(unseenShare)} of cells (${count(check.unseen.count)} of ${count(check.nonNull)}) hold other values: ${named.join(', ')}${more > 0 ? ` and ${more}${check.unseenValues.size >= UNSEEN_KEPT ? '+' : ''} more` : ''}; first at rows ${ex.rows.map(count).join(', ')}`,
        count: check.unseen.count,
        value: unseenShare,
        bound: { op: '<=', value: allowedUnseen },
        rows: ex.rows,
        ...at('max_unseen_share', 'categories'),
      })
    }
  }

  if (check.regex != null) {
    checked++
    if (check.mismatch.count > 0) {
      const ex = examples(check.mismatch)
      out.push({
        column: name,
        rule: 'regex',
        severity: 'error',
        expected: `values matching /${spec.regex ?? ''}/ in full`,
        found: `${count(check.mismatch.count)} ${plural(check.mismatch.count, 'cell')} that do not: ${ex.text}`,
        count: check.mismatch.count,
        value: check.mismatch.count,
        bound: { op: '<=', value: 0 },
        rows: ex.rows,
        ...at('regex'),
      })
    }
  }

  if (check.set != null) {
    checked++
    if (check.duplicate.count > 0) {
      const ex = examples(check.duplicate)
      out.push({
        column: name,
        rule: 'unique',
        severity: 'error',
        expected: 'every value at most once',
        found: `${count(check.duplicate.count)} ${plural(check.duplicate.count, 'cell')} repeat an earlier value: ${ex.text}`,
        count: check.duplicate.count,
        value: check.duplicate.count,
        bound: { op: '<=', value: 0 },
        rows: ex.rows,
        ...at('unique'),
      })
    }
  }
  return { violations: out, checked }
}

// --- internal ---

const TYPE_NOUN = {
  number: 'numbers',
  integer: 'whole numbers',
  boolean: 'true or false (or 1 and 0)',
  datetime: 'ISO 8601 dates or date-times, e.g. 2024-01-31 or 2024-01-31T12:00:00Z',
  string: 'text',
  category: 'text',
} as const

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
