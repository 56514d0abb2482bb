import type { StoredDistribution } from './_ecdf-codec.ts'
import { decodeStored } from './_ecdf-codec.ts'
import {
  featureWhere,
  parseProfileJson,
  readProfileTextSync,
  rebuildHint,
} from './_profile-json.ts'
import type { ErrorDescription } from './_protocol.ts'
import { describeError } from './_protocol.ts'
import type { ReferenceDistribution } from './profile.ts'

/**
 * A profile file as a drift worker reads it whole (`readProfileFile`), for the main thread to
 * check (`checkStoredProfile`, then `withDecodedDistributions`) while it has spent the time
 * reading the current data instead.
 */
export type ProfileFileRead = {
  /** The file's JSON value, unchecked; the encoded streams of what was decoded are left out. */
  readonly json: unknown
  /** By feature: its distribution decoded, the error decoding gave, or null when none was tried. */
  readonly decoded: readonly DecodedFeature[]
}

export type DecodedFeature =
  { readonly distribution: ReferenceDistribution } | { readonly error: ErrorDescription } | null

/**
 * Reads a profile file's text and JSON (with the errors `readProfile` gives for them) and decodes
 * each numeric feature's distribution, before any other check: a feature whose fields are not
 * even of the right types is left undecoded, and a file that fails the checks later is refused
 * then, whatever its decoding gave.
 */
export function readProfileFile(file: string): ProfileFileRead {
  const json = parseProfileJson(readProfileTextSync(file), file)
  const features = isRecord(json) && Array.isArray(json['features']) ? json['features'] : []
  return { json, decoded: features.map((f: unknown) => decodeFeature(f, file)) }
}

// --- internal ---

function decodeFeature(feature: unknown, file: string): DecodedFeature {
  if (!isRecord(feature) || feature['kind'] !== 'numeric') return null
  const { name, distribution: d } = feature
  if (typeof name !== 'string' || !isRecord(d)) return null
  const { distinct, scale, values, counts } = d
  if (typeof distinct !== 'number' || typeof values !== 'string' || typeof counts !== 'string')
    return null
  if (scale != null && typeof scale !== 'number') return null
  const stored: StoredDistribution = {
    encoded: { distinct, scale: scale ?? null, values, counts },
    where: featureWhere(file, name),
    rebuild: rebuildHint(file),
  }
  // The streams are most of the file: they do not go back to the main thread.
  d['values'] = ''
  d['counts'] = ''
  try {
    return { distribution: decodeStored(stored) }
  } catch (error) {
    return { error: describeError(error) }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}
