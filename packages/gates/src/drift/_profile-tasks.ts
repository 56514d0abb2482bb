import type { DistinctValues } from '@mlgate/stats'
import type { EncodedDistribution } from './_ecdf-codec.ts'
import type { DecodeTask, EncodeTask } from './_task.ts'
import type { DriftWorkers } from './_workers.ts'
import type { DriftProfile } from './profile.ts'
import type { StoredProfile } from './profile-file.ts'
import { withDistributions, writeProfile } from './profile-file.ts'

/**
 * A stored profile's distributions, decoded by the workers (most of the work of reading a
 * profile); `meanwhile` runs on the main thread while they decode.
 */
export async function decodeProfile(
  stored: StoredProfile,
  workers: DriftWorkers,
  meanwhile?: () => void,
): Promise<DriftProfile> {
  const at: number[] = []
  const tasks: DecodeTask[] = []
  stored.features.forEach((f, i) => {
    if (f.kind !== 'numeric') return
    at.push(i)
    tasks.push({ kind: 'decode', encoded: f.encoded, where: f.where, rebuild: f.rebuild })
  })
  const decoded = await workers.run(tasks, { handOver: true, meanwhile })
  const byFeature: (DistinctValues | undefined)[] = []
  decoded.forEach((d, k) => (byFeature[at[k]!] = d))
  return withDistributions(stored, byFeature)
}

/** Writes the profile, its distributions encoded by the workers. */
export async function storeProfile(
  path: string,
  profile: DriftProfile,
  workers: DriftWorkers,
): Promise<number> {
  const at: number[] = []
  const tasks: EncodeTask[] = []
  profile.features.forEach((f, i) => {
    if (f.kind !== 'numeric') return
    at.push(i)
    tasks.push({ kind: 'encode', distribution: f.distribution })
  })
  const encoded: (EncodedDistribution | undefined)[] = []
  ;(await workers.run(tasks)).forEach((e, k) => (encoded[at[k]!] = e))
  return writeProfile(path, profile, encoded)
}
