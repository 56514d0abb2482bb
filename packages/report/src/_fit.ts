import type { Block } from './_block.ts'
import type { Measure } from './_measure.ts'

export type FitOptions = {
  /** Lines that always come first (marker, headline). */
  readonly top: readonly string[]
  /** The visible line added after `top` when anything was left out. */
  readonly notice: string
  readonly limit: number
  readonly measure: Measure
}

/**
 * Lays blocks out within `limit` (as counted by `measure`, including line breaks). The core
 * (keep 0) is placed first in document order; then the rest by rising `keep` and `tieBreak`, each
 * block with as many of its items as fit, until the first block that does not fit whole: it and
 * everything after it are cut, and the notice says so. Blocks are separated by a blank line and
 * the result ends with a line break.
 */
export function fitBlocks(blocks: readonly Block[], options: FitOptions): string {
  const cost = linesCost(options.measure)
  const top = cost(options.top)
  const whole = layout(blocks, options.limit - top, options.measure)
  if (!isTrimmed(blocks, whole)) return assemble(blocks, whole, options.top, undefined)
  const notice = cost(['', options.notice])
  if (top + notice > options.limit) {
    throw new RangeError(
      `The report's headline and notice alone take ${top + notice} of the ${options.limit} allowed; raise the limit.`,
    )
  }
  const shown = layout(blocks, options.limit - top - notice, options.measure)
  return assemble(blocks, shown, options.top, options.notice)
}

// --- internal ---

function linesCost(measure: Measure): (lines: readonly string[]) => number {
  return (lines) => {
    let total = 0
    for (const line of lines) total += measure(line) + 1
    return total
  }
}

/** How many items of each block to show (-1: leave the block out) within `budget`. */
function layout(blocks: readonly Block[], budget: number, measure: Measure): number[] {
  const cost = linesCost(measure)
  const shown = blocks.map(() => -1)
  const footer = blocks.map((b) => (b.count > 0 ? cost(['', b.more(b.count)]) : 0))
  let left = budget

  /** Places block `i` with up to `max` items; false when not even its frame fits. */
  const place = (i: number, max: number, needItem: boolean): boolean => {
    const b = blocks[i]
    if (b == null) return false
    // The leading 1 is the blank line that separates blocks.
    const frame = 1 + cost(b.head) + cost(b.tail)
    const fee = footer[i] ?? 0
    if (frame + (b.count > 0 ? fee : 0) > left) return false
    let used = frame
    let n = 0
    for (; n < max; n++) {
      const line = measure(b.item(n)) + 1
      // The footer is needed unless this item is the last one.
      if (used + line + (n + 1 < b.count ? fee : 0) > left) break
      used += line
    }
    if (needItem && b.count > 0 && n === 0) return false
    if (n < b.count) used += fee
    left -= used
    shown[i] = n
    return true
  }

  /** Adds more items to placed block `i`. */
  const extend = (i: number): void => {
    const b = blocks[i]
    let n = shown[i] ?? -1
    if (b == null || n < 0) return
    for (; n < b.count; n++) {
      const line = measure(b.item(n)) + 1
      // The last item frees the footer already paid for.
      const delta = n + 1 < b.count ? line : line - (footer[i] ?? 0)
      if (delta > left) break
      left -= delta
    }
    shown[i] = n
  }

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]
    if (b?.keep === 0 && !place(i, Math.min(b.coreItems, b.count), false)) return shown
  }
  const steps: { i: number; keep: number; tieBreak: number; extend: boolean }[] = []
  blocks.forEach((b, i) => {
    if (b.keep > 0) steps.push({ i, keep: b.keep, tieBreak: b.tieBreak, extend: false })
    else if (b.count > b.coreItems && Number.isFinite(b.extraKeep)) {
      steps.push({ i, keep: b.extraKeep, tieBreak: b.tieBreak, extend: true })
    }
  })
  steps.sort((a, b) => a.keep - b.keep || a.tieBreak - b.tieBreak || a.i - b.i)
  for (const step of steps) {
    const b = blocks[step.i]
    if (b == null) continue
    if (step.extend) extend(step.i)
    else place(step.i, b.count, true)
    // Strict order: once a detail is cut, nothing less important may take its place, even if
    // something smaller would still fit.
    if ((shown[step.i] ?? -1) < b.count) break
  }
  return shown
}

function isTrimmed(blocks: readonly Block[], shown: readonly number[]): boolean {
  return blocks.some((b, i) => (shown[i] ?? -1) < b.count || b.lossy)
}

function assemble(
  blocks: readonly Block[],
  shown: readonly number[],
  top: readonly string[],
  notice: string | undefined,
): string {
  const lines: string[] = [...top]
  if (notice != null) lines.push('', notice)
  blocks.forEach((b, i) => {
    const n = shown[i] ?? -1
    if (n < 0) return
    // No blank line before the first block when there is no top (the check run's text).
    if (lines.length > 0) lines.push('')
    lines.push(...b.head)
    for (let k = 0; k < n; k++) lines.push(b.item(k))
    if (n < b.count) lines.push('', b.more(b.count - n))
    lines.push(...b.tail)
  })
  return `${lines.join('\n')}\n`
}
