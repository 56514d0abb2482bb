import { createHash } from 'node:crypto'
import { open, stat, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import * as z from 'zod'
import { fileError } from '@mlgate/data'
import { ConfigError } from '../errors.ts'
import type { EncodedDistribution, StoredDistribution } from './_ecdf-codec.ts'
import { featureWhere, parseProfileJson, readProfileText, rebuildHint } from './_profile-json.ts'
import { DISTRIBUTION_ENCODING, decodeStored, encodeDistribution } from './_ecdf-codec.ts'
import type {
  CategoricalProfile,
  DriftProfile,
  FeatureProfile,
  FileStamp,
  NumericProfile,
  ReferenceDistribution,
} from './profile.ts'
import { PROFILE_FORMAT, PROFILE_VERSION, distinctForm } from './profile.ts'

/**
 * The profile as JSON text: small numbers as numbers, the exact distributions deflated.
 * `encoded` holds distributions already encoded (by `encodeDistribution`, on worker threads),
 * aligned with `profile.features`; the others are encoded here.
 */
export function serializeProfile(
  profile: DriftProfile,
  encoded: readonly (EncodedDistribution | undefined)[] = [],
): string {
  const features = profile.features.map((f, i) =>
    f.kind === 'numeric'
      ? {
          name: f.name,
          role: f.role,
          kind: f.kind,
          rows: f.rows,
          missing: f.missing,
          edges: [...f.edges],
          counts: [...f.counts],
          summary: f.summary,
          distribution: {
            encoding: DISTRIBUTION_ENCODING,
            ...(encoded[i] ?? encodeDistribution(distinctForm(f.distribution))),
          },
        }
      : {
          name: f.name,
          role: f.role,
          kind: f.kind,
          rows: f.rows,
          missing: f.missing,
          categories: f.categories.names,
          counts: [...f.categories.counts],
        },
  )
  const json = {
    format: profile.format,
    version: profile.version,
    reference: profile.reference,
    columns: profile.columns,
    ...(profile.model ? { model: profile.model } : {}),
    features,
  }
  return `${JSON.stringify(json)}\n`
}

/**
 * Reads a profile and refuses anything this version cannot use: not JSON, another format, another
 * format version, or fields that do not add up. Messages name the file and say how to rebuild.
 */
export function parseProfile(text: string, file: string): DriftProfile {
  const stored = parseStoredProfile(text, file)
  return withDistributions(
    stored,
    stored.features.map((f) => (f.kind === 'numeric' ? decodeStored(f) : undefined)),
  )
}

/** A numeric feature as stored: all but its exact distribution, which is still encoded. */
export type StoredNumeric = Omit<NumericProfile, 'distribution'> & StoredDistribution

/**
 * A profile as read, before its exact distributions are decoded (most of the work of reading
 * one): enough to tell whether it fits a run. `parseProfile` is `parseStoredProfile` then
 * `withDistributions` of every `decodeStored`.
 */
export type StoredProfile = Omit<DriftProfile, 'features'> & {
  readonly features: readonly (StoredNumeric | CategoricalProfile)[]
}

/** `parseProfile`'s checks, without decoding the distributions. */
export function parseStoredProfile(text: string, file: string): StoredProfile {
  return checkStoredProfile(parseProfileJson(text, file), file)
}

/**
 * `parseStoredProfile` on the file's JSON value: every check after the text's, in the same order.
 * The distributions' encoded fields are checked as fields; decoding them checks their contents.
 */
export function checkStoredProfile(raw: unknown, file: string): StoredProfile {
  const rebuild = rebuildHint(file)
  const head = typeof raw === 'object' && raw != null ? (raw as Record<string, unknown>) : {}
  if (head['format'] !== PROFILE_FORMAT) {
    const found = 'format' in head ? JSON.stringify(head['format']) : 'no format field'
    throw new ConfigError(
      `${file} is not an mlgate drift profile: expected "format": "${PROFILE_FORMAT}", found ${found}.`,
    )
  }
  if (head['version'] !== PROFILE_VERSION) {
    throw new ConfigError(
      `${file} is a drift profile of format version ${JSON.stringify(head['version'] ?? null)}, but this mlgate reads version ${PROFILE_VERSION}. ${rebuild}`,
    )
  }
  const parsed = profileJson.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigError(
      `${file} is a damaged drift profile: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}. ${rebuild}`,
    )
  }
  const p = parsed.data
  const features: (StoredNumeric | CategoricalProfile)[] = p.features.map((f) => {
    const where = featureWhere(file, f.name)
    if (f.kind === 'categorical') {
      if (f.counts.length !== f.categories.length) {
        throw new ConfigError(
          `${where}: ${f.categories.length} categories but ${f.counts.length} counts. ${rebuild}`,
        )
      }
      return {
        kind: 'categorical',
        name: f.name,
        role: f.role,
        rows: f.rows,
        missing: f.missing,
        categories: {
          names: f.categories,
          counts: Float64Array.from(f.counts),
          missing: f.missing,
        },
      }
    }
    if (f.counts.length !== f.edges.length + 2) {
      throw new ConfigError(
        `${where}: ${f.edges.length} edges need ${f.edges.length + 2} bin counts, found ${f.counts.length}. ${rebuild}`,
      )
    }
    const { encoding: _, ...encoded } = f.distribution
    return {
      kind: 'numeric',
      name: f.name,
      role: f.role,
      rows: f.rows,
      missing: f.missing,
      edges: Float64Array.from(f.edges),
      counts: Float64Array.from(f.counts),
      summary: f.summary,
      encoded,
      where,
      rebuild,
    }
  })
  return {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    reference: p.reference,
    columns: p.columns,
    features,
    ...(p.model ? { model: p.model } : {}),
  }
}

