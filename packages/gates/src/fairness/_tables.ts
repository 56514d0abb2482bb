import type {
  BootstrapInterval,
  Disparity,
  DisparityName,
  GroupRateName,
  MetricValue,
} from '@mlgate/stats'
import { DISPARITY_NAMES } from '@mlgate/stats'
import { fmt } from '../judge.ts'
import type { ResultTable } from '../result.ts'
import type { AttributeAnalysis } from './_analysis.ts'
import { DISPARITY_LABELS } from './_checks.ts'

/**
 * Per group: n, the rates with intervals for selection rate and TPR, disparate impact and whether
 * the group is gated. Charted as selection rate (bars) and TPR (line) per group.
 */
export function groupsTable(a: AttributeAnalysis, minGroupSize: number): ResultTable {
  const impact = a.disparities.disparateImpact
  const rows = a.attribute.groups.map((g, i) => {
    const r = a.rates[i]!
    const rate = (name: GroupRateName) => cell(r.rates[name])
    return [
      g.name,
      r.n,
      rate('selection_rate'),
      span(a.intervals?.selectionRate[i]),
      rate('tpr'),
      span(a.intervals?.tpr[i]),
      rate('fpr'),
      rate('fnr'),
      rate('precision'),
      rate('accuracy'),
      i === impact.reference ? '1 (reference)' : cell(impact.perGroup[i]),
      gatedCell(a, r.n, minGroupSize),
    ]
  })
  return {
    title: `Groups by ${a.attribute.key}`,
    columns: [
      'group',
      'n',
      'selection rate',
      'selection rate interval',
      'TPR',
      'TPR interval',
      'FPR',
      'FNR',
      'precision',
      'accuracy',
      'disparate impact',
      'gated',
    ],
    rows,
    priority: a.attribute.intersection ? 2 : 1,
    chart: { bars: 'selection rate', line: 'TPR' },
  }
}

/** Every disparity of every attribute, with the groups compared and the groups left out. */
export function disparitiesTable(analyses: readonly AttributeAnalysis[]): ResultTable {
  const rows = analyses.flatMap((a) =>
    DISPARITY_NAMES.map((name) => {
      const d = a.disparities.values[name]
      const iv = a.intervals?.disparities[name]
      return [
        a.attribute.key,
        DISPARITY_LABELS[name],
        d.value ?? `undefined: ${d.reason}`,
        span(iv),
        compared(a, name, d),
        leftOut(a, d),
      ]
    }),
  )
  return {
    title: 'Disparities',
    columns: ['attribute', 'disparity', 'value', 'interval', 'compared', 'left out'],
    rows,
    priority: 0,
    // Differences and ratios of different attributes share no axis.
    chart: false,
  }
}

/** "[0.12, 0.34]", or empty without an interval. */
export function span(b: BootstrapInterval | null | undefined): string {
  return b ? `[${fmt(b.low)}, ${fmt(b.high)}]` : ''
}

// --- internal ---

/** Most groups a "left out" cell names before it says how many more. */
const LEFT_OUT_SHOWN = 3

function cell(v: MetricValue | undefined): number | string {
  if (v == null) return ''
  return v.value ?? `undefined: ${v.reason}`
}

function gatedCell(a: AttributeAnalysis, n: number, minGroupSize: number): string {
  if (!a.gated) return 'no: intersection shown only'
  return n < minGroupSize ? `no: ${n} rows < ${minGroupSize}` : 'yes'
}

function compared(a: AttributeAnalysis, name: DisparityName, d: Disparity): string {
  if (d.value == null) return ''
  const groups = a.attribute.groups
  const one = groups[d.group.group]?.name ?? '?'
  const other = groups[d.against.group]?.name ?? '?'
  const rate = { selection_rate: 'selection rate', tpr: 'TPR', fpr: 'FPR' }[d.rate]
  return name === 'disparate_impact'
    ? `${one} vs reference ${other} (${rate})`
    : `${one} vs ${other} (${rate})`
}

function leftOut(a: AttributeAnalysis, d: Disparity): string {
  if (d.leftOut.length === 0) return ''
  const names = d.leftOut
    .slice(0, LEFT_OUT_SHOWN)
    .map((l) => `${a.attribute.groups[l.group]?.name ?? '?'} (${l.reason})`)
  const more = d.leftOut.length - LEFT_OUT_SHOWN
  return `${names.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
}
