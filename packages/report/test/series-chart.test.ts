import type { ResultTable } from '@mlgate/gates'
import { describe, expect, it } from 'vitest'
import { seriesChart } from '../src/_series-chart.ts'

const psi: ResultTable = {
  title: 'Drift',
  columns: ['feature', 'PSI', 'warn at', 'fail at'],
  rows: [
    ['a', 0.31, 0.1, 0.25],
    ['b', 0.02, 0.1, 0.25],
  ],
  chart: { bars: 'PSI', lines: ['warn at', 'fail at'] },
}

describe('seriesChart', () => {
  it('draws the bars and one line per named column', () => {
    const chart = seriesChart(psi)
    expect(chart?.source).toContain('  bar [0.31, 0.02]')
    expect(chart?.source).toContain('  line [0.1, 0.1]')
    expect(chart?.source).toContain('  line [0.25, 0.25]')
  })

  it('draws nothing when a named column is absent or charts are off', () => {
    expect(seriesChart({ ...psi, chart: { bars: 'PSI', lines: ['nope'] } })).toBeUndefined()
    expect(seriesChart({ ...psi, chart: false })).toBeUndefined()
  })
})
