import { createQuotedField, fieldEnd, lineBreakAt, QUOTE, readQuoted } from './_csv-field.ts'
import { DataError } from './errors.ts'

export type CsvHeader = {
  readonly names: readonly string[]
  /** Index of the first byte after the header's line break. */
  readonly end: number
  /** Line number of the first line after the header. */
  readonly nextLine: number
}

const utf8 = new TextDecoder()

/** Reads and checks the header record at `start` (line `line`). `bytes` ends with a LF. */
export function readHeader(
  bytes: Uint8Array,
  start: number,
  delimiter: number,
  file: string,
  line: number,
): CsvHeader {
  const quoted = createQuotedField()
  const names: string[] = []
  let pos = start
  let nextLine = line
  for (;;) {
    if (bytes[pos] === QUOTE) {
      const after = readQuoted(bytes, pos, quoted)
      if (after < 0) {
        throw new DataError(
          `the quoted name of header field ${names.length + 1} is never closed; close it with "`,
          { file, line },
        )
      }
      names.push(utf8.decode(quoted.bytes.subarray(0, quoted.length)))
      nextLine += quoted.newlines
      pos = after
    } else {
      const end = fieldEnd(bytes, pos, delimiter)
      names.push(utf8.decode(bytes.subarray(pos, end)))
      pos = end
    }
    if (bytes[pos] === delimiter) {
      pos++
      continue
    }
    const lineBreak = lineBreakAt(bytes, pos)
    if (lineBreak === 0) {
      throw new DataError(
        `expected the delimiter or the end of the line after the quoted name of header field ${names.length}; write a quote inside a quoted name as ""`,
        { file, line },
      )
    }
    checkNames(names, file, line)
    return { names, end: pos + lineBreak, nextLine: nextLine + 1 }
  }
}

function checkNames(names: readonly string[], file: string, line: number): void {
  const first = new Map<string, number>()
  names.forEach((name, i) => {
    if (name === '') {
      throw new DataError(
        `header field ${i + 1} of ${names.length} has no name; give every column a name in the first line`,
        { file, line },
      )
    }
    const earlier = first.get(name)
    if (earlier !== undefined) {
      throw new DataError(
        `the header names "${name}" twice, in fields ${earlier + 1} and ${i + 1}; give every column its own name`,
        { file, line, column: name },
      )
    }
    first.set(name, i)
  })
}
