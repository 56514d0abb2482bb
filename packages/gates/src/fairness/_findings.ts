import type { Finding } from '../result.ts'
import type { AttributeAnalysis } from './_analysis.ts'

/**
 * Warnings about groups that are shown but not compared: groups below the minimum size, and
 * groups whose TPR or FPR is undefined (no positive or negative labels). One finding per attribute
 * and kind, naming the first few groups, so an intersection of many small cells stays readable.
 */
export function groupFindings(
  analyses: readonly AttributeAnalysis[],
  minGroupSize: number,
  source: string,
): Finding[] {
  const findings: Finding[] = []
  for (const a of analyses) {
    const groups = a.attribute.groups
    const column = a.attribute.intersection ? undefined : a.attribute.key
    const where = { file: source, ...(column ? { column } : {}) }
    const small = groups.flatMap((g, i) =>
      a.rates[i]!.n < minGroupSize ? [`"${g.name}" (${a.rates[i]!.n} rows)`] : [],
    )
    if (small.length > 0) {
      findings.push({
        severity: 'warning',
        message: `${a.attribute.key}: ${count(small.length, 'group')} of ${groups.length} below the minimum group size of ${minGroupSize}, shown but not gated: ${list(small)}.`,
        ...where,
      })
    }
    const undefinedRate = (rate: 'tpr' | 'fpr', labels: string) => {
      const names = groups.flatMap((g, i) => {
        const r = a.rates[i]!
        return r.n >= minGroupSize && r.rates[rate].value == null ? [`"${g.name}"`] : []
      })
      if (names.length === 0) return
      const upper = rate.toUpperCase()
      findings.push({
        severity: 'warning',
        message: `${a.attribute.key}: ${upper} is undefined for ${list(names)} (no ${labels} labels in the group), which ${names.length === 1 ? 'is' : 'are'} left out of the ${upper} comparisons${rate === 'tpr' ? ' (equal opportunity, equalized odds)' : ' (equalized odds)'}.`,
        ...where,
      })
    }
    undefinedRate('tpr', 'positive')
    undefinedRate('fpr', 'negative')
  }
  return findings
}

// --- internal ---

/** Most names a finding lists before it says how many more. */
const SHOWN = 5

function list(names: readonly string[]): string {
  const more = names.length - SHOWN
  return `${names.slice(0, SHOWN).join(', ')}${more > 0 ? ` and ${more} more` : ''}`
}

function count(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`
}
