import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'

type Env = Readonly<Record<string, string | undefined>>

export type ArtifactUpload =
  | { readonly uploaded: true; readonly name: string; readonly id?: number; readonly size?: number }
  | { readonly uploaded: false; readonly reason: string }

/**
 * Uploads one file as a workflow artifact, or skips when the step has no artifact service: the
 * runner gives ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL to JavaScript actions only, and
 * `@actions/artifact` throws without them.
 */
export async function uploadFileArtifact(
  name: string,
  fileName: string,
  content: string,
  env: Env = process.env,
): Promise<ArtifactUpload> {
  if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL']) {
    return {
      uploaded: false,
      reason: 'no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL unset)',
    }
  }
  const dir = mkdtempSync(join(env['RUNNER_TEMP'] || tmpdir(), 'mlgate-artifact-'))
  try {
    const file = join(dir, fileName)
    writeFileSync(file, content)
    const res = await new DefaultArtifactClient().uploadArtifact(name, [file], dir)
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
