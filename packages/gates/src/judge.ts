import type { Bound, GateStatus, Interval } from './result.ts'

/** How a confidence interval enters a verdict. */
export type UncertaintyMode = 'interval' | 'point'

export type Judgement = { verdict: GateStatus; reason: string }

/**
 * Decide one bounded check.
 *
 * `interval` mode (the default): a point estimate that misses the bound fails only when the whole
 * interval misses it too; when the interval still reaches the bound the evidence is not conclusive
 * and the check warns. `point` mode: the point estimate alone decides. Either way a sample below
 * `minRows` turns a pass into a warning, because a bound checked on a handful of rows means little.
 */
export function judge(
  value: number,
  bound: Bound,
  interval: Interval | undefined,
  mode: UncertaintyMode,
  rows: number,
  minRows: number,
): Judgement {
  const meets = (x: number): boolean => (bound.op === '>=' ? x >= bound.value : x <= bound.value)
  const shown = `${fmt(value)} ${bound.op} ${fmt(bound.value)}`
  const span = interval
    ? ` (${pct(interval.level)} interval [${fmt(interval.low)}, ${fmt(interval.high)}])`
    : ''
  let result: Judgement
  if (meets(value)) {
    result = { verdict: 'pass', reason: `${shown} holds${span}.` }
  } else if (mode === 'interval' && interval && (meets(interval.low) || meets(interval.high))) {
    result = {
      verdict: 'warn',
      reason: `${fmt(value)} misses ${bound.op} ${fmt(bound.value)}, but the ${pct(interval.level)} interval [${fmt(interval.low)}, ${fmt(interval.high)}] still reaches the bound: not conclusive.`,
    }
  } else {
    result = {
      verdict: 'fail',
      reason: `${fmt(value)} misses ${bound.op} ${fmt(bound.value)}${span}.`,
    }
  }
  if (rows < minRows && result.verdict === 'pass') {
    return {
      verdict: 'warn',
      reason: `${result.reason} Only ${rows} rows were evaluated (min-rows ${minRows}): too few for this bound to mean much.`,
    }
  }
  return result
}

export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x)
  const abs = Math.abs(x)
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? x.toExponential(3) : String(Number(x.toFixed(4)))
}

function pct(level: number): string {
  return `${Math.round(level * 100)}%`
}
