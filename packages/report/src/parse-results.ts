import type {
  Bound,
  Check,
  Finding,
  GateResult,
  GateStatus,
  Interval,
  ResultTable,
} from '@mlgate/gates'

/**
 * Thrown when a results file is not the JSON `renderJson` writes. `source` names the file (or
 * artifact) and `path` the first field at fault, e.g. `results[1].checks[0].verdict`.
 */
export class ResultsJsonError extends Error {
  override name = 'ResultsJsonError'
  readonly source: string
  readonly path: string

  constructor(source: string, path: string, problem: string) {
    super(`${source}: ${path === '' ? 'top level' : path}: ${problem} ${WHAT_TO_DO}`)
    this.source = source
    this.path = path
  }
}

/**
 * Reads the JSON `renderJson` writes (`{ "status": ..., "results": [...] }`), or one bare
 * GateResult, back into results,
 * checking every field, so results made by separate jobs can be gathered into one report. Where the
 * type has a number but no null, null is read as NaN: `renderJson` writes non-finite numbers as
 * null, and this keeps `renderJson(parseResultsJson(renderJson(r)))` byte-identical. Fields this version does
 * not know are skipped, so a result written by a newer mlgate still reads.
 */
export function parseResultsJson(text: string, source: string): GateResult[] {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new ResultsJsonError(source, '', `not valid JSON (${(error as Error).message}).`)
  }
  const top = object(raw, '', source)
  // A lone GateResult: what the gate actions' report-path files and `mlgate <gate> --json` hold.
  if ('gate' in top && !('results' in top)) return [gate(top, '', source)]
  status(top['status'], 'status', source)
  return array(top['results'], 'results', source).map((r, i) => gate(r, `results[${i}]`, source))
}

// --- internal ---

const WHAT_TO_DO =
  'Expected the JSON an mlgate gate writes (its <gate>.json artifact, `mlgate <gate> --json`); re-run the gate that made this file rather than editing it.'

const STATUSES: readonly GateStatus[] = ['pass', 'warn', 'fail', 'error']
const SEVERITIES: readonly Finding['severity'][] = ['error', 'warning', 'notice']

type Fields = Readonly<Record<string, unknown>>

function gate(value: unknown, path: string, source: string): GateResult {
  const o = object(value, path, source)
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
  const result: GateResult = {
    gate: string(o['gate'], at('gate'), source),
    title: string(o['title'], at('title'), source),
    status: status(o['status'], at('status'), source),
    summary: string(o['summary'], at('summary'), source),
    checks: array(o['checks'], at('checks'), source).map((c, i) =>
      check(c, `${at('checks')}[${i}]`, source),
    ),
    metrics: record(o['metrics'], at('metrics'), source, nullable),
    tables: array(o['tables'], at('tables'), source).map((t, i) =>
      table(t, `${at('tables')}[${i}]`, source),
    ),
    findings: array(o['findings'], at('findings'), source).map((f, i) =>
      finding(f, `${at('findings')}[${i}]`, source),
    ),
    context: record(o['context'], at('context'), source, contextValue),
    policy: string(o['policy'], at('policy'), source),
  }
  if (o['details'] === undefined) return result
  return { ...result, details: object(o['details'], at('details'), source) }
}

function check(value: unknown, path: string, source: string): Check {
  const o = object(value, path, source)
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
  const bound = o['bound'] === undefined ? undefined : boundOf(o['bound'], at('bound'), source)
  const interval =
    o['interval'] === undefined ? undefined : intervalOf(o['interval'], at('interval'), source)
  return {
    name: string(o['name'], at('name'), source),
    label: string(o['label'], at('label'), source),
    value: nullable(o['value'], at('value'), source),
    ...(bound ? { bound } : {}),
    verdict: status(o['verdict'], at('verdict'), source),
    ...(interval ? { interval } : {}),
    reason: string(o['reason'], at('reason'), source),
  }
}

function boundOf(value: unknown, path: string, source: string): Bound {
  const o = object(value, path, source)
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
  const relative =
    o['relative'] === undefined ? undefined : bool(o['relative'], at('relative'), source)
  return {
    op: oneOf(o['op'], ['>=', '<='] as const, at('op'), source),
    value: number(o['value'], at('value'), source),
    kind: oneOf(o['kind'], ['value', 'change'] as const, at('kind'), source),
    ...(relative != null ? { relative } : {}),
  }
}

