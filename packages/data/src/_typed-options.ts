import { convertColumn } from './_convert-column.ts'
import { markMissing, missingTexts } from './_missing-texts.ts'
import { forcedType } from './_select-columns.ts'
import type { ReadOptions } from './read-options.ts'
import type { Column } from './table.ts'

/**
 * The missing and types options applied to columns whose cells arrive typed (both Parquet
 * readers): cells the missing option names are marked missing, then a forced type converts the
 * column. A column forced to 'string' is left as it is; the reader has read it as text.
 */
export function withReadOptions(
  columns: readonly Column[],
  options: ReadOptions | undefined,
  path: string,
): Column[] {
  const missing = missingTexts(options?.missing)
  return columns.map((built) => {
    const marked = missing == null ? built : markMissing(built, missing)
    const type = forcedType(options, built.name)
    return type === undefined || type === 'string'
      ? marked
      : convertColumn(marked, type, { file: path })
  })
}
