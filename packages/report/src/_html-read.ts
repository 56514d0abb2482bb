import type { GateResult } from '@mlgate/gates'

/**
 * What the HTML charts draw, read from a result. A result may come from a JSON file written by
 * another version, so every value is checked: a chart whose data is missing or malformed is left
 * out, never drawn from NaN.
 */

/** One model's curves (the accuracy gate's `details.curves.candidate` or `.champion`). */
export type CurvesView = {
  readonly roc?: { fpr: number[]; tpr: number[]; auc: number | null }
  readonly pr?: {
    recall: number[]
    precision: number[]
    ap: number | null
    prevalence: number | null
  }
  readonly calibration?: readonly CalibrationView[]
  readonly operatingPoint?: {
    threshold: number
    fpr: number | null
    tpr: number | null
    precision: number | null
  }
}

export type CalibrationView = {
  readonly low: number
  readonly high: number
  readonly count: number
  readonly meanScore: number
  readonly observedRate: number
}

/** The candidate's and champion's curves; undefined when the result has none. */
export function readCurves(
  result: GateResult,
): { candidate: CurvesView; champion?: CurvesView } | undefined {
  const curves = record(result.details?.['curves'])
  const candidate = curves && modelCurves(curves['candidate'])
  if (candidate == null) return undefined
  const champion = curves && modelCurves(curves['champion'])
  return champion ? { candidate, champion } : { candidate }
}

export type PsiRow = {
  readonly name: string
  readonly psi: number
  readonly warn: number | null
  readonly fail: number | null
  readonly verdict: string
}

/**
 * PSI per column from the drift gate's table (`column`, `PSI`, `warn at`, `fail at`, `verdict`:
 * drift/_tables.ts), the table with the most such rows, in its order (most drifted first).
 */
export function readPsi(result: GateResult): PsiRow[] | undefined {
  let best: PsiRow[] | undefined
  for (const table of result.tables) {
    const at = (name: string) => table.columns.indexOf(name)
    const psi = at('PSI')
    if (psi < 1) continue
    const warn = at('warn at')
    const fail = at('fail at')
    const verdict = at('verdict')
    const rows = table.rows.flatMap((r) => {
      const v = r[psi]
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return []
      return [
        {
          name: String(r[0] ?? ''),
          psi: v,
          warn: finiteOrNull(warn >= 0 ? r[warn] : null),
          fail: finiteOrNull(fail >= 0 ? r[fail] : null),
          verdict: verdict >= 0 ? String(r[verdict] ?? '') : '',
        },
      ]
    })
    if (rows.length > 0 && rows.length > (best?.length ?? 0)) best = rows
  }
  return best
}

/** Rates drawn per group. */
export const GROUP_RATES = ['selection_rate', 'tpr', 'fpr'] as const
export type GroupRate = (typeof GROUP_RATES)[number]

export type GroupView = {
  readonly name: string
  readonly n: number | null
  readonly gated: boolean
  readonly rates: Readonly<
    Record<GroupRate, { value: number | null; low: number | null; high: number | null }>
  >
}

/** Per-attribute group rates from the fairness gate's `details.groups` (fairness/_details.ts). */
export function readGroups(
  result: GateResult,
): { attribute: string; groups: GroupView[] }[] | undefined {
  const groups = record(result.details?.['groups'])
  if (groups == null) return undefined
  const out = Object.entries(groups).flatMap(([attribute, list]) => {
    if (!Array.isArray(list)) return []
    const views = list.flatMap((g): GroupView[] => {
      const entry = record(g)
      if (entry == null) return []
      const intervals = record(entry['intervals'])
      const rate = (name: GroupRate) => {
        const interval = record(intervals?.[name])
        return {
          value: unitOrNull(entry[name]),
          low: unitOrNull(interval?.['low']),
          high: unitOrNull(interval?.['high']),
        }
      }
      return [
        {
          name: String(entry['group'] ?? ''),
          n: finiteOrNull(entry['n']),
          gated: entry['gated'] === true,
          rates: { selection_rate: rate('selection_rate'), tpr: rate('tpr'), fpr: rate('fpr') },
        },
      ]
    })
    return views.length > 0 ? [{ attribute, groups: views }] : []
  })
  return out.length > 0 ? out : undefined
}

// --- internal ---

function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof v === 'object' && v != null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined
}

function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** A rate: a finite number in [0, 1], else null. */
function unitOrNull(v: unknown): number | null {
  return typeof v === 'number' && v >= 0 && v <= 1 ? v : null
}

/** Two arrays of rates of the same length, at least 2 points. */
function pairOfRates(a: unknown, b: unknown): [number[], number[]] | undefined {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.length < 2) {
    return undefined
  }
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
  return a.every(ok) && b.every(ok) ? [a as number[], b as number[]] : undefined
}

function modelCurves(v: unknown): CurvesView | undefined {
  const m = record(v)
  if (m == null) return undefined
  const roc = record(m['roc'])
  const pr = record(m['pr'])
  const calibration = record(m['calibration'])
  const op = record(m['operating_point'])
  const rocPair = roc && pairOfRates(roc['fpr'], roc['tpr'])
  const prPair = pr && pairOfRates(pr['recall'], pr['precision'])
  const bins = Array.isArray(calibration?.['bins'])
    ? (calibration['bins'] as unknown[]).flatMap((b): CalibrationView[] => {
        const bin = record(b)
        const meanScore = unitOrNull(bin?.['mean_score'])
        const observedRate = unitOrNull(bin?.['observed_rate'])
        const count = finiteOrNull(bin?.['count'])
        if (bin == null || meanScore == null || observedRate == null || count == null) return []
        return [
          {
            low: finiteOrNull(bin['low']) ?? 0,
            high: finiteOrNull(bin['high']) ?? 1,
            count,
            meanScore,
            observedRate,
          },
        ]
      })
    : []
  const threshold = finiteOrNull(op?.['threshold'])
  const view: CurvesView = {
    ...(rocPair
      ? { roc: { fpr: rocPair[0], tpr: rocPair[1], auc: finiteOrNull(roc?.['auc']) } }
      : {}),
    ...(prPair
      ? {
          pr: {
            recall: prPair[0],
            precision: prPair[1],
            ap: finiteOrNull(pr?.['average_precision']),
            prevalence: unitOrNull(pr?.['prevalence']),
          },
        }
      : {}),
    ...(bins.length > 0 ? { calibration: bins } : {}),
    ...(op && threshold != null
      ? {
          operatingPoint: {
            threshold,
            fpr: unitOrNull(op['fpr']),
            tpr: unitOrNull(op['tpr']),
            precision: unitOrNull(op['precision']),
          },
        }
      : {}),
  }
  return view.roc || view.pr || view.calibration ? view : undefined
}
