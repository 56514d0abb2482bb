import { readFileSync } from 'node:fs'
import type { Column, Table } from '@mlgate/data'

/**
 * A test-local Table builder, so these tests depend on the Table type only and not on the data
 * package's readers. Columns whose non-empty cells all parse as numbers are numeric (`integer`
 * when all are whole), others are dictionary-encoded strings; empty cells are missing.
 */
export function tableFromCsv(path: string, keep?: (name: string) => boolean): Table {
  const rows = parseCsv(readFileSync(path, 'utf8'))
  const header = rows.shift() ?? []
  const columns: Column[] = []
  header.forEach((name, j) => {
    if (keep != null && !keep(name)) return
    columns.push(
      columnFromCells(
        name,
        rows.map((r) => r[j] ?? ''),
      ),
    )
  })
  return { source: path, rowCount: rows.length, columns }
}

export function numberColumn(
  name: string,
  values: readonly number[],
  type: 'number' | 'integer' | 'boolean' = 'number',
): Column {
  const missing = new Uint8Array(values.length)
  let nullCount = 0
  values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      missing[i] = 1
      nullCount++
    }
  })
  return {
    name,
    type,
    values: Float64Array.from(values),
    missing: nullCount > 0 ? missing : null,
    nullCount,
  }
}

export function stringColumn(name: string, values: readonly (string | null)[]): Column {
  const dictionary: string[] = []
  const index = new Map<string, number>()
  const codes = new Int32Array(values.length)
  let nullCount = 0
  values.forEach((v, i) => {
    if (v == null) {
      codes[i] = -1
      nullCount++
      return
    }
    let code = index.get(v)
    if (code == null) {
      code = dictionary.length
      dictionary.push(v)
      index.set(v, code)
    }
    codes[i] = code
  })
  return { name, type: 'string', codes, dictionary, nullCount }
}

export function table(columns: Column[], source = 'test table'): Table {
  const first = columns[0]
  const rowCount =
    first == null ? 0 : first.type === 'string' ? first.codes.length : first.values.length
  return { source, rowCount, columns }
}

/** Rows `order[i]` of `t`, in that order (repeats allowed). */
export function pickRows(t: Table, order: readonly number[]): Table {
  const columns = t.columns.map((c): Column => {
    if (c.type === 'string') {
      return { ...c, codes: Int32Array.from(order, (r) => c.codes[r] as number) }
    }
    const values = Float64Array.from(order, (r) => c.values[r] as number)
    const missing =
      c.missing == null
        ? null
        : Uint8Array.from(order, (r) => (c.missing as Uint8Array)[r] as number)
    return { ...c, values, missing }
  })
  return { source: t.source, rowCount: order.length, columns }
}

// --- internal ---

function columnFromCells(name: string, cells: string[]): Column {
  const present = cells.filter((c) => c !== '')
  const numeric =
    present.length > 0 && present.every((c) => c.trim() !== '' && Number.isFinite(Number(c)))
  if (!numeric)
    return stringColumn(
      name,
      cells.map((c) => (c === '' ? null : c)),
    )
  const values = cells.map((c) => (c === '' ? Number.NaN : Number(c)))
  return numberColumn(
    name,
    values,
    present.every((c) => Number.isInteger(Number(c))) ? 'integer' : 'number',
  )
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
