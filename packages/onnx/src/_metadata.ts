import { ModelError } from './errors.ts'
import type { ModelProto, StringStringEntryProto } from './proto.ts'

/**
 * Model metadata key under which a model made by this package names the table columns of its
 * [N, F] input, in order, as a JSON array of strings. ONNX has no standard place for feature
 * names; `metadata_props` is the free-form map onnx.proto provides.
 */
export const COLUMNS_KEY = 'mlgate.columns'

export function columnsEntry(columns: readonly string[]): StringStringEntryProto {
  return { key: COLUMNS_KEY, value: JSON.stringify(columns), unknown: [] }
}

/** The declared feature columns, or null when the model declares none. */
export function declaredColumns(model: ModelProto): string[] | null {
  const entry = model.metadataProps.find((e) => e.key === COLUMNS_KEY)
  if (entry == null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(entry.value ?? '')
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'string')) {
    throw new ModelError(
      `has metadata "${COLUMNS_KEY}" = ${JSON.stringify(entry.value)}, which is not a JSON array of column names`,
    )
  }
  return parsed as string[]
}
