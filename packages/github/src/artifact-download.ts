import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadArtifactClient } from './artifact.ts'
import { zipEntries } from './_zip.ts'

type Env = Readonly<Record<string, string | undefined>>

/** One artifact of this workflow run and its files, or why they could not be read. */
export type DownloadedArtifact = {
  readonly name: string
  readonly id: number
  /** When it was uploaded; absent when the service did not say. */
  readonly createdAt?: Date
} & ({ readonly files: ReadonlyMap<string, Buffer> } | { readonly problem: string })

export type ArtifactDownload =
  | { readonly available: true; readonly artifacts: readonly DownloadedArtifact[] }
  | { readonly available: false; readonly reason: string }

/** Larger artifacts are not gate results (those are kilobytes) and are not downloaded. */
export const MAX_RESULT_ARTIFACT_BYTES = 64 * 1024 * 1024

/**
 * Downloads the artifacts of the current workflow run whose names `wanted` accepts, into
 * `<into>/<name>`, and reads their files. Lists through the same results service uploads go to
 * (ACTIONS_RUNTIME_TOKEN, no `actions: read` needed), keeping only the newest artifact of each
 * name: a re-run job uploads again under the same name. The zip is read here rather than by
 * `@actions/artifact`, whose unzipper prints a Node deprecation warning on every run
 * (actions/toolkit#2003). Without the service (it is given to JavaScript actions only) it says so
 * instead of throwing.
 */
export async function downloadRunArtifacts(
  wanted: (name: string) => boolean,
  into: string,
  env: Env = process.env,
): Promise<ArtifactDownload> {
  if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL']) {
    return {
      available: false,
      reason: 'no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL unset)',
    }
  }
  const { DefaultArtifactClient } = await loadArtifactClient()
  const client = new DefaultArtifactClient()
  const { artifacts } = await client.listArtifacts({ latest: true })
  const chosen = artifacts.filter((a) => wanted(a.name))
  const downloaded = await Promise.all(
    chosen.map(async (a): Promise<DownloadedArtifact> => {
      const head = { name: a.name, id: a.id, ...(a.createdAt ? { createdAt: a.createdAt } : {}) }
      if (a.size > MAX_RESULT_ARTIFACT_BYTES) {
        return { ...head, problem: `it is ${a.size} bytes, too large to be a gate result` }
      }
      // The name is safe as a folder: artifact names cannot hold path separators.
      const dir = join(into, a.name)
      await mkdir(dir, { recursive: true })
      const res = await client.downloadArtifact(a.id, {
        path: dir,
        skipDecompress: true,
        ...(a.digest ? { expectedHash: a.digest } : {}),
      })
      if (res.digestMismatch === true) {
        return {
          ...head,
          problem: 'the downloaded bytes differ from the digest recorded at upload',
        }
      }
      const [zip] = await readdir(dir)
      if (zip == null) return { ...head, problem: 'the download left no file' }
      try {
        return { ...head, files: zipEntries(await readFile(join(dir, zip)), `artifact ${a.name}`) }
      } catch (error) {
        return { ...head, problem: error instanceof Error ? error.message : String(error) }
      }
    }),
  )
  return { available: true, artifacts: downloaded }
}
