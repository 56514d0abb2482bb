/** Where in the input a problem sits. `line` is 1-based in the file; `row` is 0-based in the table. */
export type DataPlace = {
  readonly file: string
  readonly line?: number
  readonly row?: number
  readonly column?: string
}

/**
 * Thrown when input data cannot be read as a table: a missing or malformed file, a ragged row, a
 * cell that does not fit its column type, an unknown column. The message starts with the place
 * (file, line, column) and ends with what to change; the same place is kept in fields so callers
 * can point a finding at it.
 */
export class DataError extends Error {
  override name = 'DataError'
  readonly file: string
  readonly line?: number
  readonly row?: number
  readonly column?: string

  constructor(message: string, place: DataPlace, options?: { cause?: unknown }) {
    super(`${formatPlace(place)}: ${message}`, options)
    this.file = place.file
    if (place.line !== undefined) this.line = place.line
    if (place.row !== undefined) this.row = place.row
    if (place.column !== undefined) this.column = place.column
  }
}

function formatPlace(place: DataPlace): string {
  let text = place.file
  if (place.line !== undefined) text += `, line ${place.line}`
  else if (place.row !== undefined) text += `, row ${place.row + 1}`
  if (place.column !== undefined) text += `, column "${place.column}"`
  return text
}
