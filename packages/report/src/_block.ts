/**
 * A block is one piece of a report (a heading, a table, a chart), as lines. Blocks that hold many
 * items (table rows, findings) can be shown in part, so a size limit cuts rows, not whole tables.
 */
export type Role =
  'heading' | 'checks' | 'notes' | 'policy' | 'chart' | 'findings' | 'table' | 'context' | 'run'

export type Block = {
  readonly role: Role
  /**
   * What a size limit drops first: the highest `keep`. 0 is the core (headings, checks, policy,
   * the first findings), cut only when even the core does not fit.
   */
  readonly keep: number
  /** Orders blocks of equal `keep`, lowest kept first (a table's `priority`). */
  readonly tieBreak: number
  readonly head: readonly string[]
  /** Number of items; `item(i)` renders one line on demand, so a huge table costs only what is shown. */
  readonly count: number
  readonly item: (index: number) => string
  /** Items that belong with the block at `keep`; the rest are kept at `extraKeep`. */
  readonly coreItems: number
  readonly extraKeep: number
  /** The line that stands in for `omitted` items. */
  readonly more: (omitted: number) => string
  readonly tail: readonly string[]
  /** True when rendering already left something out (e.g. columns beyond the cap). */
  readonly lossy: boolean
}

/** A block of fixed lines. */
export function fixedBlock(role: Role, keep: number, lines: readonly string[]): Block {
  return {
    role,
    keep,
    tieBreak: 0,
    head: lines,
    count: 0,
    item: () => '',
    coreItems: 0,
    extraKeep: keep,
    more: () => '',
    tail: [],
    lossy: false,
  }
}