function intervalOf(value: unknown, path: string, source: string): Interval {
  const o = object(value, path, source)
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
  return {
    low: number(o['low'], at('low'), source),
    high: number(o['high'], at('high'), source),
    level: number(o['level'], at('level'), source),
    method: string(o['method'], at('method'), source),
  }
}

function table(value: unknown, path: string, source: string): ResultTable {
  const o = object(value, path, source)
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
  const columns = array(o['columns'], at('columns'), source).map((c, i) =>
    string(c, `${at('columns')}[${i}]`, source),
  )
  const rows = array(o['rows'], at('rows'), source).map((row, i) =>
    array(row, `${at('rows')}[${i}]`, source).map((cell, j) =>
      cellValue(cell, `${at('rows')}[${i}][${j}]`, source),
    ),
  )
  const priority =
    o['priority'] === undefined ? undefined : number(o['priority'], at('priority'), source)
  return {
    title: string(o['title'], at('title'), source),
    columns,
    rows,
    ...(priority !== undefined ? { priority } : {}),
  }
}

function finding(value: unknown, path: string, source: string): Finding {
  const o = object(value, path, source)
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
  const optional = <T>(
    key: string,
    read: (v: unknown, p: string, s: string) => T,
  ): T | undefined => (o[key] === undefined ? undefined : read(o[key], at(key), source))
  const file = optional('file', string)
  const line = optional('line', number)
  const row = optional('row', number)
  const column = optional('column', string)
  return {
    severity: oneOf(o['severity'], SEVERITIES, at('severity'), source),
    message: string(o['message'], at('message'), source),
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(row !== undefined ? { row } : {}),
    ...(column !== undefined ? { column } : {}),
  }
}

function status(value: unknown, path: string, source: string): GateStatus {
  return oneOf(value, STATUSES, path, source)
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  source: string,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  const expected = allowed.map((a) => JSON.stringify(a)).join(', ')
  throw new ResultsJsonError(source, path, `expected one of ${expected}, found ${describe(value)}.`)
}

function string(value: unknown, path: string, source: string): string {
  if (typeof value === 'string') return value
  throw new ResultsJsonError(source, path, `expected a string, found ${describe(value)}.`)
}

function bool(value: unknown, path: string, source: string): boolean {
  if (typeof value === 'boolean') return value
  throw new ResultsJsonError(source, path, `expected true or false, found ${describe(value)}.`)
}

/** A number where the type allows null (an undefined metric): null stays null. */
function nullable(value: unknown, path: string, source: string): number | null {
  if (isNull(value) || typeof value === 'number') return value
  throw new ResultsJsonError(source, path, `expected a number or null, found ${describe(value)}.`)
}

/** A number where the type has no null: null is what `renderJson` made of NaN or ±Infinity. */
function number(value: unknown, path: string, source: string): number {
  return nullable(value, path, source) ?? Number.NaN
}

function cellValue(value: unknown, path: string, source: string): string | number | null {
  if (isNull(value) || typeof value === 'number' || typeof value === 'string') return value
  throw new ResultsJsonError(
    source,
    path,
    `expected a table cell (a string, a number or null), found ${describe(value)}.`,
  )
}

function contextValue(value: unknown, path: string, source: string): string | number | boolean {
  if (isNull(value)) return Number.NaN
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value
  }
  throw new ResultsJsonError(
    source,
    path,
    `expected a string, a number or a boolean, found ${describe(value)}.`,
  )
}

function object(value: unknown, path: string, source: string): Fields {
  if (value != null && typeof value === 'object' && !Array.isArray(value)) return value as Fields
  throw new ResultsJsonError(source, path, `expected an object, found ${describe(value)}.`)
}

function array(value: unknown, path: string, source: string): readonly unknown[] {
  if (Array.isArray(value)) return value
  throw new ResultsJsonError(source, path, `expected an array, found ${describe(value)}.`)
}

function record<T>(
  value: unknown,
  path: string,
  source: string,
  read: (v: unknown, p: string, s: string) => T,
): Record<string, T> {
  const o = object(value, path, source)
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, read(v, keyPath(path, k), source)]),
  )
}

/** `metrics.roc_auc`, or `metrics["p 95"]` when the key is not a plain name. */
function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/** JSON null, as opposed to a missing field (undefined). */
function isNull(value: unknown): value is null {
  return value !== undefined && value == null
}

function describe(value: unknown): string {
  if (value == null) return value === undefined ? 'nothing (the field is missing)' : 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value)
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`
}
