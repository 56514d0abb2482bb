import type { GateResult } from '@mlgate/gates'
import { renderHtml, renderJson } from '@mlgate/report'
import type { ArtifactUpload } from './artifact.ts'
import { uploadFilesArtifact } from './artifact.ts'
import { REPORT_KEY } from './download-results.ts'
import type { Runner } from './runner.ts'

type Env = Readonly<Record<string, string | undefined>>

/**
 * Uploads the combined report as the `mlgate-report` artifact: `report.json` (every result, the
 * format the report action reads) and `report.html` (the same results as one self-contained page).
 * The artifact is a copy of what the comment and summary show, so a failed upload is a warning,
 * not a failed step; without the artifact service it is skipped with a debug line.
 */
export async function uploadReportArtifact(
  runner: Runner,
  results: readonly GateResult[],
  env: Env = process.env,
): Promise<ArtifactUpload | undefined> {
  const name = `mlgate-${REPORT_KEY}`
  const files = [
    { name: `${REPORT_KEY}.json`, content: renderJson(results) },
    { name: `${REPORT_KEY}.html`, content: renderHtml(results) },
  ]
  try {
    const upload = await uploadFilesArtifact(name, files, env)
    if (upload.uploaded) {
      runner.info(
        `Artifact ${name} uploaded (id ${upload.id ?? 'unknown'}): ${files.map((f) => f.name).join(', ')}.`,
      )
    } else {
      runner.debug(`Artifact ${name} not uploaded: ${upload.reason}.`)
    }
    return upload
  } catch (error) {
    runner.warn(
      `Could not upload the ${name} artifact: ${error instanceof Error ? error.message : String(error)}`,
    )
    return undefined
  }
}
