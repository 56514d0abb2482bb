import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DefaultArtifactClient } from '@actions/artifact'

type Env = Readonly<Record<string, string | undefined>>

export type ArtifactUpload =
  | { readonly uploaded: true; readonly name: string; readonly id?: number; readonly size?: number }
  | { readonly uploaded: false; readonly reason: string }

/**
 * The artifact client, loaded on first use: it and the Azure storage SDK under it are most of an
 * action's bundle, and a step needs them only once its gate has run (a separate chunk in dist/).
 */
export function loadArtifactClient(): Promise<{
  DefaultArtifactClient: typeof DefaultArtifactClient
}> {
  return import('@actions/artifact')
}

/** Uploads one file as a workflow artifact; see `uploadFilesArtifact`. */
export async function uploadFileArtifact(
  name: string,
  fileName: string,
  content: string,
  env: Env = process.env,
): Promise<ArtifactUpload> {
  return uploadFilesArtifact(name, [{ name: fileName, content }], env)
}

/** A file to put into an artifact: its name inside the artifact and its text. */
export type ArtifactFile = { readonly name: string; readonly content: string }

/**
 * Uploads several files as one workflow artifact (one zip, the files at its top level), or skips
 * when the step has no artifact service: the runner gives ACTIONS_RUNTIME_TOKEN and
 * ACTIONS_RESULTS_URL to JavaScript actions only, and `@actions/artifact` throws without them.
 */
export async function uploadFilesArtifact(
  name: string,
  files: readonly ArtifactFile[],
  env: Env = process.env,
): Promise<ArtifactUpload> {
  if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL']) {
    return {
      uploaded: false,
      reason: 'no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL unset)',
    }
  }
  const names = files.map((f) => f.name)
  const clash = names.find((n, i) => names.indexOf(n) !== i || /[\\/]/.test(n) || n === '')
  if (clash !== undefined) {
    throw new Error(
      `Artifact ${name}: file name ${JSON.stringify(clash)} is repeated or not a plain name.`,
    )
  }
  const dir = mkdtempSync(join(env['RUNNER_TEMP'] || tmpdir(), 'mlgate-artifact-'))
  try {
    const paths = files.map((f) => {
      const path = join(dir, f.name)
      writeFileSync(path, f.content)
      return path
    })
    const { DefaultArtifactClient } = await loadArtifactClient()
    const res = await new DefaultArtifactClient().uploadArtifact(name, paths, dir)
    return {
      uploaded: true,
      name,
      ...(res.id === undefined ? {} : { id: res.id }),
      ...(res.size === undefined ? {} : { size: res.size }),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
