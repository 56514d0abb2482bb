import type { ProfileFileRead } from './_profile-load.ts'
import { reviveError } from './_protocol.ts'
import type { DecodeTask } from './_task.ts'
import type { DriftWorkers } from './_workers.ts'
import type { DriftProfile, ReferenceDistribution } from './profile.ts'
import type { StoredProfile } from './profile-file.ts'
import { withDistributions } from './profile-file.ts'

/**
 * A stored profile's distributions, decoded by the workers (most of the work of reading a
 * profile); `meanwhile` runs on the main thread while they decode, on a core of its own.
 * `planned`: see `RunOptions`.
 */
export async function decodeProfile(
  stored: StoredProfile,
  workers: DriftWorkers,
  meanwhile?: () => void,
  planned = 0,
): Promise<DriftProfile> {
  const at: number[] = []
  const tasks: DecodeTask[] = []
  stored.features.forEach((f, i) => {
    if (f.kind !== 'numeric') return
    at.push(i)
    tasks.push({ kind: 'decode', encoded: f.encoded, where: f.where, rebuild: f.rebuild })
  })
  // While the main thread reads the current data (`meanwhile`), one worker decodes and the read
  // keeps a core of its own: with a worker per core the read took no core from them, so it went
  // on two threads of its own, and a cached `mlgate run` of the reference workload peaked at
  // 914–964 MiB against 761–843 MiB this way, in no less time (5 alternating pairs).
  const decoded = await workers.run(tasks, {
    handOver: true,
    meanwhile,
    planned,
    spareCore: meanwhile !== undefined,
  })
  const byFeature: (ReferenceDistribution | undefined)[] = []
  decoded.forEach((d, k) => (byFeature[at[k]!] = d))
  return withDistributions(stored, byFeature)
}

/**
 * A profile read by a worker (`readProfileFile`) and checked since (`stored`, from its JSON), with
 * the distributions the worker decoded; the first numeric feature's decoding error is thrown, as
 * `decodeProfile` throws it.
 */
export function withDecodedDistributions(
  stored: StoredProfile,
  read: ProfileFileRead,
): DriftProfile {
  const decoded = stored.features.map((f, i) => {
    if (f.kind !== 'numeric') return undefined
    const d = read.decoded[i]
    // The worker decodes every feature whose fields have the types the checks ask for.
    if (d == null) throw new Error(`withDecodedDistributions: ${f.where} was not decoded`)
    if ('error' in d) throw reviveError(d.error)
    return d.distribution
  })
  return withDistributions(stored, decoded)
}
