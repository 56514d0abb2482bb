import { DataError } from './errors.ts'
import { listNames } from './_names.ts'
import type { ReadOptions } from './read-options.ts'
import type { ColumnType } from './table.ts'

const COLUMN_TYPES: readonly string[] = ['number', 'integer', 'boolean', 'string']

/**
 * Which of the file's columns to read, in output order (indices into `names`), after checking
 * that `columns` and `types` only name columns the file has and `types` only known types.
 */
export function selectColumns(
  names: readonly string[],
  options: ReadOptions | undefined,
  file: string,
): number[] {
  const index = new Map<string, number>()
  names.forEach((name, i) => index.set(name, i))
  for (const [name, type] of Object.entries(options?.types ?? {})) {
    if (!index.has(name)) {
      throw new DataError(
        `the types option names column "${name}", which the file does not have; its columns are ${listNames(names)}`,
        { file, column: name },
      )
    }
    if (!COLUMN_TYPES.includes(type)) {
      throw new DataError(
        `the types option gives column "${name}" the type "${String(type)}"; use one of ${listNames(COLUMN_TYPES)}`,
        { file, column: name },
      )
    }
  }
  const wanted = options?.columns
  if (wanted === undefined) return names.map((_, i) => i)
  const absent = wanted.filter((name) => !index.has(name))
  if (absent.length > 0) {
    throw new DataError(
      `the columns option asks for ${listNames(absent)}, which the file does not have; its columns are ${listNames(names)}`,
      { file, column: absent[0] as string },
    )
  }
  const seen = new Set<string>()
  for (const name of wanted) {
    if (seen.has(name)) {
      throw new DataError(`the columns option lists "${name}" twice; list each column once`, {
        file,
        column: name,
      })
    }
    seen.add(name)
  }
  return wanted.map((name) => index.get(name) as number)
}

/** The override for a column, if the types option gives one. */
export function forcedType(options: ReadOptions | undefined, name: string): ColumnType | undefined {
  const types = options?.types
  return types !== undefined && Object.hasOwn(types, name) ? types[name] : undefined
}
