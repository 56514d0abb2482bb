import type { GateResult } from '@mlgate/gates'
import { readCurves, readGroups, readPsi } from './_html-read.ts'
import { html } from './_html-text.ts'
import { MAX_GROUPS, MAX_PSI_BARS, groupsChart, psiChart } from './_svg-bars.ts'
import type { Models } from './_svg-curves.ts'
import { calibrationChart, prChart, rocChart } from './_svg-curves.ts'

/**
 * The charts of one gate as `<figure>`s, from whatever the result holds: curves (accuracy gate,
 * binary task), PSI per column (drift gate's table), rates per group (fairness gate's groups).
 * A result with none of these has no charts, and the section shows none.
 */
export function gateCharts(result: GateResult): string[] {
  const figures: string[] = []
  const curves = readCurves(result)
  if (curves) {
    const models: Models = [
      { name: 'candidate', curves: curves.candidate },
      ...(curves.champion ? [{ name: 'champion', curves: curves.champion }] : []),
    ]
    const charts = [
      ['ROC curve', rocChart(models)],
      ['Precision-recall curve', prChart(models)],
      ['Calibration (reliability)', calibrationChart(models)],
    ] as const
    for (const [heading, svg] of charts) if (svg) figures.push(figure(heading, svg))
  }
  const psi = readPsi(result)
  if (psi) {
    figures.push(
      figure(
        'PSI per column',
        psiChart(psi),
        psi.length > MAX_PSI_BARS
          ? `The ${MAX_PSI_BARS} most drifted of ${psi.length} columns; the table lists all.`
          : undefined,
        true,
      ),
    )
  }
  for (const { attribute, groups } of readGroups(result) ?? []) {
    figures.push(
      figure(
        `Rates by group: ${attribute}`,
        groupsChart(attribute, groups),
        groups.length > MAX_GROUPS
          ? `The first ${MAX_GROUPS} of ${groups.length} groups; the table lists all.`
          : undefined,
        true,
      ),
    )
  }
  return figures
}

// --- internal ---

/** A chart with its heading above and an optional note below. */
function figure(heading: string, svg: string, note?: string, wide = false): string {
  return `<figure class="chart${wide ? ' wide' : ''}"><figcaption>${html(heading, 200)}</figcaption>${svg}${note ? `<p class="chart-note">${html(note, 300)}</p>` : ''}</figure>`
}
