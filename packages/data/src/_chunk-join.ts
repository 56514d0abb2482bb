import type { Column, NumberColumn, StringColumn, Table } from './table.ts'

/**
 * The chunks of one CSV file (`csvChunks`), checked against what a read of the whole file gives,
 * and some of their columns gathered into whole columns. Each chunk infers its column types from
 * its own rows, so a chunk can see a column differently from the whole file: all missing (a
 * number column of missing cells) where the file has text, or numbers where later rows turn the
 * column to text. `add` refuses a chunk once any column's types disagree that way; until then
 * every chunk shows each column as the whole file does (numbers, booleans or text; integer and
 * number differ only in name), and the gathered columns are those of the whole file: the same
 * values, missing cells, types and text codes (dictionaries in first-seen order).
 */
export type ChunkJoin = {
  /** Takes a chunk; false (taking nothing) when its column types disagree with the chunks before. */
  add(chunk: Table): boolean
  /** The gathered columns, with every row of the chunks taken. */
  finish(): Table
}

export function joinChunks(source: string, gather: readonly string[]): ChunkJoin {
  const kinds = new Map<string, ColumnKinds>()
  const parts = new Map<string, Column[]>(gather.map((name) => [name, []]))
  let rowCount = 0
  return {
    add(chunk) {
      const seen = chunk.columns.map((column) => {
        const known = kinds.get(column.name) ?? { kind: undefined, allMissing: false }
        return [column.name, withChunk(known, column)] as const
      })
      if (seen.some(([, kind]) => kind === undefined)) return false
      for (const [name, kind] of seen) kinds.set(name, kind as ColumnKinds)
      for (const column of chunk.columns) parts.get(column.name)?.push(copied(column))
      rowCount += chunk.rowCount
      return true
    },
    finish() {
      const columns = gather.map((name) => joined(name, parts.get(name) ?? [], rowCount))
      return { source, rowCount, columns }
    },
  }
}

// --- internal ---

type Kind = 'number' | 'boolean' | 'string'

/** What the chunks so far showed of a column: its kind where it had values, and whether some chunk had none. */
type ColumnKinds = { readonly kind: Kind | undefined; readonly allMissing: boolean }

/** The column's kinds with this chunk's, or undefined when they disagree. */
function withChunk(known: ColumnKinds, column: Column): ColumnKinds | undefined {
  // A chunk whose cells are all missing reads the column as numbers: right only for a number column.
  const allMissing = known.allMissing || isAllMissing(column)
  const kind = isAllMissing(column) ? known.kind : kindOf(column)
  if (known.kind !== undefined && kind !== known.kind) return undefined
  if (allMissing && kind !== undefined && kind !== 'number') return undefined
  return { kind, allMissing }
}

function kindOf(column: Column): Kind {
  return column.type === 'integer' ? 'number' : column.type
}

function isAllMissing(column: Column): boolean {
  const rows = column.type === 'string' ? 0 : column.values.length
  return column.type === 'number' && rows > 0 && column.nullCount === rows
}

/** A chunk's column as kept: number values copied, since the next chunk may write over them. */
function copied(column: Column): Column {
  if (column.type === 'string') return column
  // Without decimal keys a column may hold: they are in the memory the next chunk reuses too.
  const { decimal: _keys, ...rest } = column
  return { ...rest, values: column.values.slice() }
}

/** The parts of one column, in order, as one column of `rowCount` rows. */
function joined(name: string, parts: readonly Column[], rowCount: number): Column {
  const strings = parts.filter((p): p is StringColumn => p.type === 'string')
  if (strings.length > 0) return joinedText(name, strings, rowCount)
  return joinedNumbers(name, parts as readonly NumberColumn[], rowCount)
}

function joinedNumbers(name: string, parts: readonly NumberColumn[], rowCount: number): Column {
  const values = new Float64Array(rowCount)
  let missing: Uint8Array | null = null
  let nullCount = 0
  let at = 0
  for (const part of parts) {
    values.set(part.values, at)
    if (part.missing != null) {
      missing ??= new Uint8Array(rowCount)
      missing.set(part.missing, at)
    }
    nullCount += part.nullCount
    at += part.values.length
  }
  // As a whole read types it: booleans where any part had booleans; integer when every part with
  // values held whole numbers; a column without values is a number column.
  const typed = parts.filter((p) => !isAllMissing(p))
  const type = typed.some((p) => p.type === 'boolean')
    ? 'boolean'
    : typed.length > 0 && typed.every((p) => p.type === 'integer')
      ? 'integer'
      : 'number'
  return { name, type, values, missing, nullCount }
}

function joinedText(name: string, parts: readonly StringColumn[], rowCount: number): Column {
  const codes = new Int32Array(rowCount)
  const dictionary: string[] = []
  const index = new Map<string, number>()
  let nullCount = 0
  let at = 0
  for (const part of parts) {
    const renumbered = part.dictionary.map((text) => {
      let code = index.get(text)
      if (code === undefined) {
        code = dictionary.length
        dictionary.push(text)
        index.set(text, code)
      }
      return code
    })
    const partCodes = part.codes
    if (renumbered.every((code, i) => code === i)) {
      // The part's texts were first met in the same order: its codes are the whole column's.
      codes.set(partCodes, at)
      at += partCodes.length
    } else {
      for (let i = 0; i < partCodes.length; i++) {
        const code = partCodes[i] as number
        codes[at++] = code < 0 ? -1 : (renumbered[code] as number)
      }
    }
    nullCount += part.nullCount
  }
  return { name, type: 'string', codes, dictionary, nullCount }
}