/** The profile with each numeric feature's decoded distribution (`decoded`, by feature). */
export function withDistributions(
  stored: StoredProfile,
  decoded: readonly (ReferenceDistribution | undefined)[],
): DriftProfile {
  const features = stored.features.map((f, i): FeatureProfile => {
    if (f.kind === 'categorical') return f
    const { encoded: _, where: __, rebuild: ___, ...rest } = f
    const distribution = decoded[i]
    if (distribution === undefined) throw new Error(`withDistributions: ${f.where} not decoded`)
    return { ...rest, distribution }
  })
  return { ...stored, features }
}

export async function readProfile(file: string): Promise<DriftProfile> {
  return parseProfile(await readProfileText(file), file)
}

/** `readProfile` without decoding the distributions (see `StoredProfile`). */
export async function readStoredProfile(file: string): Promise<StoredProfile> {
  return parseStoredProfile(await readProfileText(file), file)
}

export async function writeProfile(
  file: string,
  profile: DriftProfile,
  encoded: readonly (EncodedDistribution | undefined)[] = [],
): Promise<number> {
  const text = serializeProfile(profile, encoded)
  try {
    await writeFile(file, text)
  } catch (error) {
    throw new ConfigError(
      `Cannot write the drift profile ${file}: ${(error as Error).message}. Give a file path in a folder that exists and can be written.`,
      { cause: error },
    )
  }
  return Buffer.byteLength(text)
}

/** SHA-256 of a file's bytes, lower-case hex: what a profile (and its cache key) is tied to. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw fileError(file, error)
  })
  try {
    // Two large buffers in turn: the next read runs on the I/O pool while this one is hashed,
    // and a busy main thread (another gate reading a file) is visited a few dozen times, not
    // thousands (64 KiB stream chunks cost 2–3 s of waiting on the reference workload).
    const buffers = [Buffer.allocUnsafe(HASH_BLOCK), Buffer.allocUnsafe(HASH_BLOCK)] as const
    let turn = 0
    let reading = handle.read(buffers[0], 0, HASH_BLOCK, null)
    for (;;) {
      const { bytesRead } = await reading
      if (bytesRead === 0) break
      const full = buffers[turn]!
      turn = 1 - turn
      reading = handle.read(buffers[turn]!, 0, HASH_BLOCK, null)
      hash.update(full.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}

/** A reference file's hash, and its stamp when the file stayed the same while it was hashed. */
export type HashedReference = { readonly sha256: string; readonly stamp?: FileStamp }

/**
 * The SHA-256 of a reference file, trusting `recorded` (a stored profile's reference) instead of
 * reading the file when it names the same path (once resolved from the working directory: a
 * relative path from another directory names another file) and recorded the same size and
 * modification time (rsync's quick check): hashing 216 MB costs about 0.15–0.5 s a run. A
 * profile without a stamp (written by an older mlgate), or any difference, means the file is
 * hashed.
 */
export async function referenceSha256(
  file: string,
  recorded?: DriftProfile['reference'],
): Promise<HashedReference & { readonly trusted: boolean }> {
  const before = await fileStamp(file)
  if (
    recorded?.size !== undefined &&
    recorded.mtimeMs !== undefined &&
    resolve(recorded.file) === resolve(file) &&
    recorded.size === before.size &&
    recorded.mtimeMs === before.mtimeMs
  ) {
    return { sha256: recorded.sha256, stamp: before, trusted: true }
  }
  const sha256 = await fileSha256(file)
  // A file written to while it was read gets no stamp: the next run hashes it again.
  const after = await fileStamp(file)
  const same = after.size === before.size && after.mtimeMs === before.mtimeMs
  return { sha256, ...(same ? { stamp: before } : {}), trusted: false }
}

// --- internal ---

/** Bytes per read when hashing. */
const HASH_BLOCK = 4 * 1024 * 1024

/** The file's size and modification time; a missing or unreadable file is the readers' DataError. */
async function fileStamp(file: string): Promise<FileStamp> {
  try {
    const { size, mtimeMs } = await stat(file)
    return { size, mtimeMs }
  } catch (error) {
    throw fileError(file, error)
  }
}

const count = z.number().int().min(0)
const summary = z
  .object({
    count,
    mean: z.number(),
    std: z.number(),
    min: z.number(),
    q25: z.number(),
    median: z.number(),
    q75: z.number(),
    max: z.number(),
  })
  .nullable()
const common = {
  name: z.string(),
  role: z.enum(['feature', 'label', 'prediction']),
  rows: count,
  missing: count,
}
const profileJson = z.object({
  format: z.literal(PROFILE_FORMAT),
  version: z.literal(PROFILE_VERSION),
  reference: z.object({
    file: z.string(),
    sha256: z.string(),
    rows: count,
    size: count.optional(),
    mtimeMs: z.number().optional(),
  }),
  columns: z.array(z.string()),
  model: z.object({ file: z.string(), sha256: z.string(), score: z.string() }).optional(),
  features: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        ...common,
        kind: z.literal('numeric'),
        edges: z.array(z.number()),
        counts: z.array(count),
        summary,
        distribution: z.object({
          encoding: z.literal(DISTRIBUTION_ENCODING),
          distinct: count,
          scale: z.number().int().min(0).nullable(),
          values: z.string(),
          counts: z.string(),
        }),
      }),
      z.object({
        ...common,
        kind: z.literal('categorical'),
        categories: z.array(z.string()),
        counts: z.array(count),
      }),
    ]),
  ),
})
