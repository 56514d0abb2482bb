import { formatCount, formatMetric, formatThreshold } from './_format.ts'
import type { CurvesView } from './_html-read.ts'
import { COLORS } from './_svg-plot.ts'
import type { XyMark, XySeries } from './_svg-xy.ts'
import { xyChart } from './_svg-xy.ts'

/** The models a chart compares: the candidate, and the champion when the gate had one. */
export type Models = readonly { readonly name: string; readonly curves: CurvesView }[]

/** ROC curves with the chance diagonal and the operating point; AUC in the legend. */
export function rocChart(models: Models): string | undefined {
  const drawn = models.flatMap((m, i) => (m.curves.roc ? [{ ...m, roc: m.curves.roc, i }] : []))
  if (drawn.length === 0) return undefined
  return xyChart({
    kind: 'roc',
    title: 'ROC curve',
    description: `True-positive rate against false-positive rate at every threshold, ${drawn.map((m) => `${m.name} AUC ${formatMetric(m.roc.auc)}`).join(', ')}.`,
    xLabel: 'False-positive rate',
    yLabel: 'True-positive rate',
    guides: [{ label: 'chance (AUC 0.5)', from: [0, 0], to: [1, 1] }],
    series: drawn.map((m): XySeries => ({
      label: `${m.name} (AUC ${formatMetric(m.roc.auc)})`,
      color: color(m.i),
      dashed: m.i > 0,
      x: m.roc.fpr,
      y: m.roc.tpr,
    })),
    ...operatingMarks(models, (op) =>
      op.fpr != null && op.tpr != null
        ? { x: op.fpr, y: op.tpr, text: `TPR ${formatMetric(op.tpr)}, FPR ${formatMetric(op.fpr)}` }
        : undefined,
    ),
  })
}

/** Precision-recall curves with the prevalence baseline; average precision in the legend. */
export function prChart(models: Models): string | undefined {
  const drawn = models.flatMap((m, i) => (m.curves.pr ? [{ ...m, pr: m.curves.pr, i }] : []))
  const [first] = drawn
  if (first == null) return undefined
  const prevalence = first.pr.prevalence
  return xyChart({
    kind: 'pr',
    title: 'Precision-recall curve',
    description: `Precision against recall at every threshold, ${drawn.map((m) => `${m.name} average precision ${formatMetric(m.pr.ap)}`).join(', ')}.`,
    xLabel: 'Recall',
    yLabel: 'Precision',
    guides:
      prevalence == null
        ? []
        : [
            {
              label: `prevalence ${formatMetric(prevalence)} (a model that guesses)`,
              from: [0, prevalence],
              to: [1, prevalence],
            },
          ],
    series: drawn.map((m): XySeries => ({
      label: `${m.name} (AP ${formatMetric(m.pr.ap)})`,
      color: color(m.i),
      dashed: m.i > 0,
      x: m.pr.recall,
      y: m.pr.precision,
    })),
    ...operatingMarks(models, (op) =>
      op.tpr != null && op.precision != null
        ? {
            x: op.tpr,
            y: op.precision,
            text: `recall ${formatMetric(op.tpr)}, precision ${formatMetric(op.precision)}`,
          }
        : undefined,
    ),
  })
}

/** Observed positive rate against mean score per bin, with the diagonal of perfect calibration. */
export function calibrationChart(models: Models): string | undefined {
  const drawn = models.flatMap((m, i) =>
    m.curves.calibration ? [{ ...m, bins: m.curves.calibration, i }] : [],
  )
  if (drawn.length === 0) return undefined
  return xyChart({
    kind: 'calibration',
    title: 'Calibration (reliability)',
    description:
      'Share of positive rows against mean predicted probability, in 10 equal-width score bins (empty bins left out).',
    xLabel: 'Mean predicted probability (bin)',
    yLabel: 'Observed positive rate',
    guides: [{ label: 'perfectly calibrated', from: [0, 0], to: [1, 1] }],
    series: drawn.map((m): XySeries => ({
      label: m.name,
      color: color(m.i),
      dashed: m.i > 0,
      x: m.bins.map((b) => b.meanScore),
      y: m.bins.map((b) => b.observedRate),
      dots: m.bins.map(
        (b) =>
          `${m.name}, scores ${formatThreshold(b.low)}–${formatThreshold(b.high)}: ${formatCount(b.count)} rows, mean score ${formatMetric(b.meanScore)}, observed rate ${formatMetric(b.observedRate)}`,
      ),
    })),
    marks: [],
  })
}

// --- internal ---

function color(i: number): string {
  return i === 0 ? COLORS.candidate : i === 1 ? COLORS.champion : COLORS.third
}

type OperatingPoint = NonNullable<CurvesView['operatingPoint']>

/** A dot per model at its decision threshold, where the point is defined. */
function operatingMarks(
  models: Models,
  where: (op: OperatingPoint) => { x: number; y: number; text: string } | undefined,
): { marks: XyMark[]; markLabel?: string } {
  const marks: XyMark[] = []
  let threshold: number | undefined
  models.forEach((m, i) => {
    const op = m.curves.operatingPoint
    const at = op && where(op)
    if (op == null || at == null) return
    threshold ??= op.threshold
    marks.push({
      x: at.x,
      y: at.y,
      color: color(i),
      title: `${m.name} at threshold ${formatThreshold(op.threshold)}: ${at.text}`,
    })
  })
  return threshold == null
    ? { marks }
    : { marks, markLabel: `decision threshold ${formatThreshold(threshold)}` }
}
